CREATE OR REPLACE VIEW `carttrend_clean.Clients__trellis_staged` AS {{ test/golden/bigquery/Clients.sql }}
;

SELECT COUNTIF(`id_client` IS NULL) AS c0, (count(`id_client`) - count(DISTINCT `id_client`)) AS c1, COUNTIF(`id_client` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`id_client` AS STRING), r'^C[0-9]{5,}$')) AS c2, COUNTIF(`email` IS NULL) AS c3, COUNTIF(`age` IS NOT NULL AND (`age` < 1)) AS c4, COUNTIF(NOT (age < 110)) AS c5, COUNTIF(`tranche_age` IS NOT NULL AND `tranche_age` NOT IN ('<=25', '25-40', '40-55', '55-70', '>70')) AS c6, COUNTIF(`genre` IS NOT NULL AND `genre` NOT IN ('Homme', 'Femme')) AS c7, COUNTIF(`genre` IS NULL) AS c8, COUNTIF(`frequence_visites` IS NOT NULL AND (`frequence_visites` < 0)) AS c9, COUNTIF(`telephone` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`telephone` AS STRING), r'^[+][0-9]{3}-[0-9]{3}-[0-9]{3}-[0-9]{4}$')) AS c10, COUNTIF(`anciennete_jours` IS NOT NULL AND (`anciennete_jours` < 0)) AS c11, COUNTIF(`ip` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`ip` AS STRING), r'^[0-9]{1,3}([.][0-9]{1,3}){3}$')) AS c12, COUNTIF(`ip` IS NULL) AS c13 FROM `carttrend_clean.Clients__trellis_staged`
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Clients__trellis_staged` WHERE `email` IS NULL) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Clients__trellis_staged` WHERE NOT (age < 110)) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Clients__trellis_staged` WHERE `genre` IS NULL) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Clients__trellis_staged` WHERE `ip` IS NULL) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Clients` AS {{ test/golden/bigquery/Clients.sql }}
;

DROP VIEW IF EXISTS `carttrend_clean.Clients__trellis_staged`
;
