-- load job: NEWLINE_DELIMITED_JSON upload into google_drive.carttrend_clients_clients__trellis_staged (WRITE_TRUNCATE, schema id_client STRING, prenom_client STRING, nom_client STRING, email STRING, age INT64, genre STRING, frequence_visites INT64, numero_telephone STRING, date_inscription DATE, favoris STRING, adresse_ip STRING)

-- copy job: google_drive.carttrend_clients_clients__trellis_staged -> google_drive.carttrend_clients_clients (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `google_drive.carttrend_clients_clients__trellis_staged`
;
