-- Marketing campaigns, one row per campaign, typed and validated.
WITH brut AS (
    SELECT DISTINCT * FROM {{ source('google_drive', 'carttrend_campaigns_campagnes') }}
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(brut.id_campagne AS STRING)), '')) AS id_campagne,
        {{ safe_cast_date('brut.date') }} AS date_campagne,
        LOWER({{ strip_accents('TRIM(CAST(brut.evenement_oui_non AS STRING))') }}) AS cle_evenement,
        LOWER({{ strip_accents('TRIM(CAST(brut.evenement_type AS STRING))') }}) AS cle_type,
        LOWER({{ strip_accents('TRIM(CAST(brut.canal AS STRING))') }}) AS cle_canal,
        {{ safe_cast_number('brut.budget') }} AS budget,
        {{ safe_cast_int('brut.impressions') }} AS impressions,
        {{ safe_cast_int('brut.clics') }} AS clics,
        {{ safe_cast_int('brut.conversions') }} AS conversions,
        {{ safe_cast_number('brut.ctr') }} AS ctr
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
LEFT JOIN {{ ref('Canaux') }} AS c ON c.cle_canal = t.cle_canal
WHERE t.id_campagne IS NOT NULL
