-- Order lines: which product, how many, and whether it had special packaging.
WITH brut AS (
    SELECT DISTINCT * FROM {{ source('google_drive', 'carttrend_details_commandes_details_commandes_') }}
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(id_commande AS STRING)), '')) AS id_commande,
        UPPER(NULLIF(TRIM(CAST(id_produit AS STRING)), '')) AS id_produit,
        {{ safe_cast_int('quantite') }} AS quantite,
        LOWER({{ strip_accents('TRIM(CAST(emballage_special AS STRING))') }}) AS cle_emballage
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
