CREATE OR REPLACE TABLE `carttrend_clean.mart_Prevision_Series_Temporelles_CA__trellis_staged` AS -- Daily revenue for the forecast (Prophet's `ds`, `y`): one row per calendar
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
;

SELECT (CASE WHEN count(*) < 1 THEN 1 ELSE 0 END) AS c0, COUNTIF(`ds` IS NULL) AS c1, (count(`ds`) - count(DISTINCT `ds`)) AS c2, COUNTIF(`y` IS NULL) AS c3, COUNTIF(`y` IS NOT NULL AND (`y` < 0)) AS c4 FROM `carttrend_clean.mart_Prevision_Series_Temporelles_CA__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Prevision_Series_Temporelles_CA__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Prevision_Series_Temporelles_CA__trellis_staged -> carttrend_clean.mart_Prevision_Series_Temporelles_CA (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Prevision_Series_Temporelles_CA__trellis_staged`
;
