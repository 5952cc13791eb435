CREATE OR REPLACE TABLE `carttrend_clean.mart_Engagement_Campagnes__trellis_staged` AS -- Marketing engagement per day and channel: campaign spend and results next
-- to social media mentions and sentiment.
WITH campagnes AS (
    SELECT
        c.date AS jour,
        c.id_canal,
        COUNT(*) AS nb_campagnes,
        SUM(c.budget) AS budget,
        SUM(c.impressions) AS impressions,
        SUM(c.clics) AS clics,
        SUM(c.conversions) AS conversions
    FROM `carttrend_clean.Campagnes` AS c
    WHERE c.date IS NOT NULL
    GROUP BY 1, 2
),

posts AS (
    SELECT
        p.date_post AS jour,
        p.id_canal,
        COUNT(*) AS nb_posts,
        SUM(p.volume_mentions) AS volume_mentions,
        SUM(CASE WHEN p.sentiment_global = 'Positif' THEN 1 ELSE 0 END) AS nb_posts_positifs,
        SUM(CASE WHEN p.sentiment_global = 'Neutre' THEN 1 ELSE 0 END) AS nb_posts_neutres,
        SUM(CASE WHEN p.sentiment_global = 'Négatif' THEN 1 ELSE 0 END) AS nb_posts_negatifs
    FROM `carttrend_clean.Posts` AS p
    WHERE p.date_post IS NOT NULL
    GROUP BY 1, 2
),

jours_canaux AS (
    SELECT jour, id_canal FROM campagnes
    UNION DISTINCT
    SELECT jour, id_canal FROM posts
)

SELECT
    k.jour AS date,
    k.id_canal,
    ca.canal,
    COALESCE(cp.nb_campagnes, 0) AS nb_campagnes,
    COALESCE(cp.budget, 0) AS budget,
    COALESCE(cp.impressions, 0) AS impressions,
    COALESCE(cp.clics, 0) AS clics,
    COALESCE(cp.conversions, 0) AS conversions,
    SAFE_DIVIDE(cp.clics, cp.impressions) AS ctr,
    SAFE_DIVIDE(cp.conversions, cp.clics) AS taux_conversion,
    COALESCE(po.nb_posts, 0) AS nb_posts,
    COALESCE(po.volume_mentions, 0) AS volume_mentions,
    COALESCE(po.nb_posts_positifs, 0) AS nb_posts_positifs,
    COALESCE(po.nb_posts_neutres, 0) AS nb_posts_neutres,
    COALESCE(po.nb_posts_negatifs, 0) AS nb_posts_negatifs,
    -- from -1 (every post negative) to 1 (every post positive)
    SAFE_DIVIDE(po.nb_posts_positifs - po.nb_posts_negatifs, po.nb_posts) AS score_sentiment
FROM jours_canaux AS k
LEFT JOIN campagnes AS cp ON cp.jour = k.jour AND cp.id_canal IS NOT DISTINCT FROM k.id_canal
LEFT JOIN posts AS po ON po.jour = k.jour AND po.id_canal IS NOT DISTINCT FROM k.id_canal
LEFT JOIN `carttrend_clean.Canaux` AS ca ON ca.id_canal = k.id_canal
;

SELECT COUNTIF(NOT (nb_campagnes > 0 OR nb_posts > 0)) AS c0, COUNTIF(`date` IS NULL) AS c1, COUNTIF(`score_sentiment` IS NOT NULL AND (`score_sentiment` < -1 OR `score_sentiment` > 1)) AS c2 FROM `carttrend_clean.mart_Engagement_Campagnes__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Engagement_Campagnes__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Engagement_Campagnes__trellis_staged -> carttrend_clean.mart_Engagement_Campagnes (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Engagement_Campagnes__trellis_staged`
;
