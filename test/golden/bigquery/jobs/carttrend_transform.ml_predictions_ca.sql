-- load job: NEWLINE_DELIMITED_JSON upload into carttrend_transform.ml_predictions_ca__trellis_staged (WRITE_TRUNCATE, schema date DATE, y FLOAT64, yhat FLOAT64, yhat_lower FLOAT64, yhat_upper FLOAT64)

SELECT COUNTIF(`date` IS NULL) AS c0, (count(`date`) - count(DISTINCT `date`)) AS c1, COUNTIF(`yhat` IS NULL) AS c2, COUNTIF(NOT (yhat_lower <= yhat AND yhat <= yhat_upper)) AS c3 FROM `carttrend_transform.ml_predictions_ca__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_transform.ml_predictions_ca__trellis_staged` AS t
;

-- copy job: carttrend_transform.ml_predictions_ca__trellis_staged -> carttrend_transform.ml_predictions_ca (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_transform.ml_predictions_ca__trellis_staged`
;
