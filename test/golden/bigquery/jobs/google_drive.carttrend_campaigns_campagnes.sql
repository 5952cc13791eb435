-- load job: NEWLINE_DELIMITED_JSON upload into google_drive.carttrend_campaigns_campagnes__trellis_staged (WRITE_TRUNCATE, schema id_campagne STRING, date DATE, evenement_oui_non STRING, evenement_type STRING, canal STRING, budget FLOAT64, impressions INT64, clics INT64, conversions INT64, ctr STRING)

-- copy job: google_drive.carttrend_campaigns_campagnes__trellis_staged -> google_drive.carttrend_campaigns_campagnes (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `google_drive.carttrend_campaigns_campagnes__trellis_staged`
;
