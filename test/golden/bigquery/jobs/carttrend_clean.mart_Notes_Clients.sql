CREATE OR REPLACE TABLE `carttrend_clean.mart_Notes_Clients__trellis_staged` AS {{ test/golden/bigquery/mart_Notes_Clients.sql }}
;

SELECT COUNTIF(`id_produit` IS NULL) AS c0, COUNTIF(`avg_note_client` IS NOT NULL AND (`avg_note_client` < 1 OR `avg_note_client` > 5)) AS c1 FROM `carttrend_clean.mart_Notes_Clients__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Notes_Clients__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Notes_Clients__trellis_staged -> carttrend_clean.mart_Notes_Clients (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Notes_Clients__trellis_staged`
;
