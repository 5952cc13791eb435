-- Daily revenue for the forecast (Prophet's `ds`, `y`): one row per calendar
-- day from the first to the last order, 0 on days without sales.
WITH bornes AS (
    SELECT MIN(date_commande) AS premier_jour, MAX(date_commande) AS dernier_jour
    FROM `carttrend_clean.mart_Commandes`
),

calendrier AS (
    SELECT cal.jour
    FROM (SELECT jour FROM UNNEST(GENERATE_DATE_ARRAY(CAST((SELECT premier_jour FROM bornes) AS DATE), CAST((SELECT dernier_jour FROM bornes) AS DATE))) AS jour) AS cal
),

ventes AS (
    -- Sales are the lines of orders with a known status other than cancelled.
    -- Lines of more than 100 units are entry errors (Details_commandes warns on
    -- them): one such line outweighs weeks of real sales and would teach the
    -- forecast a spike that never happened.
    SELECT date_commande AS jour, SUM(prix_apres_remise) AS chiffre_affaires
    FROM `carttrend_clean.mart_Commandes`
    WHERE statut_commande IS NOT NULL AND statut_commande <> 'Annulée' AND date_commande IS NOT NULL
      AND quantite <= 100
    GROUP BY date_commande
)

SELECT
    c.jour AS ds,
    ROUND(COALESCE(v.chiffre_affaires, 0), 2) AS y
FROM calendrier AS c
LEFT JOIN ventes AS v ON v.jour = c.jour
ORDER BY ds
