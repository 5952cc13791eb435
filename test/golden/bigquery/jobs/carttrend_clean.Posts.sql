CREATE OR REPLACE VIEW `carttrend_clean.Posts__trellis_staged` AS {{ test/golden/bigquery/Posts.sql }}
;

SELECT COUNTIF(`id_post` IS NULL) AS c0, (count(`id_post`) - count(DISTINCT `id_post`)) AS c1, COUNTIF(`id_post` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`id_post` AS STRING), r'^POST[0-9]{3,}$')) AS c2, COUNTIF(`volume_mentions` IS NOT NULL AND (`volume_mentions` < 0)) AS c3, COUNTIF(`sentiment_global` IS NOT NULL AND `sentiment_global` NOT IN ('Positif', 'Neutre', 'Négatif')) AS c4, COUNTIF(`sentiment_global` IS NULL) AS c5 FROM `carttrend_clean.Posts__trellis_staged`
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Posts__trellis_staged` AS child WHERE child.`id_canal` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Canaux` AS parent WHERE parent.`id_canal` = child.`id_canal`)) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Posts__trellis_staged` WHERE `sentiment_global` IS NULL) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Posts` AS {{ test/golden/bigquery/Posts.sql }}
;

DROP VIEW IF EXISTS `carttrend_clean.Posts__trellis_staged`
;
