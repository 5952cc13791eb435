CREATE OR REPLACE TABLE `carttrend_clean.mart_Prevision_Series_Temporelles_CA__trellis_staged` AS {{ test/golden/bigquery/mart_Prevision_Series_Temporelles_CA.sql }}
;

SELECT (CASE WHEN count(*) < 1 THEN 1 ELSE 0 END) AS c0, COUNTIF(`ds` IS NULL) AS c1, (count(`ds`) - count(DISTINCT `ds`)) AS c2, COUNTIF(`y` IS NULL) AS c3, COUNTIF(`y` IS NOT NULL AND (`y` < 0)) AS c4 FROM `carttrend_clean.mart_Prevision_Series_Temporelles_CA__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Prevision_Series_Temporelles_CA__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Prevision_Series_Temporelles_CA__trellis_staged -> carttrend_clean.mart_Prevision_Series_Temporelles_CA (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Prevision_Series_Temporelles_CA__trellis_staged`
;
