-- Products: category validated, names capitalised, price checked.
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_produits_produits`
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(id AS STRING)), '')) AS id_produit,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(categorie AS STRING)), NFD), r'\pM', '')) AS cle_categorie,
        NULLIF(TRIM(CAST(marque AS STRING)), '') AS marque,
        NULLIF(TRIM(CAST(produit AS STRING)), '') AS nom,
        SAFE_CAST(REPLACE(TRIM(CAST(prix AS STRING)), ',', '.') AS FLOAT64) AS prix,
        NULLIF(TRIM(CAST(sous_categorie AS STRING)), '') AS sous_categorie,
        NULLIF(TRIM(CAST(variation AS STRING)), '') AS variation
    FROM brut
)

SELECT
    id_produit,
    CASE cle_categorie
        WHEN 'mode' THEN 'Mode'
        WHEN 'livres' THEN 'Livres'
        WHEN 'sports' THEN 'Sports'
        WHEN 'electronique' THEN 'Électronique'
        WHEN 'maison' THEN 'Maison'
        WHEN 'alimentation' THEN 'Alimentation'
        WHEN 'beaute' THEN 'Beauté'
        WHEN 'jouets' THEN 'Jouets'
        ELSE 'Autre'
    END AS categorie,
    INITCAP(marque) AS marque,
    INITCAP(nom) AS nom,
    CASE WHEN prix > 0 THEN prix END AS prix,
    INITCAP(sous_categorie) AS sous_categorie,
    INITCAP(variation) AS variation
FROM typees
WHERE id_produit IS NOT NULL
