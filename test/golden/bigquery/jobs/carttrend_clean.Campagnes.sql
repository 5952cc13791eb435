CREATE OR REPLACE VIEW `carttrend_clean.Campagnes__trellis_staged` AS -- Marketing campaigns, one row per campaign, typed and validated.
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_campaigns_campagnes`
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(brut.id_campagne AS STRING)), '')) AS id_campagne,
        SAFE_CAST(SUBSTR(CAST(brut.date AS STRING), 1, 10) AS DATE) AS date_campagne,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(brut.evenement_oui_non AS STRING)), NFD), r'\pM', '')) AS cle_evenement,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(brut.evenement_type AS STRING)), NFD), r'\pM', '')) AS cle_type,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(brut.canal AS STRING)), NFD), r'\pM', '')) AS cle_canal,
        SAFE_CAST(REPLACE(TRIM(CAST(brut.budget AS STRING)), ',', '.') AS FLOAT64) AS budget,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(brut.impressions AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(brut.impressions AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(brut.impressions AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS impressions,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(brut.clics AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(brut.clics AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(brut.clics AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS clics,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(brut.conversions AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(brut.conversions AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(brut.conversions AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS conversions,
        SAFE_CAST(REPLACE(TRIM(CAST(brut.ctr AS STRING)), ',', '.') AS FLOAT64) AS ctr
    FROM brut
)

SELECT
    t.id_campagne,
    t.date_campagne AS date,
    CASE
        WHEN t.cle_evenement IN ('oui', 'yes', 'true', '1') THEN TRUE
        WHEN t.cle_evenement IN ('non', 'no', 'false', '0') THEN FALSE
    END AS evenement,
    CASE t.cle_type
        WHEN 'noel' THEN 'Noël'
        WHEN 'soldes' THEN 'Soldes'
        WHEN 'black friday' THEN 'Black Friday'
        WHEN 'aucun' THEN 'Aucun'
    END AS evenement_type,
    c.id_canal,
    c.canal,
    CASE WHEN t.budget >= 0 THEN t.budget END AS budget,
    CASE WHEN t.impressions >= 0 THEN t.impressions END AS impressions,
    CASE WHEN t.clics >= 0 THEN t.clics END AS clics,
    CASE WHEN t.conversions >= 0 THEN t.conversions END AS conversions,
    CASE WHEN t.ctr BETWEEN 0 AND 1 THEN t.ctr END AS ctr
FROM typees AS t
LEFT JOIN `carttrend_clean.Canaux` AS c ON c.cle_canal = t.cle_canal
WHERE t.id_campagne IS NOT NULL
;

SELECT COUNTIF(NOT (budget > 0 AND impressions > 0 AND clics > 0 AND conversions > 0)) AS c0, COUNTIF(NOT (clics <= impressions AND conversions <= clics)) AS c1, (count(`id_campagne`) - count(DISTINCT `id_campagne`)) AS c2, COUNTIF(`id_campagne` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`id_campagne` AS STRING), r'^CAMP[0-9]{3}$')) AS c3, COUNTIF(`evenement_type` IS NOT NULL AND `evenement_type` NOT IN ('Noël', 'Soldes', 'Black Friday', 'Aucun')) AS c4, COUNTIF(`budget` IS NULL) AS c5, COUNTIF(`ctr` IS NOT NULL AND (`ctr` < 0 OR `ctr` > 1)) AS c6, COUNTIF(`ctr` IS NULL) AS c7 FROM `carttrend_clean.Campagnes__trellis_staged`
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Campagnes__trellis_staged` AS child WHERE child.`id_canal` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Canaux` AS parent WHERE parent.`id_canal` = child.`id_canal`)) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Campagnes__trellis_staged` WHERE `budget` IS NULL) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Campagnes__trellis_staged` WHERE `ctr` IS NULL) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Campagnes` AS -- Marketing campaigns, one row per campaign, typed and validated.
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_campaigns_campagnes`
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(brut.id_campagne AS STRING)), '')) AS id_campagne,
        SAFE_CAST(SUBSTR(CAST(brut.date AS STRING), 1, 10) AS DATE) AS date_campagne,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(brut.evenement_oui_non AS STRING)), NFD), r'\pM', '')) AS cle_evenement,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(brut.evenement_type AS STRING)), NFD), r'\pM', '')) AS cle_type,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(brut.canal AS STRING)), NFD), r'\pM', '')) AS cle_canal,
        SAFE_CAST(REPLACE(TRIM(CAST(brut.budget AS STRING)), ',', '.') AS FLOAT64) AS budget,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(brut.impressions AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(brut.impressions AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(brut.impressions AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS impressions,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(brut.clics AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(brut.clics AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(brut.clics AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS clics,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(brut.conversions AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(brut.conversions AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(brut.conversions AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS conversions,
        SAFE_CAST(REPLACE(TRIM(CAST(brut.ctr AS STRING)), ',', '.') AS FLOAT64) AS ctr
    FROM brut
)

SELECT
    t.id_campagne,
    t.date_campagne AS date,
    CASE
        WHEN t.cle_evenement IN ('oui', 'yes', 'true', '1') THEN TRUE
        WHEN t.cle_evenement IN ('non', 'no', 'false', '0') THEN FALSE
    END AS evenement,
    CASE t.cle_type
        WHEN 'noel' THEN 'Noël'
        WHEN 'soldes' THEN 'Soldes'
        WHEN 'black friday' THEN 'Black Friday'
        WHEN 'aucun' THEN 'Aucun'
    END AS evenement_type,
    c.id_canal,
    c.canal,
    CASE WHEN t.budget >= 0 THEN t.budget END AS budget,
    CASE WHEN t.impressions >= 0 THEN t.impressions END AS impressions,
    CASE WHEN t.clics >= 0 THEN t.clics END AS clics,
    CASE WHEN t.conversions >= 0 THEN t.conversions END AS conversions,
    CASE WHEN t.ctr BETWEEN 0 AND 1 THEN t.ctr END AS ctr
FROM typees AS t
LEFT JOIN `carttrend_clean.Canaux` AS c ON c.cle_canal = t.cle_canal
WHERE t.id_campagne IS NOT NULL
;

DROP VIEW IF EXISTS `carttrend_clean.Campagnes__trellis_staged`
;
