CREATE OR REPLACE VIEW `carttrend_clean.Canaux__trellis_staged` AS {{ test/golden/bigquery/Canaux.sql }}
;

SELECT COUNTIF(`id_canal` IS NULL) AS c0, (count(`id_canal`) - count(DISTINCT `id_canal`)) AS c1, COUNTIF(`canal` IS NULL) AS c2, (count(`canal`) - count(DISTINCT `canal`)) AS c3, COUNTIF(`canal` IS NOT NULL AND `canal` NOT IN ('E-mailing', 'Facebook', 'Google Ads', 'Instagram', 'LinkedIn', 'TikTok', 'Twitter')) AS c4, COUNTIF(`cle_canal` IS NULL) AS c5, (count(`cle_canal`) - count(DISTINCT `cle_canal`)) AS c6 FROM `carttrend_clean.Canaux__trellis_staged`
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Canaux__trellis_staged` WHERE `canal` IS NOT NULL AND `canal` NOT IN ('E-mailing', 'Facebook', 'Google Ads', 'Instagram', 'LinkedIn', 'TikTok', 'Twitter')) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Canaux` AS {{ test/golden/bigquery/Canaux.sql }}
;

DROP VIEW IF EXISTS `carttrend_clean.Canaux__trellis_staged`
;
