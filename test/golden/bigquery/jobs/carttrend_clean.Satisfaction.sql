CREATE OR REPLACE VIEW `carttrend_clean.Satisfaction__trellis_staged` AS -- Customer reviews: rating, comment, complaint and support handling.
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_satisfaction_satisfaction`
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(id_satisfaction AS STRING)), '')) AS id_satisfaction,
        UPPER(NULLIF(TRIM(CAST(id_commande AS STRING)), '')) AS id_commande,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(note_client AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(note_client AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(note_client AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS note_client,
        NULLIF(TRIM(CAST(commentaire AS STRING)), '') AS commentaire,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(plainte AS STRING)), NFD), r'\pM', '')) AS cle_plainte,
        SAFE_CAST(REPLACE(TRIM(CAST(temps_reponse_support AS STRING)), ',', '.') AS FLOAT64) AS delai_traitement,
        LOWER(TRIM(CAST(type_plainte AS STRING))) AS cle_type_plainte,
        UPPER(NULLIF(TRIM(CAST(employe_support AS STRING)), '')) AS employe_support
    FROM brut
)

SELECT
    id_satisfaction,
    id_commande,
    CASE WHEN note_client BETWEEN 1 AND 5 THEN note_client END AS note_client,
    commentaire,
    CASE
        WHEN cle_plainte IN ('yes', 'oui', 'true', '1') THEN TRUE
        WHEN cle_plainte IN ('no', 'non', 'false', '0') THEN FALSE
    END AS plainte,
    CASE WHEN delai_traitement >= 0 THEN delai_traitement END AS delai_traitement,
    CASE cle_type_plainte
        WHEN 'product' THEN 'Product'
        WHEN 'customer service' THEN 'Customer Service'
        WHEN 'price' THEN 'Price'
        WHEN 'delivery' THEN 'Delivery'
    END AS type_plainte,
    employe_support
FROM typees
WHERE id_satisfaction IS NOT NULL
;

SELECT (count(`id_satisfaction`) - count(DISTINCT `id_satisfaction`)) AS c0, COUNTIF(`id_satisfaction` IS NULL) AS c1, COUNTIF(`note_client` IS NOT NULL AND (`note_client` < 1 OR `note_client` > 5)) AS c2, COUNTIF(`note_client` IS NULL) AS c3, COUNTIF(`delai_traitement` IS NOT NULL AND (`delai_traitement` < 0)) AS c4, COUNTIF(`type_plainte` IS NOT NULL AND `type_plainte` NOT IN ('Product', 'Customer Service', 'Price', 'Delivery')) AS c5, COUNTIF(`employe_support` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`employe_support` AS STRING), r'^EMP[0-9]{3}$')) AS c6 FROM `carttrend_clean.Satisfaction__trellis_staged`
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Satisfaction__trellis_staged` AS child WHERE child.`id_commande` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Commandes` AS parent WHERE parent.`id_commande` = child.`id_commande`)) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Satisfaction` AS -- Customer reviews: rating, comment, complaint and support handling.
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_satisfaction_satisfaction`
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(id_satisfaction AS STRING)), '')) AS id_satisfaction,
        UPPER(NULLIF(TRIM(CAST(id_commande AS STRING)), '')) AS id_commande,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(note_client AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(note_client AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(note_client AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS note_client,
        NULLIF(TRIM(CAST(commentaire AS STRING)), '') AS commentaire,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(plainte AS STRING)), NFD), r'\pM', '')) AS cle_plainte,
        SAFE_CAST(REPLACE(TRIM(CAST(temps_reponse_support AS STRING)), ',', '.') AS FLOAT64) AS delai_traitement,
        LOWER(TRIM(CAST(type_plainte AS STRING))) AS cle_type_plainte,
        UPPER(NULLIF(TRIM(CAST(employe_support AS STRING)), '')) AS employe_support
    FROM brut
)

SELECT
    id_satisfaction,
    id_commande,
    CASE WHEN note_client BETWEEN 1 AND 5 THEN note_client END AS note_client,
    commentaire,
    CASE
        WHEN cle_plainte IN ('yes', 'oui', 'true', '1') THEN TRUE
        WHEN cle_plainte IN ('no', 'non', 'false', '0') THEN FALSE
    END AS plainte,
    CASE WHEN delai_traitement >= 0 THEN delai_traitement END AS delai_traitement,
    CASE cle_type_plainte
        WHEN 'product' THEN 'Product'
        WHEN 'customer service' THEN 'Customer Service'
        WHEN 'price' THEN 'Price'
        WHEN 'delivery' THEN 'Delivery'
    END AS type_plainte,
    employe_support
FROM typees
WHERE id_satisfaction IS NOT NULL
;

DROP VIEW IF EXISTS `carttrend_clean.Satisfaction__trellis_staged`
;
