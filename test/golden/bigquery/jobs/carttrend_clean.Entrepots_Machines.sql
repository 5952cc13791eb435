CREATE OR REPLACE VIEW `carttrend_clean.Entrepots_Machines__trellis_staged` AS {{ test/golden/bigquery/Entrepots_Machines.sql }}
;

SELECT COUNTIF(NOT (etat_machine <> 'Autre' AND type_machine <> 'Autre')) AS c0, COUNTIF(`id_machine` IS NULL) AS c1, COUNTIF(`id_machine` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`id_machine` AS STRING), r'^ME[0-9]{6}$')) AS c2, COUNTIF(`type_machine` IS NULL) AS c3, COUNTIF(`type_machine` IS NOT NULL AND `type_machine` NOT IN ('Tri', 'Maintenance', 'Transport', 'Stockage', 'Conditionnement', 'Autre')) AS c4, COUNTIF(`etat_machine` IS NULL) AS c5, COUNTIF(`etat_machine` IS NOT NULL AND `etat_machine` NOT IN ('Service', 'Panne', 'Maintenance', 'Autre')) AS c6, COUNTIF(`temps_d_arret` IS NOT NULL AND (`temps_d_arret` < 0 OR `temps_d_arret` > 744)) AS c7, COUNTIF(`temps_d_arret` IS NULL) AS c8, COUNTIF(`volume_traite` IS NOT NULL AND (`volume_traite` < 0)) AS c9, COUNTIF(`volume_traite` IS NULL) AS c10, COUNTIF(`date` IS NULL) AS c11 FROM `carttrend_clean.Entrepots_Machines__trellis_staged`
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Entrepots_Machines__trellis_staged` WHERE NOT (etat_machine <> 'Autre' AND type_machine <> 'Autre')) AS failing LIMIT 5
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Entrepots_Machines__trellis_staged` AS child WHERE child.`id_entrepot` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Entrepots` AS parent WHERE parent.`id_entrepot` = child.`id_entrepot`)) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Entrepots_Machines__trellis_staged` WHERE `volume_traite` IS NULL) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Entrepots_Machines` AS {{ test/golden/bigquery/Entrepots_Machines.sql }}
;

DROP VIEW IF EXISTS `carttrend_clean.Entrepots_Machines__trellis_staged`
;
