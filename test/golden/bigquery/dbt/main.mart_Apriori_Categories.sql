CREATE OR REPLACE TABLE `main.mart_Apriori_Categories__trellis_staged` AS -- one basket of categories per client, for an apriori analysis
SELECT ARRAY_AGG(DISTINCT p.categorie) AS categories
FROM `carttrend-test.main.Commandes` c
    JOIN `carttrend-test.main.Produits` p USING(id_produit)
GROUP BY c.id_client
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `main.mart_Apriori_Categories__trellis_staged` AS t
;

-- copy job: main.mart_Apriori_Categories__trellis_staged -> main.mart_Apriori_Categories (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `main.mart_Apriori_Categories__trellis_staged`
;
