-- load job: NEWLINE_DELIMITED_JSON upload into google_drive.carttrend_posts_posts__trellis_staged (WRITE_TRUNCATE, schema id_post STRING, date_post DATE, canal_social STRING, volume_mentions INT64, sentiment_global STRING, contenu_post STRING)

-- copy job: google_drive.carttrend_posts_posts__trellis_staged -> google_drive.carttrend_posts_posts (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `google_drive.carttrend_posts_posts__trellis_staged`
;
