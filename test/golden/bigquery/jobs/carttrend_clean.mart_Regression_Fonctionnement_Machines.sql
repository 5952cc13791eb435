CREATE OR REPLACE TABLE `carttrend_clean.mart_Regression_Fonctionnement_Machines__trellis_staged` AS {{ test/golden/bigquery/mart_Regression_Fonctionnement_Machines.sql }}
;

SELECT COUNTIF(`month` IS NULL) AS c0, COUNTIF(`month` IS NOT NULL AND (`month` < 1 OR `month` > 12)) AS c1, COUNTIF(`localisation` IS NULL) AS c2, COUNTIF(`temperature` IS NULL) AS c3, COUNTIF(`volume_traite` IS NULL) AS c4, COUNTIF(`type_machine` IS NULL) AS c5, COUNTIF(`pourcentage_uptime` IS NULL) AS c6, COUNTIF(`pourcentage_uptime` IS NOT NULL AND (`pourcentage_uptime` < 0 OR `pourcentage_uptime` > 1)) AS c7 FROM `carttrend_clean.mart_Regression_Fonctionnement_Machines__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Regression_Fonctionnement_Machines__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Regression_Fonctionnement_Machines__trellis_staged -> carttrend_clean.mart_Regression_Fonctionnement_Machines (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Regression_Fonctionnement_Machines__trellis_staged`
;
