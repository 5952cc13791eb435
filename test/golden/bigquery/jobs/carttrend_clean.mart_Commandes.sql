CREATE OR REPLACE TABLE `carttrend_clean.mart_Commandes__trellis_staged` AS -- One row per order line (an order without lines keeps one row), with prices
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
;

SELECT COUNTIF((prix_initial IS NOT NULL) AND (NOT (prix_apres_remise <= prix_initial))) AS c0, (CASE WHEN count(*) < 1 THEN 1 ELSE 0 END) AS c1, COUNTIF(`id_commande` IS NULL) AS c2, COUNTIF(`jour_semaine` IS NOT NULL AND (`jour_semaine` < 1 OR `jour_semaine` > 7)) AS c3, COUNTIF(`prix_initial` IS NOT NULL AND (`prix_initial` < 0)) AS c4, COUNTIF(`prix_apres_remise` IS NOT NULL AND (`prix_apres_remise` < 0)) AS c5, COUNTIF(`pourcentage_promotion` IS NOT NULL AND (`pourcentage_promotion` > 1)) AS c6, COUNTIF(`produit_favori` IS NULL) AS c7 FROM `carttrend_clean.mart_Commandes__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Commandes__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Commandes__trellis_staged -> carttrend_clean.mart_Commandes (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Commandes__trellis_staged`
;
