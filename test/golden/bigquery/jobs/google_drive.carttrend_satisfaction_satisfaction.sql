-- load job: NEWLINE_DELIMITED_JSON upload into google_drive.carttrend_satisfaction_satisfaction__trellis_staged (WRITE_TRUNCATE, schema id_satisfaction STRING, id_commande STRING, note_client INT64, commentaire STRING, plainte STRING, temps_reponse_support INT64, type_plainte STRING, employe_support STRING)

-- copy job: google_drive.carttrend_satisfaction_satisfaction__trellis_staged -> google_drive.carttrend_satisfaction_satisfaction (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `google_drive.carttrend_satisfaction_satisfaction__trellis_staged`
;
