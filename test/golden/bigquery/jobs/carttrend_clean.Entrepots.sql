CREATE OR REPLACE VIEW `carttrend_clean.Entrepots__trellis_staged` AS -- Warehouses: location, capacity, stock and fill rate.
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
;

SELECT COUNTIF(NOT (capacite_max > volume_stocke)) AS c0, COUNTIF(`id_entrepot` IS NULL) AS c1, (count(`id_entrepot`) - count(DISTINCT `id_entrepot`)) AS c2, COUNTIF(`id_entrepot` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`id_entrepot` AS STRING), r'^E[0-9]{3}$')) AS c3, COUNTIF(`capacite_max` IS NOT NULL AND (`capacite_max` < 0)) AS c4, COUNTIF(`volume_stocke` IS NOT NULL AND (`volume_stocke` < 0)) AS c5 FROM `carttrend_clean.Entrepots__trellis_staged`
;

CREATE OR REPLACE VIEW `carttrend_clean.Entrepots` AS -- Warehouses: location, capacity, stock and fill rate.
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
;

DROP VIEW IF EXISTS `carttrend_clean.Entrepots__trellis_staged`
;
