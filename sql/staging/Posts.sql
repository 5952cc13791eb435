-- Social media posts with their channel id, mentions and sentiment.
WITH brut AS (
    SELECT DISTINCT * FROM {{ source('google_drive', 'carttrend_posts_posts') }}
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(id_post AS STRING)), '')) AS id_post,
        {{ safe_cast_date('date_post') }} AS date_post,
        LOWER({{ strip_accents('TRIM(CAST(canal_social AS STRING))') }}) AS cle_canal,
        {{ safe_cast_int('volume_mentions') }} AS volume_mentions,
        LOWER({{ strip_accents('TRIM(CAST(sentiment_global AS STRING))') }}) AS cle_sentiment,
        CAST(contenu_post AS STRING) AS contenu_post
    FROM brut
)

SELECT
    t.id_post,
    -- A post dated after the logical date is brought back to it, as the original did.
    CASE WHEN t.date_post > {{ logical_date() }} THEN {{ logical_date() }} ELSE t.date_post END AS date_post,
    c.id_canal,
    c.canal,
    CASE WHEN t.volume_mentions < 0 THEN 0 ELSE t.volume_mentions END AS volume_mentions,
    CASE t.cle_sentiment
        WHEN 'positif' THEN 'Positif'
        WHEN 'neutre' THEN 'Neutre'
        WHEN 'negatif' THEN 'Négatif'
    END AS sentiment_global,
    t.contenu_post
FROM typees AS t
LEFT JOIN {{ ref('Canaux') }} AS c ON c.cle_canal = t.cle_canal
WHERE t.id_post IS NOT NULL
