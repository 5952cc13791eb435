-- load job: NEWLINE_DELIMITED_JSON upload into google_drive.carttrend_promotions_promotions__trellis_staged (WRITE_TRUNCATE, schema id_promotion STRING, id_produit STRING, type_promotion STRING, valeur_promotion FLOAT64, date_debut DATE, date_fin DATE, responsable_promotion STRING)

-- copy job: google_drive.carttrend_promotions_promotions__trellis_staged -> google_drive.carttrend_promotions_promotions (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `google_drive.carttrend_promotions_promotions__trellis_staged`
;
