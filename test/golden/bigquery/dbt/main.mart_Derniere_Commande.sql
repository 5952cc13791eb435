CREATE OR REPLACE TABLE `main.mart_Derniere_Commande__trellis_staged` AS -- the latest order of each client; `carttrend-test.main.mart_Derniere_Commande` is read only when built incrementally
select
    id_client,
    max(date_commande) as derniere_commande,
    DATE_DIFF(DATE '2026-01-15', max(date_commande), DAY) as jours,
    'bigquery' as moteur,
    'carttrend-test' as projet
from `carttrend-test.main.Commandes`

group by id_client
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `main.mart_Derniere_Commande__trellis_staged` AS t
;

-- copy job: main.mart_Derniere_Commande__trellis_staged -> main.mart_Derniere_Commande (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `main.mart_Derniere_Commande__trellis_staged`
;
