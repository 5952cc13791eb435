-- Order lines: which product, how many, and whether it had special packaging.
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_details_commandes_details_commandes_`
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(id_commande AS STRING)), '')) AS id_commande,
        UPPER(NULLIF(TRIM(CAST(id_produit AS STRING)), '')) AS id_produit,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(quantite AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(quantite AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(quantite AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS quantite,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(emballage_special AS STRING)), NFD), r'\pM', '')) AS cle_emballage
    FROM brut
)

SELECT
    id_commande,
    id_produit,
    CASE WHEN quantite > 0 THEN quantite END AS quantite,
    CASE
        WHEN cle_emballage IN ('oui', 'yes', 'true', '1') THEN TRUE
        WHEN cle_emballage IN ('non', 'no', 'false', '0') THEN FALSE
    END AS emballage_special
FROM typees
WHERE id_commande IS NOT NULL
