CREATE OR REPLACE TABLE `carttrend_clean.mart_Apriori_Combinaisons_Produits__trellis_staged` AS -- One "basket" per customer for Apriori: the distinct categories the customer
-- bought (cancelled orders excluded), in the order of their first purchase.
WITH achats AS (
    SELECT
        id_client,
        categorie,
        MIN(date_commande) AS premier_achat
    FROM `carttrend_clean.mart_Commandes`
    WHERE id_client IS NOT NULL
        AND categorie IS NOT NULL
        AND statut_commande IS NOT NULL
        AND statut_commande <> 'Annulée'
    GROUP BY id_client, categorie
)

SELECT
    ARRAY_AGG(categorie ORDER BY COALESCE(premier_achat, DATE '9999-12-31'), categorie) AS categories,
    id_client,
    COUNT(*) AS nb_categories
FROM achats
GROUP BY id_client
;

SELECT COUNTIF(`id_client` IS NULL) AS c0, (count(`id_client`) - count(DISTINCT `id_client`)) AS c1, COUNTIF(`nb_categories` IS NOT NULL AND (`nb_categories` < 1 OR `nb_categories` > 9)) AS c2 FROM `carttrend_clean.mart_Apriori_Combinaisons_Produits__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Apriori_Combinaisons_Produits__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Apriori_Combinaisons_Produits__trellis_staged -> carttrend_clean.mart_Apriori_Combinaisons_Produits (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Apriori_Combinaisons_Produits__trellis_staged`
;
