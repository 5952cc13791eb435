CREATE OR REPLACE TABLE `carttrend_clean.mart_Metriques_Entrepots__trellis_staged` AS {{ test/golden/bigquery/mart_Metriques_Entrepots.sql }}
;

SELECT COUNTIF(`id_entrepot` IS NULL) AS c0, (count(`id_entrepot`) - count(DISTINCT `id_entrepot`)) AS c1, COUNTIF(`taux_annulation` IS NOT NULL AND (`taux_annulation` < 0 OR `taux_annulation` > 1)) AS c2, COUNTIF(`uptime_moyen` IS NOT NULL AND (`uptime_moyen` < 0 OR `uptime_moyen` > 1)) AS c3 FROM `carttrend_clean.mart_Metriques_Entrepots__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Metriques_Entrepots__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Metriques_Entrepots__trellis_staged -> carttrend_clean.mart_Metriques_Entrepots (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Metriques_Entrepots__trellis_staged`
;
