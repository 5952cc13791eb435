-- Customer reviews: rating, comment, complaint and support handling.
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
