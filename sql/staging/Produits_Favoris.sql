-- One row per customer and favourite product. The favourites list is written
-- in a short form (`P020,P903`, sometimes `P1000`): each id is padded to five
-- digits (`P00020`); ids that match no product are dropped.
WITH jetons AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(cl.id_client AS STRING)), '')) AS id_client,
        {{ regexp_extract('UPPER(TRIM(jeton))', "'^P0*([0-9]+)$'") }} AS numero_produit
    FROM {{ source('google_drive', 'carttrend_clients_clients') }} AS cl,
        {{ split_to_rows('CAST(cl.favoris AS STRING)', "','", 'jeton') }}
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
JOIN {{ ref('Produits') }} AS p ON p.id_produit = i.id_produit
JOIN {{ ref('Clients') }} AS c ON c.id_client = i.id_client
