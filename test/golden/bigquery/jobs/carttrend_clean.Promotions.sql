CREATE OR REPLACE VIEW `carttrend_clean.Promotions__trellis_staged` AS {{ test/golden/bigquery/Promotions.sql }}
;

SELECT COUNTIF(NOT (pourcentage_promotion > 0)) AS c0, COUNTIF(`id_promotion` IS NULL) AS c1, (count(`id_promotion`) - count(DISTINCT `id_promotion`)) AS c2, COUNTIF(`id_promotion` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`id_promotion` AS STRING), r'^P[0-9]{3}$')) AS c3, COUNTIF(`type_promotion` IS NOT NULL AND `type_promotion` NOT IN ('Pourcentage', 'Remise fixe')) AS c4, COUNTIF(`pourcentage_promotion` IS NOT NULL AND (`pourcentage_promotion` > 1)) AS c5, COUNTIF(`date_debut` IS NULL) AS c6 FROM `carttrend_clean.Promotions__trellis_staged`
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Promotions__trellis_staged` AS child WHERE child.`id_produit` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Produits` AS parent WHERE parent.`id_produit` = child.`id_produit`)) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Promotions` AS {{ test/golden/bigquery/Promotions.sql }}
;

DROP VIEW IF EXISTS `carttrend_clean.Promotions__trellis_staged`
;
