CREATE OR REPLACE VIEW `carttrend_clean.Campagnes__trellis_staged` AS {{ test/golden/bigquery/Campagnes.sql }}
;

SELECT COUNTIF(NOT (budget > 0 AND impressions > 0 AND clics > 0 AND conversions > 0)) AS c0, COUNTIF(NOT (clics <= impressions AND conversions <= clics)) AS c1, (count(`id_campagne`) - count(DISTINCT `id_campagne`)) AS c2, COUNTIF(`id_campagne` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`id_campagne` AS STRING), r'^CAMP[0-9]{3}$')) AS c3, COUNTIF(`evenement_type` IS NOT NULL AND `evenement_type` NOT IN ('Noël', 'Soldes', 'Black Friday', 'Aucun')) AS c4, COUNTIF(`budget` IS NULL) AS c5, COUNTIF(`ctr` IS NOT NULL AND (`ctr` < 0 OR `ctr` > 1)) AS c6, COUNTIF(`ctr` IS NULL) AS c7 FROM `carttrend_clean.Campagnes__trellis_staged`
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Campagnes__trellis_staged` AS child WHERE child.`id_canal` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Canaux` AS parent WHERE parent.`id_canal` = child.`id_canal`)) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Campagnes__trellis_staged` WHERE `budget` IS NULL) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Campagnes__trellis_staged` WHERE `ctr` IS NULL) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Campagnes` AS {{ test/golden/bigquery/Campagnes.sql }}
;

DROP VIEW IF EXISTS `carttrend_clean.Campagnes__trellis_staged`
;
