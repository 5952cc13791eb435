CREATE OR REPLACE VIEW `carttrend_clean.Canaux__trellis_staged` AS -- One row per advertising channel seen in posts or campaigns, with an integer id.
-- Spellings that differ only by case or accents are one channel, named by its
-- most frequent spelling; ids follow the alphabetical order of the channel key.
WITH noms AS (
    SELECT NULLIF(TRIM(CAST(canal_social AS STRING)), '') AS canal
    FROM `google_drive.carttrend_posts_posts`
    UNION ALL
    SELECT NULLIF(TRIM(CAST(canal AS STRING)), '') AS canal
    FROM `google_drive.carttrend_campaigns_campagnes`
),

orthographes AS (
    SELECT
        LOWER(REGEXP_REPLACE(NORMALIZE(canal, NFD), r'\pM', '')) AS cle_canal,
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
;

SELECT COUNTIF(`id_canal` IS NULL) AS c0, (count(`id_canal`) - count(DISTINCT `id_canal`)) AS c1, COUNTIF(`canal` IS NULL) AS c2, (count(`canal`) - count(DISTINCT `canal`)) AS c3, COUNTIF(`canal` IS NOT NULL AND `canal` NOT IN ('E-mailing', 'Facebook', 'Google Ads', 'Instagram', 'LinkedIn', 'TikTok', 'Twitter')) AS c4, COUNTIF(`cle_canal` IS NULL) AS c5, (count(`cle_canal`) - count(DISTINCT `cle_canal`)) AS c6 FROM `carttrend_clean.Canaux__trellis_staged`
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Canaux__trellis_staged` WHERE `canal` IS NOT NULL AND `canal` NOT IN ('E-mailing', 'Facebook', 'Google Ads', 'Instagram', 'LinkedIn', 'TikTok', 'Twitter')) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Canaux` AS -- One row per advertising channel seen in posts or campaigns, with an integer id.
-- Spellings that differ only by case or accents are one channel, named by its
-- most frequent spelling; ids follow the alphabetical order of the channel key.
WITH noms AS (
    SELECT NULLIF(TRIM(CAST(canal_social AS STRING)), '') AS canal
    FROM `google_drive.carttrend_posts_posts`
    UNION ALL
    SELECT NULLIF(TRIM(CAST(canal AS STRING)), '') AS canal
    FROM `google_drive.carttrend_campaigns_campagnes`
),

orthographes AS (
    SELECT
        LOWER(REGEXP_REPLACE(NORMALIZE(canal, NFD), r'\pM', '')) AS cle_canal,
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
;

DROP VIEW IF EXISTS `carttrend_clean.Canaux__trellis_staged`
;
