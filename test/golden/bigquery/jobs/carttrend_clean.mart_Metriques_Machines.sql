CREATE OR REPLACE TABLE `carttrend_clean.mart_Metriques_Machines__trellis_staged` AS {{ test/golden/bigquery/mart_Metriques_Machines.sql }}
;

SELECT COUNTIF(`id_machine` IS NULL) AS c0, (count(`id_machine`) - count(DISTINCT `id_machine`)) AS c1, COUNTIF(`uptime_moyen` IS NOT NULL AND (`uptime_moyen` < 0 OR `uptime_moyen` > 1)) AS c2 FROM `carttrend_clean.mart_Metriques_Machines__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Metriques_Machines__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Metriques_Machines__trellis_staged -> carttrend_clean.mart_Metriques_Machines (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Metriques_Machines__trellis_staged`
;
