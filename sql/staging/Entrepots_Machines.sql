-- Machines of the warehouses, one row per machine and month: type, state, downtime, volume.
WITH brut AS (
    SELECT DISTINCT * FROM {{ source('google_drive', 'carttrend_entrepots_machines_machines_entrepots') }}
),

typees AS (
    SELECT
        id,
        UPPER(NULLIF(TRIM(CAST(id_machine AS STRING)), '')) AS id_machine,
        UPPER(NULLIF(TRIM(CAST(id_entrepot AS STRING)), '')) AS id_entrepot,
        LOWER({{ strip_accents('TRIM(CAST(type_machine AS STRING))') }}) AS cle_type,
        LOWER({{ strip_accents('TRIM(CAST(etat_machine AS STRING))') }}) AS cle_etat,
        {{ safe_cast_number('temps_d_arret') }} AS temps_d_arret,
        {{ safe_cast_int('volume_traite') }} AS volume_traite,
        {{ parse_month('mois') }} AS date_mois
    FROM brut
)

SELECT
    id,
    id_machine,
    id_entrepot,
    CASE cle_type
        WHEN 'tri' THEN 'Tri'
        WHEN 'maintenance' THEN 'Maintenance'
        WHEN 'transport' THEN 'Transport'
        WHEN 'stockage' THEN 'Stockage'
        WHEN 'conditionnement' THEN 'Conditionnement'
        ELSE 'Autre'
    END AS type_machine,
    CASE cle_etat
        WHEN 'en service' THEN 'Service'
        WHEN 'en panne' THEN 'Panne'
        WHEN 'en maintenance' THEN 'Maintenance'
        ELSE 'Autre'
    END AS etat_machine,
    -- Hours of downtime in the month: between 0 and the hours the month has (744 at most).
    CASE
        WHEN temps_d_arret >= 0 AND temps_d_arret <= COALESCE({{ hours_in_month('date_mois') }}, 744)
        THEN temps_d_arret
    END AS temps_d_arret,
    CASE WHEN volume_traite >= 0 THEN volume_traite END AS volume_traite,
    date_mois AS date
FROM typees
WHERE id_machine IS NOT NULL
