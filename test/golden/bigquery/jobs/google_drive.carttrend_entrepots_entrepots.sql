-- load job: NEWLINE_DELIMITED_JSON upload into google_drive.carttrend_entrepots_entrepots__trellis_staged (WRITE_TRUNCATE, schema id_entrepot STRING, localisation STRING, capacite_max INT64, volume_stocke INT64, taux_remplissage STRING, temperature_moyenne_entrepot FLOAT64)

-- copy job: google_drive.carttrend_entrepots_entrepots__trellis_staged -> google_drive.carttrend_entrepots_entrepots (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `google_drive.carttrend_entrepots_entrepots__trellis_staged`
;
