-- One row per order line (an order without lines keeps one row), with prices
-- before and after discount, product, favourite flag, customer and status.
WITH favoris AS (
    SELECT DISTINCT id_client, id_produit FROM `carttrend_clean.Produits_Favoris`
)

SELECT
    co.id_commande,
    co.date_commande,
    (MOD(EXTRACT(DAYOFWEEK FROM co.date_commande) + 5, 7) + 1) AS jour_semaine,
    co.statut_commande,
    co.mode_de_paiement,
    co.id_entrepot,
    dc.id_produit,
    p.nom,
    p.categorie,
    p.sous_categorie,
    p.prix AS prix_unitaire,
    dc.quantite,
    ROUND(p.prix * dc.quantite, 2) AS prix_initial,
    ROUND(
        CASE
            WHEN pr.pourcentage_promotion > 0 THEN p.prix * dc.quantite * (1 - pr.pourcentage_promotion)
            ELSE p.prix * dc.quantite
        END, 2) AS prix_apres_remise,
    pr.id_promotion,
    COALESCE(pr.valeur_promotion, 0) AS valeur_promotion,
    COALESCE(pr.pourcentage_promotion, 0) AS pourcentage_promotion,
    CASE WHEN f.id_produit IS NOT NULL THEN TRUE ELSE FALSE END AS produit_favori,
    co.id_client,
    cl.age,
    cl.tranche_age,
    cl.genre,
    cl.frequence_visites,
    cl.date_inscription,
    cl.anciennete_jours
FROM `carttrend_clean.Commandes` AS co
LEFT JOIN `carttrend_clean.Details_commandes` AS dc ON dc.id_commande = co.id_commande
LEFT JOIN `carttrend_clean.Produits` AS p ON p.id_produit = dc.id_produit
LEFT JOIN `carttrend_clean.Promotions` AS pr ON pr.id_promotion = co.id_promotion
LEFT JOIN `carttrend_clean.Clients` AS cl ON cl.id_client = co.id_client
LEFT JOIN favoris AS f ON f.id_client = co.id_client AND f.id_produit = dc.id_produit
