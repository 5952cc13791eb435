CREATE OR REPLACE VIEW `carttrend_clean.Produits_Favoris__trellis_staged` AS {{ test/golden/bigquery/Produits_Favoris.sql }}
;

SELECT COUNTIF(`id_client` IS NULL) AS c0, COUNTIF(`id_produit` IS NULL) AS c1 FROM `carttrend_clean.Produits_Favoris__trellis_staged`
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Produits_Favoris__trellis_staged` AS child WHERE child.`id_client` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Clients` AS parent WHERE parent.`id_client` = child.`id_client`)) AS failing LIMIT 5
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Produits_Favoris__trellis_staged` AS child WHERE child.`id_produit` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Produits` AS parent WHERE parent.`id_produit` = child.`id_produit`)) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Produits_Favoris` AS {{ test/golden/bigquery/Produits_Favoris.sql }}
;

DROP VIEW IF EXISTS `carttrend_clean.Produits_Favoris__trellis_staged`
;
