CREATE OR REPLACE TABLE `carttrend_clean.mart_Apriori_Combinaisons_Produits__trellis_staged` AS {{ test/golden/bigquery/mart_Apriori_Combinaisons_Produits.sql }}
;

SELECT COUNTIF(`id_client` IS NULL) AS c0, (count(`id_client`) - count(DISTINCT `id_client`)) AS c1, COUNTIF(`nb_categories` IS NOT NULL AND (`nb_categories` < 1 OR `nb_categories` > 9)) AS c2 FROM `carttrend_clean.mart_Apriori_Combinaisons_Produits__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Apriori_Combinaisons_Produits__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Apriori_Combinaisons_Produits__trellis_staged -> carttrend_clean.mart_Apriori_Combinaisons_Produits (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Apriori_Combinaisons_Produits__trellis_staged`
;
