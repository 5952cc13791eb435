-- One row per advertising channel seen in posts or campaigns, with an integer id.
-- Spellings that differ only by case or accents are one channel, named by its
-- most frequent spelling; ids follow the alphabetical order of the channel key.
WITH noms AS (
    SELECT NULLIF(TRIM(CAST(canal_social AS STRING)), '') AS canal
    FROM {{ source('google_drive', 'carttrend_posts_posts') }}
    UNION ALL
    SELECT NULLIF(TRIM(CAST(canal AS STRING)), '') AS canal
    FROM {{ source('google_drive', 'carttrend_campaigns_campagnes') }}
),

orthographes AS (
    SELECT
        LOWER({{ strip_accents('canal') }}) AS cle_canal,
        canal,
        COUNT(*) AS occurrences
    FROM noms
    WHERE canal IS NOT NULL
    GROUP BY 1, 2
),

classees AS (
    SELECT
        cle_canal,
        canal,
        ROW_NUMBER() OVER (PARTITION BY cle_canal ORDER BY occurrences DESC, canal) AS rang
    FROM orthographes
)

SELECT
    ROW_NUMBER() OVER (ORDER BY cle_canal) AS id_canal,
    canal,
    cle_canal
FROM classees
WHERE rang = 1
