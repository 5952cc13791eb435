CREATE OR REPLACE VIEW `main.Commandes__trellis_staged` AS select
    c.id_commande,
    c.id_client,
    c.id_produit,
    c.date_commande,
    case
        when lower(c.statut_commande) in ('livrée', 'en transit', 'validée', 'annulée') then c.statut_commande
        else null
    end as statut_commande,
    CAST(c.quantite AS INT64) as quantite
from `carttrend-test.google_drive.carttrend_commandes_commandes` c
where c.id_commande is not null and c.id_client is not null
;

SELECT (count(`id_commande`) - count(DISTINCT `id_commande`)) AS c0, COUNTIF(`id_commande` IS NULL) AS c1 FROM `main.Commandes__trellis_staged`
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `main.Commandes__trellis_staged` AS child WHERE child.`id_client` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `main.Clients` AS parent WHERE parent.`id_client` = child.`id_client`)) AS failing LIMIT 5
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (select * from `main.Commandes__trellis_staged` where quantite <= 0) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `main.Commandes` AS {{ the query of the staged view above }}
;

DROP VIEW IF EXISTS `main.Commandes__trellis_staged`
;
