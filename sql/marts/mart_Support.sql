-- Customer support workload and quality, per support employee, complaint type
-- and month of the order: reviews, complaints, response times, ratings.
SELECT
    s.employe_support,
    s.type_plainte,
    {{ month_start('c.date_commande') }} AS mois,
    COUNT(*) AS nb_avis,
    SUM(CASE WHEN s.plainte THEN 1 ELSE 0 END) AS nb_plaintes,
    {{ safe_divide('SUM(CASE WHEN s.plainte THEN 1 ELSE 0 END)', 'COUNT(s.plainte)') }} AS taux_plainte,
    ROUND(AVG(s.delai_traitement), 2) AS delai_traitement_moyen,
    MAX(s.delai_traitement) AS delai_traitement_max,
    ROUND(AVG(s.note_client), 2) AS note_moyenne
FROM {{ ref('Satisfaction') }} AS s
LEFT JOIN {{ ref('Commandes') }} AS c ON c.id_commande = s.id_commande
GROUP BY 1, 2, 3
