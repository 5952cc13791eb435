CREATE OR REPLACE VIEW `carttrend_clean.Posts__trellis_staged` AS -- Social media posts with their channel id, mentions and sentiment.
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_posts_posts`
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(id_post AS STRING)), '')) AS id_post,
        SAFE_CAST(SUBSTR(CAST(date_post AS STRING), 1, 10) AS DATE) AS date_post,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(canal_social AS STRING)), NFD), r'\pM', '')) AS cle_canal,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(volume_mentions AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(volume_mentions AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(volume_mentions AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS volume_mentions,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(sentiment_global AS STRING)), NFD), r'\pM', '')) AS cle_sentiment,
        CAST(contenu_post AS STRING) AS contenu_post
    FROM brut
)

SELECT
    t.id_post,
    -- A post dated after the logical date is brought back to it, as the original did.
    CASE WHEN t.date_post > DATE '2026-01-15' THEN DATE '2026-01-15' ELSE t.date_post END AS date_post,
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
LEFT JOIN `carttrend_clean.Canaux` AS c ON c.cle_canal = t.cle_canal
WHERE t.id_post IS NOT NULL
;

SELECT COUNTIF(`id_post` IS NULL) AS c0, (count(`id_post`) - count(DISTINCT `id_post`)) AS c1, COUNTIF(`id_post` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`id_post` AS STRING), r'^POST[0-9]{3,}$')) AS c2, COUNTIF(`volume_mentions` IS NOT NULL AND (`volume_mentions` < 0)) AS c3, COUNTIF(`sentiment_global` IS NOT NULL AND `sentiment_global` NOT IN ('Positif', 'Neutre', 'Négatif')) AS c4, COUNTIF(`sentiment_global` IS NULL) AS c5 FROM `carttrend_clean.Posts__trellis_staged`
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Posts__trellis_staged` AS child WHERE child.`id_canal` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Canaux` AS parent WHERE parent.`id_canal` = child.`id_canal`)) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Posts__trellis_staged` WHERE `sentiment_global` IS NULL) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Posts` AS -- Social media posts with their channel id, mentions and sentiment.
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_posts_posts`
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(id_post AS STRING)), '')) AS id_post,
        SAFE_CAST(SUBSTR(CAST(date_post AS STRING), 1, 10) AS DATE) AS date_post,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(canal_social AS STRING)), NFD), r'\pM', '')) AS cle_canal,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(volume_mentions AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(volume_mentions AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(volume_mentions AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS volume_mentions,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(sentiment_global AS STRING)), NFD), r'\pM', '')) AS cle_sentiment,
        CAST(contenu_post AS STRING) AS contenu_post
    FROM brut
)

SELECT
    t.id_post,
    -- A post dated after the logical date is brought back to it, as the original did.
    CASE WHEN t.date_post > DATE '2026-01-15' THEN DATE '2026-01-15' ELSE t.date_post END AS date_post,
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
LEFT JOIN `carttrend_clean.Canaux` AS c ON c.cle_canal = t.cle_canal
WHERE t.id_post IS NOT NULL
;

DROP VIEW IF EXISTS `carttrend_clean.Posts__trellis_staged`
;
