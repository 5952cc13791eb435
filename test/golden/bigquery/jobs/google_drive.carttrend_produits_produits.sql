-- load job: NEWLINE_DELIMITED_JSON upload into google_drive.carttrend_produits_produits__trellis_staged (WRITE_TRUNCATE, schema id STRING, categorie STRING, marque STRING, produit STRING, prix STRING, sous_categorie STRING, variation STRING)

-- copy job: google_drive.carttrend_produits_produits__trellis_staged -> google_drive.carttrend_produits_produits (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `google_drive.carttrend_produits_produits__trellis_staged`
;
