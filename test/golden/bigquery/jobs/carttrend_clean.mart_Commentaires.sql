CREATE OR REPLACE TABLE `carttrend_clean.mart_Commentaires__trellis_staged` AS {{ test/golden/bigquery/mart_Commentaires.sql }}
;

SELECT COUNTIF(`mot` IS NULL) AS c0, (count(`mot`) - count(DISTINCT `mot`)) AS c1, COUNTIF(`frequence` IS NOT NULL AND (`frequence` < 1)) AS c2, COUNTIF(`note_moyenne` IS NOT NULL AND (`note_moyenne` < 1 OR `note_moyenne` > 5)) AS c3 FROM `carttrend_clean.mart_Commentaires__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Commentaires__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Commentaires__trellis_staged -> carttrend_clean.mart_Commentaires (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Commentaires__trellis_staged`
;
