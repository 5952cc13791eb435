-- load job: NEWLINE_DELIMITED_JSON upload into google_drive.carttrend_details_commandes_details_commandes___trellis_staged (WRITE_TRUNCATE, schema id_commande STRING, id_produit STRING, quantite INT64, emballage_special STRING)

-- copy job: google_drive.carttrend_details_commandes_details_commandes___trellis_staged -> google_drive.carttrend_details_commandes_details_commandes_ (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `google_drive.carttrend_details_commandes_details_commandes___trellis_staged`
;
