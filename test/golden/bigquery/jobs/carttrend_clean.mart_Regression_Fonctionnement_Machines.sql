CREATE OR REPLACE TABLE `carttrend_clean.mart_Regression_Fonctionnement_Machines__trellis_staged` AS -- Features and target for the uptime regression (one XGBoost model per machine
-- type): month, warehouse location and temperature, volume processed, and
-- uptime = 1 - downtime / hours in the month.
SELECT
    EXTRACT(MONTH FROM m.date) AS month,
    e.localisation,
    e.temperature,
    m.volume_traite,
    m.type_machine,
    1 - m.temps_d_arret / (24 * EXTRACT(DAY FROM LAST_DAY(m.date))) AS pourcentage_uptime
FROM `carttrend_clean.Entrepots_Machines` AS m
JOIN `carttrend_clean.Entrepots` AS e ON e.id_entrepot = m.id_entrepot
-- The regressor takes no missing values: rows lacking a feature or the target are left out.
WHERE m.date IS NOT NULL
    AND m.temps_d_arret IS NOT NULL
    AND m.volume_traite IS NOT NULL
    AND e.localisation IS NOT NULL
    AND e.temperature IS NOT NULL
;

SELECT COUNTIF(`month` IS NULL) AS c0, COUNTIF(`month` IS NOT NULL AND (`month` < 1 OR `month` > 12)) AS c1, COUNTIF(`localisation` IS NULL) AS c2, COUNTIF(`temperature` IS NULL) AS c3, COUNTIF(`volume_traite` IS NULL) AS c4, COUNTIF(`type_machine` IS NULL) AS c5, COUNTIF(`pourcentage_uptime` IS NULL) AS c6, COUNTIF(`pourcentage_uptime` IS NOT NULL AND (`pourcentage_uptime` < 0 OR `pourcentage_uptime` > 1)) AS c7 FROM `carttrend_clean.mart_Regression_Fonctionnement_Machines__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Regression_Fonctionnement_Machines__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Regression_Fonctionnement_Machines__trellis_staged -> carttrend_clean.mart_Regression_Fonctionnement_Machines (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Regression_Fonctionnement_Machines__trellis_staged`
;
