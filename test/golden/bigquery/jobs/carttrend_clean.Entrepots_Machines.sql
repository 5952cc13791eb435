CREATE OR REPLACE VIEW `carttrend_clean.Entrepots_Machines__trellis_staged` AS -- Machines of the warehouses, one row per machine and month: type, state, downtime, volume.
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_entrepots_machines_machines_entrepots`
),

typees AS (
    SELECT
        id,
        UPPER(NULLIF(TRIM(CAST(id_machine AS STRING)), '')) AS id_machine,
        UPPER(NULLIF(TRIM(CAST(id_entrepot AS STRING)), '')) AS id_entrepot,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(type_machine AS STRING)), NFD), r'\pM', '')) AS cle_type,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(etat_machine AS STRING)), NFD), r'\pM', '')) AS cle_etat,
        SAFE_CAST(REPLACE(TRIM(CAST(temps_d_arret AS STRING)), ',', '.') AS FLOAT64) AS temps_d_arret,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(volume_traite AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(volume_traite AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(volume_traite AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS volume_traite,
        SAFE_CAST(CONCAT(SUBSTR(CAST(mois AS STRING), 1, 7), '-01') AS DATE) AS date_mois
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
        WHEN temps_d_arret >= 0 AND temps_d_arret <= COALESCE((24 * EXTRACT(DAY FROM LAST_DAY(date_mois))), 744)
        THEN temps_d_arret
    END AS temps_d_arret,
    CASE WHEN volume_traite >= 0 THEN volume_traite END AS volume_traite,
    date_mois AS date
FROM typees
WHERE id_machine IS NOT NULL
;

SELECT COUNTIF(NOT (etat_machine <> 'Autre' AND type_machine <> 'Autre')) AS c0, COUNTIF(`id_machine` IS NULL) AS c1, COUNTIF(`id_machine` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`id_machine` AS STRING), r'^ME[0-9]{6}$')) AS c2, COUNTIF(`type_machine` IS NULL) AS c3, COUNTIF(`type_machine` IS NOT NULL AND `type_machine` NOT IN ('Tri', 'Maintenance', 'Transport', 'Stockage', 'Conditionnement', 'Autre')) AS c4, COUNTIF(`etat_machine` IS NULL) AS c5, COUNTIF(`etat_machine` IS NOT NULL AND `etat_machine` NOT IN ('Service', 'Panne', 'Maintenance', 'Autre')) AS c6, COUNTIF(`temps_d_arret` IS NOT NULL AND (`temps_d_arret` < 0 OR `temps_d_arret` > 744)) AS c7, COUNTIF(`temps_d_arret` IS NULL) AS c8, COUNTIF(`volume_traite` IS NOT NULL AND (`volume_traite` < 0)) AS c9, COUNTIF(`volume_traite` IS NULL) AS c10, COUNTIF(`date` IS NULL) AS c11 FROM `carttrend_clean.Entrepots_Machines__trellis_staged`
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Entrepots_Machines__trellis_staged` WHERE NOT (etat_machine <> 'Autre' AND type_machine <> 'Autre')) AS failing LIMIT 5
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Entrepots_Machines__trellis_staged` AS child WHERE child.`id_entrepot` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Entrepots` AS parent WHERE parent.`id_entrepot` = child.`id_entrepot`)) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Entrepots_Machines__trellis_staged` WHERE `volume_traite` IS NULL) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Entrepots_Machines` AS -- Machines of the warehouses, one row per machine and month: type, state, downtime, volume.
WITH brut AS (
    SELECT DISTINCT * FROM `google_drive.carttrend_entrepots_machines_machines_entrepots`
),

typees AS (
    SELECT
        id,
        UPPER(NULLIF(TRIM(CAST(id_machine AS STRING)), '')) AS id_machine,
        UPPER(NULLIF(TRIM(CAST(id_entrepot AS STRING)), '')) AS id_entrepot,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(type_machine AS STRING)), NFD), r'\pM', '')) AS cle_type,
        LOWER(REGEXP_REPLACE(NORMALIZE(TRIM(CAST(etat_machine AS STRING)), NFD), r'\pM', '')) AS cle_etat,
        SAFE_CAST(REPLACE(TRIM(CAST(temps_d_arret AS STRING)), ',', '.') AS FLOAT64) AS temps_d_arret,
        SAFE_CAST(CASE WHEN SAFE_CAST(REPLACE(TRIM(CAST(volume_traite AS STRING)), ',', '.') AS FLOAT64) = TRUNC(SAFE_CAST(REPLACE(TRIM(CAST(volume_traite AS STRING)), ',', '.') AS FLOAT64)) THEN SAFE_CAST(REPLACE(TRIM(CAST(volume_traite AS STRING)), ',', '.') AS FLOAT64) END AS INT64) AS volume_traite,
        SAFE_CAST(CONCAT(SUBSTR(CAST(mois AS STRING), 1, 7), '-01') AS DATE) AS date_mois
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
        WHEN temps_d_arret >= 0 AND temps_d_arret <= COALESCE((24 * EXTRACT(DAY FROM LAST_DAY(date_mois))), 744)
        THEN temps_d_arret
    END AS temps_d_arret,
    CASE WHEN volume_traite >= 0 THEN volume_traite END AS volume_traite,
    date_mois AS date
FROM typees
WHERE id_machine IS NOT NULL
;

DROP VIEW IF EXISTS `carttrend_clean.Entrepots_Machines__trellis_staged`
;
