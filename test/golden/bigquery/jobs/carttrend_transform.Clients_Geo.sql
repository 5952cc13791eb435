-- load job: NEWLINE_DELIMITED_JSON upload into carttrend_transform.Clients_Geo__trellis_staged (WRITE_TRUNCATE, schema id_client STRING, adresse_ip STRING, pays STRING, region STRING, ville STRING, looked_up_at TIMESTAMP)

SELECT adresse_ip, pays FROM `carttrend_transform.Clients_Geo__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_transform.Clients_Geo__trellis_staged` AS t
;

-- copy job: carttrend_transform.Clients_Geo__trellis_staged -> carttrend_transform.Clients_Geo (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_transform.Clients_Geo__trellis_staged`
;
