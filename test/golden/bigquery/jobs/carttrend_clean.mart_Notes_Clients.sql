CREATE OR REPLACE TABLE `carttrend_clean.mart_Notes_Clients__trellis_staged` AS -- Customer ratings in context: product, order dates, complaint type, customer
-- and warehouse, with the mean rating; lowest ratings first.
SELECT
    p.id_produit,
    p.nom,
    p.categorie,
    c.date_commande,
    c.date_livraison_estimee,
    s.type_plainte,
    c.id_client,
    AVG(s.note_client) AS avg_note_client,
    e.localisation AS localisation_entrepot
FROM `carttrend_clean.Produits` AS p
JOIN `carttrend_clean.Details_commandes` AS d ON d.id_produit = p.id_produit
JOIN `carttrend_clean.Commandes` AS c ON c.id_commande = d.id_commande
JOIN `carttrend_clean.Satisfaction` AS s ON s.id_commande = c.id_commande
LEFT JOIN `carttrend_clean.Entrepots` AS e ON e.id_entrepot = c.id_entrepot
GROUP BY
    p.id_produit,
    p.nom,
    p.categorie,
    c.date_commande,
    c.date_livraison_estimee,
    s.type_plainte,
    c.id_client,
    e.localisation
ORDER BY avg_note_client
;

SELECT COUNTIF(`id_produit` IS NULL) AS c0, COUNTIF(`avg_note_client` IS NOT NULL AND (`avg_note_client` < 1 OR `avg_note_client` > 5)) AS c1 FROM `carttrend_clean.mart_Notes_Clients__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Notes_Clients__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Notes_Clients__trellis_staged -> carttrend_clean.mart_Notes_Clients (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Notes_Clients__trellis_staged`
;
