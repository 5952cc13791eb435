CREATE OR REPLACE TABLE `carttrend_clean.mart_Support__trellis_staged` AS -- Customer support workload and quality, per support employee, complaint type
-- and month of the order: reviews, complaints, response times, ratings.
SELECT
    s.employe_support,
    s.type_plainte,
    DATE_TRUNC(c.date_commande, MONTH) AS mois,
    COUNT(*) AS nb_avis,
    SUM(CASE WHEN s.plainte THEN 1 ELSE 0 END) AS nb_plaintes,
    SAFE_DIVIDE(SUM(CASE WHEN s.plainte THEN 1 ELSE 0 END), COUNT(s.plainte)) AS taux_plainte,
    ROUND(AVG(s.delai_traitement), 2) AS delai_traitement_moyen,
    MAX(s.delai_traitement) AS delai_traitement_max,
    ROUND(AVG(s.note_client), 2) AS note_moyenne
FROM `carttrend_clean.Satisfaction` AS s
LEFT JOIN `carttrend_clean.Commandes` AS c ON c.id_commande = s.id_commande
GROUP BY 1, 2, 3
;

SELECT COUNTIF(`nb_avis` IS NOT NULL AND (`nb_avis` < 1)) AS c0, COUNTIF(`taux_plainte` IS NOT NULL AND (`taux_plainte` < 0 OR `taux_plainte` > 1)) AS c1, COUNTIF(`note_moyenne` IS NOT NULL AND (`note_moyenne` < 1 OR `note_moyenne` > 5)) AS c2 FROM `carttrend_clean.mart_Support__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Support__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Support__trellis_staged -> carttrend_clean.mart_Support (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Support__trellis_staged`
;
