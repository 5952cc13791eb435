CREATE OR REPLACE TABLE `carttrend_clean.mart_Produits_Favoris__trellis_staged` AS -- Favourites per product, next to its sales: how many customers keep it in
-- their favourites and how many of them bought it.
WITH favoris AS (
    SELECT id_produit, COUNT(DISTINCT id_client) AS nb_favoris
    FROM `carttrend_clean.Produits_Favoris`
    GROUP BY id_produit
),

ventes AS (
    SELECT
        id_produit,
        SUM(quantite) AS quantite_vendue,
        SUM(prix_apres_remise) AS chiffre_affaires,
        COUNT(DISTINCT CASE WHEN produit_favori THEN id_client END) AS nb_acheteurs_favori
    FROM `carttrend_clean.mart_Commandes`
    WHERE id_produit IS NOT NULL AND statut_commande IS NOT NULL AND statut_commande <> 'Annulée'
    GROUP BY id_produit
)

SELECT
    p.id_produit,
    p.nom,
    p.categorie,
    p.sous_categorie,
    p.marque,
    p.prix,
    COALESCE(f.nb_favoris, 0) AS nb_favoris,
    COALESCE(v.nb_acheteurs_favori, 0) AS nb_acheteurs_favori,
    SAFE_DIVIDE(COALESCE(v.nb_acheteurs_favori, 0), f.nb_favoris) AS taux_achat_favori,
    COALESCE(v.quantite_vendue, 0) AS quantite_vendue,
    ROUND(COALESCE(v.chiffre_affaires, 0), 2) AS chiffre_affaires
FROM `carttrend_clean.Produits` AS p
LEFT JOIN favoris AS f ON f.id_produit = p.id_produit
LEFT JOIN ventes AS v ON v.id_produit = p.id_produit
;

SELECT COUNTIF(`id_produit` IS NULL) AS c0, (count(`id_produit`) - count(DISTINCT `id_produit`)) AS c1, COUNTIF(`nb_favoris` IS NOT NULL AND (`nb_favoris` < 0)) AS c2, COUNTIF(`taux_achat_favori` IS NOT NULL AND (`taux_achat_favori` < 0 OR `taux_achat_favori` > 1)) AS c3 FROM `carttrend_clean.mart_Produits_Favoris__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Produits_Favoris__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Produits_Favoris__trellis_staged -> carttrend_clean.mart_Produits_Favoris (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Produits_Favoris__trellis_staged`
;
