-- load job: CSV upload into google_drive.carttrend_produits_produits__trellis_staged (WRITE_TRUNCATE, autodetect)

-- copy job: google_drive.carttrend_produits_produits__trellis_staged -> google_drive.carttrend_produits_produits (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `google_drive.carttrend_produits_produits__trellis_staged`
;
