-- load job: NEWLINE_DELIMITED_JSON upload into carttrend_transform.ml_cause_panne_machine__trellis_staged (WRITE_TRUNCATE, schema type_machine STRING, importance_month FLOAT64, importance_localisation FLOAT64, importance_temperature FLOAT64, importance_volume_traite FLOAT64, mse FLOAT64, rmse FLOAT64, rmse_mean_baseline FLOAT64, n_train INT64, n_test INT64)

SELECT type_machine, rmse, rmse_mean_baseline FROM `carttrend_transform.ml_cause_panne_machine__trellis_staged` ORDER BY type_machine
;

SELECT count(*) AS n FROM `carttrend_transform.ml_cause_panne_machine__trellis_staged`
;

DROP TABLE IF EXISTS `carttrend_transform.ml_cause_panne_machine__trellis_staged`
;
