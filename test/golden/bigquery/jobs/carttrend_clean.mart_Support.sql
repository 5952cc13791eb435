CREATE OR REPLACE TABLE `carttrend_clean.mart_Support__trellis_staged` AS {{ test/golden/bigquery/mart_Support.sql }}
;

SELECT COUNTIF(`nb_avis` IS NOT NULL AND (`nb_avis` < 1)) AS c0, COUNTIF(`taux_plainte` IS NOT NULL AND (`taux_plainte` < 0 OR `taux_plainte` > 1)) AS c1, COUNTIF(`note_moyenne` IS NOT NULL AND (`note_moyenne` < 1 OR `note_moyenne` > 5)) AS c2 FROM `carttrend_clean.mart_Support__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Support__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Support__trellis_staged -> carttrend_clean.mart_Support (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Support__trellis_staged`
;
