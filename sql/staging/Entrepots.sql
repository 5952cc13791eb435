-- Warehouses: location, capacity, stock and fill rate.
WITH brut AS (
    SELECT DISTINCT * FROM {{ source('google_drive', 'carttrend_entrepots_entrepots') }}
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(id_entrepot AS STRING)), '')) AS id_entrepot,
        NULLIF(TRIM(CAST(localisation AS STRING)), '') AS localisation,
        {{ safe_cast_number('capacite_max') }} AS capacite_max,
        {{ safe_cast_number('volume_stocke') }} AS volume_stocke,
        {{ safe_cast_number('temperature_moyenne_entrepot') }} AS temperature
    FROM brut
),

bornees AS (
    SELECT
        id_entrepot,
        localisation,
        CASE WHEN capacite_max < 0 THEN 0 ELSE capacite_max END AS capacite_max,
        CASE WHEN volume_stocke < 0 THEN 0 ELSE volume_stocke END AS volume_stocke,
        temperature
    FROM typees
)

SELECT
    id_entrepot,
    {{ initcap('localisation') }} AS localisation,
    capacite_max,
    volume_stocke,
    {{ safe_divide('volume_stocke', 'capacite_max') }} AS taux_remplissage,
    temperature
FROM bornees
WHERE id_entrepot IS NOT NULL
