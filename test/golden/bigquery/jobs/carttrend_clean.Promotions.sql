CREATE OR REPLACE VIEW `carttrend_clean.Promotions__trellis_staged` AS -- Promotions: each expressed both in euros and as a fraction of the product's price.
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_promotions_promotions`
),

typees AS (
    SELECT
        -- `PROM001` becomes `P001`, the form orders are normalised to as well.
        REGEXP_EXTRACT(UPPER(TRIM(CAST(id_promotion AS STRING))), r'^P(?:ROM)?0*([0-9]+)$') AS numero_promotion,
        UPPER(NULLIF(TRIM(CAST(id_produit AS STRING)), '')) AS id_produit,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(type_promotion AS STRING)), NFD), r'\pM', '')) AS cle_type,
        SAFE_CAST(REPLACE(TRIM(CAST(valeur_promotion AS STRING)), ',', '.') AS FLOAT64) AS valeur,
        SAFE_CAST(SUBSTR(CAST(date_debut AS STRING), 1, 10) AS DATE) AS date_debut,
        SAFE_CAST(SUBSTR(CAST(date_fin AS STRING), 1, 10) AS DATE) AS date_fin,
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
            WHEN 'remise fixe' THEN SAFE_DIVIDE(t.valeur, p.prix)
        END AS pourcentage_promotion,
        t.date_debut,
        t.date_fin,
        t.responsable_promotion
    FROM typees AS t
    LEFT JOIN `carttrend_clean.Produits` AS p ON p.id_produit = t.id_produit
)

SELECT *
FROM chiffrees
WHERE id_promotion IS NOT NULL
    -- a discount of the whole price or more is not a promotion (16 fixed amounts in the real delivery)
    AND pourcentage_promotion < 1
    AND (date_fin IS NULL OR date_debut IS NULL OR date_fin >= date_debut)
;

SELECT COUNTIF(NOT (pourcentage_promotion > 0)) AS c0, COUNTIF(`id_promotion` IS NULL) AS c1, (count(`id_promotion`) - count(DISTINCT `id_promotion`)) AS c2, COUNTIF(`id_promotion` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`id_promotion` AS STRING), r'^P[0-9]{3}$')) AS c3, COUNTIF(`type_promotion` IS NOT NULL AND `type_promotion` NOT IN ('Pourcentage', 'Remise fixe')) AS c4, COUNTIF(`pourcentage_promotion` IS NOT NULL AND (`pourcentage_promotion` > 1)) AS c5, COUNTIF(`date_debut` IS NULL) AS c6 FROM `carttrend_clean.Promotions__trellis_staged`
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Promotions__trellis_staged` AS child WHERE child.`id_produit` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Produits` AS parent WHERE parent.`id_produit` = child.`id_produit`)) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Promotions` AS -- Promotions: each expressed both in euros and as a fraction of the product's price.
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_promotions_promotions`
),

typees AS (
    SELECT
        -- `PROM001` becomes `P001`, the form orders are normalised to as well.
        REGEXP_EXTRACT(UPPER(TRIM(CAST(id_promotion AS STRING))), r'^P(?:ROM)?0*([0-9]+)$') AS numero_promotion,
        UPPER(NULLIF(TRIM(CAST(id_produit AS STRING)), '')) AS id_produit,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(type_promotion AS STRING)), NFD), r'\pM', '')) AS cle_type,
        SAFE_CAST(REPLACE(TRIM(CAST(valeur_promotion AS STRING)), ',', '.') AS FLOAT64) AS valeur,
        SAFE_CAST(SUBSTR(CAST(date_debut AS STRING), 1, 10) AS DATE) AS date_debut,
        SAFE_CAST(SUBSTR(CAST(date_fin AS STRING), 1, 10) AS DATE) AS date_fin,
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
            WHEN 'remise fixe' THEN SAFE_DIVIDE(t.valeur, p.prix)
        END AS pourcentage_promotion,
        t.date_debut,
        t.date_fin,
        t.responsable_promotion
    FROM typees AS t
    LEFT JOIN `carttrend_clean.Produits` AS p ON p.id_produit = t.id_produit
)

SELECT *
FROM chiffrees
WHERE id_promotion IS NOT NULL
    -- a discount of the whole price or more is not a promotion (16 fixed amounts in the real delivery)
    AND pourcentage_promotion < 1
    AND (date_fin IS NULL OR date_debut IS NULL OR date_fin >= date_debut)
;

DROP VIEW IF EXISTS `carttrend_clean.Promotions__trellis_staged`
;
