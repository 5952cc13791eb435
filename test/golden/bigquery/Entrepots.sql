-- Warehouses: location, capacity, stock and fill rate.
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_entrepots_entrepots`
),

typees AS (
    SELECT
        UPPER(NULLIF(TRIM(CAST(id_entrepot AS STRING)), '')) AS id_entrepot,
        NULLIF(TRIM(CAST(localisation AS STRING)), '') AS localisation,
        SAFE_CAST(REPLACE(TRIM(CAST(capacite_max AS STRING)), ',', '.') AS FLOAT64) AS capacite_max,
        SAFE_CAST(REPLACE(TRIM(CAST(volume_stocke AS STRING)), ',', '.') AS FLOAT64) AS volume_stocke,
        SAFE_CAST(REPLACE(TRIM(CAST(temperature_moyenne_entrepot AS STRING)), ',', '.') AS FLOAT64) AS temperature
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
    INITCAP(localisation) AS localisation,
    capacite_max,
    volume_stocke,
    SAFE_DIVIDE(volume_stocke, capacite_max) AS taux_remplissage,
    temperature
FROM bornees
WHERE id_entrepot IS NOT NULL
