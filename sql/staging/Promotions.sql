-- Promotions: each expressed both in euros and as a fraction of the product's price.
WITH brut AS (
    SELECT DISTINCT * FROM {{ source('google_drive', 'carttrend_promotions_promotions') }}
),

typees AS (
    SELECT
        -- `PROM001` becomes `P001`, the form orders are normalised to as well.
        {{ regexp_extract('UPPER(TRIM(CAST(id_promotion AS STRING)))', "'^P(?:ROM)?0*([0-9]+)$'") }} AS numero_promotion,
        UPPER(NULLIF(TRIM(CAST(id_produit AS STRING)), '')) AS id_produit,
        LOWER({{ strip_accents('TRIM(CAST(type_promotion AS STRING))') }}) AS cle_type,
        {{ safe_cast_number('valeur_promotion') }} AS valeur,
        {{ safe_cast_date('date_debut') }} AS date_debut,
        {{ safe_cast_date('date_fin') }} AS date_fin,
        NULLIF(TRIM(CAST(responsable_promotion AS STRING)), '') AS responsable_promotion
    FROM brut
),

chiffrees AS (
    SELECT
        CASE
            WHEN LENGTH(t.numero_promotion) < 3 THEN 'P' || LPAD(t.numero_promotion, 3, '0')
            WHEN t.numero_promotion IS NOT NULL THEN 'P' || t.numero_promotion
        END AS id_promotion,
        t.id_produit,
        CASE t.cle_type
            WHEN 'pourcentage' THEN 'Pourcentage'
            WHEN 'remise fixe' THEN 'Remise fixe'
        END AS type_promotion,
        CASE t.cle_type
            WHEN 'pourcentage' THEN ROUND(t.valeur * p.prix, 2)
            WHEN 'remise fixe' THEN t.valeur
        END AS valeur_promotion,
        CASE t.cle_type
            WHEN 'pourcentage' THEN t.valeur
            WHEN 'remise fixe' THEN {{ safe_divide('t.valeur', 'p.prix') }}
        END AS pourcentage_promotion,
        t.date_debut,
        t.date_fin,
        t.responsable_promotion
    FROM typees AS t
    LEFT JOIN {{ ref('Produits') }} AS p ON p.id_produit = t.id_produit
)

SELECT *
FROM chiffrees
WHERE id_promotion IS NOT NULL
    -- a discount of the whole price or more is not a promotion (16 fixed amounts in the real delivery)
    AND pourcentage_promotion < 1
    AND (date_fin IS NULL OR date_debut IS NULL OR date_fin >= date_debut)
