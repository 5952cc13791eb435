CREATE OR REPLACE TABLE `main.Produits__trellis_staged` AS select id_produit, nom, prix, categorie
from `carttrend-test.google_drive.carttrend_produits_produits`
;

SELECT (count(`id_produit`) - count(DISTINCT `id_produit`)) AS c0 FROM `main.Produits__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `main.Produits__trellis_staged` AS t
;

-- copy job: main.Produits__trellis_staged -> main.Produits (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `main.Produits__trellis_staged`
;
