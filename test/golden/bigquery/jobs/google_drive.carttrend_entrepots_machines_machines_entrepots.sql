-- load job: NEWLINE_DELIMITED_JSON upload into google_drive.carttrend_entrepots_machines_machines_entrepots__trellis_staged (WRITE_TRUNCATE, schema id INT64, id_machine STRING, id_entrepot STRING, type_machine STRING, etat_machine STRING, temps_d_arret INT64, volume_traite INT64, mois STRING)

-- copy job: google_drive.carttrend_entrepots_machines_machines_entrepots__trellis_staged -> google_drive.carttrend_entrepots_machines_machines_entrepots (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `google_drive.carttrend_entrepots_machines_machines_entrepots__trellis_staged`
;
