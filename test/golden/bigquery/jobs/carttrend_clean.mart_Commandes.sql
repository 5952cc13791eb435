CREATE OR REPLACE TABLE `carttrend_clean.mart_Commandes__trellis_staged` AS {{ test/golden/bigquery/mart_Commandes.sql }}
;

SELECT COUNTIF((prix_initial IS NOT NULL) AND (NOT (prix_apres_remise <= prix_initial))) AS c0, (CASE WHEN count(*) < 1 THEN 1 ELSE 0 END) AS c1, COUNTIF(`id_commande` IS NULL) AS c2, COUNTIF(`jour_semaine` IS NOT NULL AND (`jour_semaine` < 1 OR `jour_semaine` > 7)) AS c3, COUNTIF(`prix_initial` IS NOT NULL AND (`prix_initial` < 0)) AS c4, COUNTIF(`prix_apres_remise` IS NOT NULL AND (`prix_apres_remise` < 0)) AS c5, COUNTIF(`pourcentage_promotion` IS NOT NULL AND (`pourcentage_promotion` > 1)) AS c6, COUNTIF(`produit_favori` IS NULL) AS c7 FROM `carttrend_clean.mart_Commandes__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Commandes__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Commandes__trellis_staged -> carttrend_clean.mart_Commandes (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Commandes__trellis_staged`
;
