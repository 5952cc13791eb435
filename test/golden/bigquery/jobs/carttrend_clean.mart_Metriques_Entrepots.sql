CREATE OR REPLACE TABLE `carttrend_clean.mart_Metriques_Entrepots__trellis_staged` AS -- Logistics per warehouse: stock and fill rate, orders shipped, delivery
-- delays, and the machines' downtime, uptime and volume.
WITH commandes AS (
    SELECT
        id_entrepot,
        COUNT(*) AS nb_commandes,
        SUM(CASE WHEN statut_commande = 'Annulée' THEN 1 ELSE 0 END) AS nb_commandes_annulees,
        AVG(DATE_DIFF(date_livraison_estimee, date_commande, DAY)) AS delai_livraison_moyen_jours
    FROM `carttrend_clean.Commandes`
    GROUP BY id_entrepot
),

machines AS (
    SELECT
        m.id_entrepot,
        COUNT(DISTINCT m.id_machine) AS nb_machines,
        SUM(m.temps_d_arret) AS temps_arret_total,
        AVG(1 - m.temps_d_arret / (24 * EXTRACT(DAY FROM LAST_DAY(m.date)))) AS uptime_moyen,
        SUM(m.volume_traite) AS volume_traite_total,
        SUM(CASE WHEN m.etat_machine = 'Panne' THEN 1 ELSE 0 END) AS nb_mois_machine_en_panne
    FROM `carttrend_clean.Entrepots_Machines` AS m
    GROUP BY m.id_entrepot
)

SELECT
    e.id_entrepot,
    e.localisation,
    e.capacite_max,
    e.volume_stocke,
    e.taux_remplissage,
    e.capacite_max - e.volume_stocke AS capacite_disponible,
    e.temperature,
    COALESCE(c.nb_commandes, 0) AS nb_commandes,
    COALESCE(c.nb_commandes_annulees, 0) AS nb_commandes_annulees,
    SAFE_DIVIDE(c.nb_commandes_annulees, c.nb_commandes) AS taux_annulation,
    ROUND(c.delai_livraison_moyen_jours, 2) AS delai_livraison_moyen_jours,
    COALESCE(m.nb_machines, 0) AS nb_machines,
    COALESCE(m.temps_arret_total, 0) AS temps_arret_total,
    m.uptime_moyen,
    COALESCE(m.volume_traite_total, 0) AS volume_traite_total,
    COALESCE(m.nb_mois_machine_en_panne, 0) AS nb_mois_machine_en_panne
FROM `carttrend_clean.Entrepots` AS e
LEFT JOIN commandes AS c ON c.id_entrepot = e.id_entrepot
LEFT JOIN machines AS m ON m.id_entrepot = e.id_entrepot
;

SELECT COUNTIF(`id_entrepot` IS NULL) AS c0, (count(`id_entrepot`) - count(DISTINCT `id_entrepot`)) AS c1, COUNTIF(`taux_annulation` IS NOT NULL AND (`taux_annulation` < 0 OR `taux_annulation` > 1)) AS c2, COUNTIF(`uptime_moyen` IS NOT NULL AND (`uptime_moyen` < 0 OR `uptime_moyen` > 1)) AS c3 FROM `carttrend_clean.mart_Metriques_Entrepots__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Metriques_Entrepots__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Metriques_Entrepots__trellis_staged -> carttrend_clean.mart_Metriques_Entrepots (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Metriques_Entrepots__trellis_staged`
;
