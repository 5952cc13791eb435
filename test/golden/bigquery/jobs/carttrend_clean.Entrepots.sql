CREATE OR REPLACE VIEW `carttrend_clean.Entrepots__trellis_staged` AS {{ test/golden/bigquery/Entrepots.sql }}
;

SELECT COUNTIF(NOT (capacite_max > volume_stocke)) AS c0, COUNTIF(`id_entrepot` IS NULL) AS c1, (count(`id_entrepot`) - count(DISTINCT `id_entrepot`)) AS c2, COUNTIF(`id_entrepot` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`id_entrepot` AS STRING), r'^E[0-9]{3}$')) AS c3, COUNTIF(`capacite_max` IS NOT NULL AND (`capacite_max` < 0)) AS c4, COUNTIF(`volume_stocke` IS NOT NULL AND (`volume_stocke` < 0)) AS c5 FROM `carttrend_clean.Entrepots__trellis_staged`
;

CREATE OR REPLACE VIEW `carttrend_clean.Entrepots` AS {{ test/golden/bigquery/Entrepots.sql }}
;

DROP VIEW IF EXISTS `carttrend_clean.Entrepots__trellis_staged`
;
