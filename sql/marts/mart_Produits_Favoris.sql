-- Favourites per product, next to its sales: how many customers keep it in
-- their favourites and how many of them bought it.
WITH favoris AS (
    SELECT id_produit, COUNT(DISTINCT id_client) AS nb_favoris
    FROM {{ ref('Produits_Favoris') }}
    GROUP BY id_produit
),

ventes AS (
    SELECT
        id_produit,
        SUM(quantite) AS quantite_vendue,
        SUM(prix_apres_remise) AS chiffre_affaires,
        COUNT(DISTINCT CASE WHEN produit_favori THEN id_client END) AS nb_acheteurs_favori
    FROM {{ ref('mart_Commandes') }}
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
    {{ safe_divide('COALESCE(v.nb_acheteurs_favori, 0)', 'f.nb_favoris') }} AS taux_achat_favori,
    COALESCE(v.quantite_vendue, 0) AS quantite_vendue,
    ROUND(COALESCE(v.chiffre_affaires, 0), 2) AS chiffre_affaires
FROM {{ ref('Produits') }} AS p
LEFT JOIN favoris AS f ON f.id_produit = p.id_produit
LEFT JOIN ventes AS v ON v.id_produit = p.id_produit
