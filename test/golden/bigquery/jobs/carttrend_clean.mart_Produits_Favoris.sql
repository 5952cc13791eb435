CREATE OR REPLACE TABLE `carttrend_clean.mart_Produits_Favoris__trellis_staged` AS {{ test/golden/bigquery/mart_Produits_Favoris.sql }}
;

SELECT COUNTIF(`id_produit` IS NULL) AS c0, (count(`id_produit`) - count(DISTINCT `id_produit`)) AS c1, COUNTIF(`nb_favoris` IS NOT NULL AND (`nb_favoris` < 0)) AS c2, COUNTIF(`taux_achat_favori` IS NOT NULL AND (`taux_achat_favori` < 0 OR `taux_achat_favori` > 1)) AS c3 FROM `carttrend_clean.mart_Produits_Favoris__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Produits_Favoris__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Produits_Favoris__trellis_staged -> carttrend_clean.mart_Produits_Favoris (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Produits_Favoris__trellis_staged`
;
