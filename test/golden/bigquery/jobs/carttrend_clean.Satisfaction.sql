CREATE OR REPLACE VIEW `carttrend_clean.Satisfaction__trellis_staged` AS {{ test/golden/bigquery/Satisfaction.sql }}
;

SELECT (count(`id_satisfaction`) - count(DISTINCT `id_satisfaction`)) AS c0, COUNTIF(`id_satisfaction` IS NULL) AS c1, COUNTIF(`note_client` IS NOT NULL AND (`note_client` < 1 OR `note_client` > 5)) AS c2, COUNTIF(`note_client` IS NULL) AS c3, COUNTIF(`delai_traitement` IS NOT NULL AND (`delai_traitement` < 0)) AS c4, COUNTIF(`type_plainte` IS NOT NULL AND `type_plainte` NOT IN ('Product', 'Customer Service', 'Price', 'Delivery')) AS c5, COUNTIF(`employe_support` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`employe_support` AS STRING), r'^EMP[0-9]{3}$')) AS c6 FROM `carttrend_clean.Satisfaction__trellis_staged`
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Satisfaction__trellis_staged` AS child WHERE child.`id_commande` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Commandes` AS parent WHERE parent.`id_commande` = child.`id_commande`)) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Satisfaction` AS {{ test/golden/bigquery/Satisfaction.sql }}
;

DROP VIEW IF EXISTS `carttrend_clean.Satisfaction__trellis_staged`
;
