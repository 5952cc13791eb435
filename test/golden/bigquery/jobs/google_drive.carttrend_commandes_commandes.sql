-- load job: NEWLINE_DELIMITED_JSON upload into google_drive.carttrend_commandes_commandes__trellis_staged (WRITE_TRUNCATE, schema id_commande STRING, id_client STRING, id_entrepot_depart STRING, date_commande DATE, statut_commande STRING, id_promotion_appliquee STRING, mode_de_paiement STRING, numero_tracking STRING, date_livraison_estimee DATE)

-- copy job: google_drive.carttrend_commandes_commandes__trellis_staged -> google_drive.carttrend_commandes_commandes (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `google_drive.carttrend_commandes_commandes__trellis_staged`
;
