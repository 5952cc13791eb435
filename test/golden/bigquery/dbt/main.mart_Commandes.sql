CREATE OR REPLACE TABLE `main.mart_Commandes__trellis_staged` AS select
    co.date_commande,
    p.nom,
    ROUND(p.prix * co.quantite, 2) AS prix_total,
    cl.id_client,
    cl.tranche_age,
    co.statut_commande,
    case
        when exists (select * from `carttrend-test.main.Produits_Favoris` pf where pf.id_client = cl.id_client and pf.id_produit = p.id_produit)
        then true else false
    end as produit_favori,
    IFNULL(cl.age, 0) as age,
    'FR' as region,
    'trellis' as cible
from `carttrend-test.main.Commandes` co
left join `carttrend-test.main.Produits` p using (id_produit)
left join `carttrend-test.main.Clients` cl using (id_client)
;

SELECT COUNTIF(`prix_total` IS NULL) AS c0 FROM `main.mart_Commandes__trellis_staged`
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (-- a singular test: no order line may cost nothing
select * from `main.mart_Commandes__trellis_staged` where prix_total <= 0) AS failing LIMIT 5
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `main.mart_Commandes__trellis_staged` AS t
;

-- copy job: main.mart_Commandes__trellis_staged -> main.mart_Commandes (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `main.mart_Commandes__trellis_staged`
;
