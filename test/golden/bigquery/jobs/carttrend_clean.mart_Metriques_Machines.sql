CREATE OR REPLACE TABLE `carttrend_clean.mart_Metriques_Machines__trellis_staged` AS -- One row per machine: where it is, its type and latest state, months
-- observed, downtime, uptime, volume processed and months spent broken down.
WITH mensuel AS (
    SELECT
        m.*,
        1 - m.temps_d_arret / (24 * EXTRACT(DAY FROM LAST_DAY(m.date))) AS uptime,
        ROW_NUMBER() OVER (
            PARTITION BY m.id_machine
            ORDER BY COALESCE(m.date, DATE '0001-01-01') DESC, m.etat_machine, m.id_entrepot
        ) AS recence
    FROM `carttrend_clean.Entrepots_Machines` AS m
),

totaux AS (
    SELECT
        id_machine,
        COUNT(*) AS nb_mois,
        MIN(mensuel.date) AS premier_mois,
        MAX(mensuel.date) AS dernier_mois,
        SUM(temps_d_arret) AS temps_arret_total,
        AVG(temps_d_arret) AS temps_arret_moyen,
        AVG(uptime) AS uptime_moyen,
        SUM(volume_traite) AS volume_traite_total,
        SUM(CASE WHEN etat_machine = 'Panne' THEN 1 ELSE 0 END) AS nb_mois_en_panne,
        SUM(CASE WHEN etat_machine = 'Maintenance' THEN 1 ELSE 0 END) AS nb_mois_en_maintenance
    FROM mensuel
    GROUP BY id_machine
)

SELECT
    t.id_machine,
    d.id_entrepot,
    e.localisation,
    d.type_machine,
    d.etat_machine AS dernier_etat,
    t.nb_mois,
    t.premier_mois,
    t.dernier_mois,
    t.temps_arret_total,
    ROUND(t.temps_arret_moyen, 2) AS temps_arret_moyen,
    t.uptime_moyen,
    t.volume_traite_total,
    t.nb_mois_en_panne,
    t.nb_mois_en_maintenance
FROM totaux AS t
JOIN mensuel AS d ON d.id_machine = t.id_machine AND d.recence = 1
LEFT JOIN `carttrend_clean.Entrepots` AS e ON e.id_entrepot = d.id_entrepot
;

SELECT COUNTIF(`id_machine` IS NULL) AS c0, (count(`id_machine`) - count(DISTINCT `id_machine`)) AS c1, COUNTIF(`uptime_moyen` IS NOT NULL AND (`uptime_moyen` < 0 OR `uptime_moyen` > 1)) AS c2 FROM `carttrend_clean.mart_Metriques_Machines__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Metriques_Machines__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Metriques_Machines__trellis_staged -> carttrend_clean.mart_Metriques_Machines (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Metriques_Machines__trellis_staged`
;
