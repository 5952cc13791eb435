CREATE OR REPLACE VIEW `carttrend_clean.Produits__trellis_staged` AS -- Products: category validated, names capitalised, price checked.
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
;

SELECT COUNTIF(NOT (prix > 0)) AS c0, COUNTIF(NOT (categorie <> 'Autre')) AS c1, COUNTIF(`id_produit` IS NULL) AS c2, (count(`id_produit`) - count(DISTINCT `id_produit`)) AS c3, COUNTIF(`id_produit` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`id_produit` AS STRING), r'^P[0-9]{5}$')) AS c4, COUNTIF(`categorie` IS NULL) AS c5, COUNTIF(`categorie` IS NOT NULL AND `categorie` NOT IN ('Livres', 'Alimentation', 'Mode', 'Maison', 'Électronique', 'Jouets', 'Beauté', 'Sports', 'Autre')) AS c6, COUNTIF(`prix` IS NOT NULL AND (`prix` < 0)) AS c7, COUNTIF(`prix` IS NULL) AS c8 FROM `carttrend_clean.Produits__trellis_staged`
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Produits__trellis_staged` WHERE NOT (categorie <> 'Autre')) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Produits` AS -- Products: category validated, names capitalised, price checked.
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
;

DROP VIEW IF EXISTS `carttrend_clean.Produits__trellis_staged`
;
