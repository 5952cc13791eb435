CREATE OR REPLACE VIEW `carttrend_clean.Produits_Favoris__trellis_staged` AS -- One row per customer and favourite product. The favourites list is written
-- in a short form (`P020,P903`, sometimes `P1000`): each id is padded to five
-- digits (`P00020`); ids that match no product are dropped.
WITH jetons AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(cl.id_client AS STRING)), '')) AS id_client,
        REGEXP_EXTRACT(UPPER(TRIM(jeton)), r'^P0*([0-9]+)$') AS numero_produit
    FROM `google_drive.carttrend_clients_clients` AS cl,
        UNNEST(SPLIT(CAST(cl.favoris AS STRING), ',')) AS jeton
),

ids AS (
    SELECT DISTINCT
        id_client,
        CASE
            WHEN LENGTH(numero_produit) < 5 THEN 'P' || LPAD(numero_produit, 5, '0')
            ELSE 'P' || numero_produit
        END AS id_produit
    FROM jetons
    WHERE id_client IS NOT NULL AND numero_produit IS NOT NULL
)

SELECT i.id_client, i.id_produit
FROM ids AS i
JOIN `carttrend_clean.Produits` AS p ON p.id_produit = i.id_produit
JOIN `carttrend_clean.Clients` AS c ON c.id_client = i.id_client
;

SELECT COUNTIF(`id_client` IS NULL) AS c0, COUNTIF(`id_produit` IS NULL) AS c1 FROM `carttrend_clean.Produits_Favoris__trellis_staged`
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Produits_Favoris__trellis_staged` AS child WHERE child.`id_client` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Clients` AS parent WHERE parent.`id_client` = child.`id_client`)) AS failing LIMIT 5
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Produits_Favoris__trellis_staged` AS child WHERE child.`id_produit` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Produits` AS parent WHERE parent.`id_produit` = child.`id_produit`)) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Produits_Favoris` AS -- One row per customer and favourite product. The favourites list is written
-- in a short form (`P020,P903`, sometimes `P1000`): each id is padded to five
-- digits (`P00020`); ids that match no product are dropped.
WITH jetons AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(cl.id_client AS STRING)), '')) AS id_client,
        REGEXP_EXTRACT(UPPER(TRIM(jeton)), r'^P0*([0-9]+)$') AS numero_produit
    FROM `google_drive.carttrend_clients_clients` AS cl,
        UNNEST(SPLIT(CAST(cl.favoris AS STRING), ',')) AS jeton
),

ids AS (
    SELECT DISTINCT
        id_client,
        CASE
            WHEN LENGTH(numero_produit) < 5 THEN 'P' || LPAD(numero_produit, 5, '0')
            ELSE 'P' || numero_produit
        END AS id_produit
    FROM jetons
    WHERE id_client IS NOT NULL AND numero_produit IS NOT NULL
)

SELECT i.id_client, i.id_produit
FROM ids AS i
JOIN `carttrend_clean.Produits` AS p ON p.id_produit = i.id_produit
JOIN `carttrend_clean.Clients` AS c ON c.id_client = i.id_client
;

DROP VIEW IF EXISTS `carttrend_clean.Produits_Favoris__trellis_staged`
;
