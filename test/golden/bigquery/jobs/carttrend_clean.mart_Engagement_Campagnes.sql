CREATE OR REPLACE TABLE `carttrend_clean.mart_Engagement_Campagnes__trellis_staged` AS {{ test/golden/bigquery/mart_Engagement_Campagnes.sql }}
;

SELECT COUNTIF(NOT (nb_campagnes > 0 OR nb_posts > 0)) AS c0, COUNTIF(`date` IS NULL) AS c1, COUNTIF(`score_sentiment` IS NOT NULL AND (`score_sentiment` < -1 OR `score_sentiment` > 1)) AS c2 FROM `carttrend_clean.mart_Engagement_Campagnes__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Engagement_Campagnes__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Engagement_Campagnes__trellis_staged -> carttrend_clean.mart_Engagement_Campagnes (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Engagement_Campagnes__trellis_staged`
;
