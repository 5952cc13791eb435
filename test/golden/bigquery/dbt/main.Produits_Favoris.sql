CREATE OR REPLACE VIEW `main.Produits_Favoris__trellis_staged` AS select id_client, TRIM(id_produit) as id_produit
from `carttrend-test.google_drive.carttrend_clients_clients`,
    UNNEST(SPLIT(favoris, ',')) as id_produit
where favoris is not null
;

CREATE OR REPLACE VIEW `main.Produits_Favoris` AS {{ the query of the staged view above }}
;

DROP VIEW IF EXISTS `main.Produits_Favoris__trellis_staged`
;
