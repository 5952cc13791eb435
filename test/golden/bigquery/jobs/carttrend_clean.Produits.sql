CREATE OR REPLACE VIEW `carttrend_clean.Produits__trellis_staged` AS {{ test/golden/bigquery/Produits.sql }}
;

SELECT COUNTIF(NOT (prix > 0)) AS c0, COUNTIF(NOT (categorie <> 'Autre')) AS c1, COUNTIF(`id_produit` IS NULL) AS c2, (count(`id_produit`) - count(DISTINCT `id_produit`)) AS c3, COUNTIF(`id_produit` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`id_produit` AS STRING), r'^P[0-9]{5}$')) AS c4, COUNTIF(`categorie` IS NULL) AS c5, COUNTIF(`categorie` IS NOT NULL AND `categorie` NOT IN ('Livres', 'Alimentation', 'Mode', 'Maison', 'Électronique', 'Jouets', 'Beauté', 'Sports', 'Autre')) AS c6, COUNTIF(`prix` IS NOT NULL AND (`prix` < 0)) AS c7, COUNTIF(`prix` IS NULL) AS c8 FROM `carttrend_clean.Produits__trellis_staged`
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Produits__trellis_staged` WHERE NOT (categorie <> 'Autre')) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Produits` AS {{ test/golden/bigquery/Produits.sql }}
;

DROP VIEW IF EXISTS `carttrend_clean.Produits__trellis_staged`
;
