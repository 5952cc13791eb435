-- Features and target for the uptime regression (one XGBoost model per machine
-- type): month, warehouse location and temperature, volume processed, and
-- uptime = 1 - downtime / hours in the month.
SELECT
    EXTRACT(MONTH FROM m.date) AS month,
    e.localisation,
    e.temperature,
    m.volume_traite,
    m.type_machine,
    1 - m.temps_d_arret / {{ hours_in_month('m.date') }} AS pourcentage_uptime
FROM {{ ref('Entrepots_Machines') }} AS m
JOIN {{ ref('Entrepots') }} AS e ON e.id_entrepot = m.id_entrepot
-- The regressor takes no missing values: rows lacking a feature or the target are left out.
WHERE m.date IS NOT NULL
    AND m.temps_d_arret IS NOT NULL
    AND m.volume_traite IS NOT NULL
    AND e.localisation IS NOT NULL
    AND e.temperature IS NOT NULL
