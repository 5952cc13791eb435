CREATE OR REPLACE VIEW `carttrend_clean.Details_commandes__trellis_staged` AS {{ test/golden/bigquery/Details_commandes.sql }}
;

SELECT COUNTIF(`id_commande` IS NULL) AS c0, COUNTIF(`quantite` IS NOT NULL AND (`quantite` < 1)) AS c1, COUNTIF(`quantite` IS NULL) AS c2, COUNTIF((quantite IS NOT NULL) AND (NOT (quantite <= 100))) AS c3 FROM `carttrend_clean.Details_commandes__trellis_staged`
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Details_commandes__trellis_staged` AS child WHERE child.`id_commande` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Commandes` AS parent WHERE parent.`id_commande` = child.`id_commande`)) AS failing LIMIT 5
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Details_commandes__trellis_staged` AS child WHERE child.`id_produit` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Produits` AS parent WHERE parent.`id_produit` = child.`id_produit`)) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Details_commandes__trellis_staged` WHERE `quantite` IS NULL) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM (SELECT * FROM `carttrend_clean.Details_commandes__trellis_staged` WHERE quantite IS NOT NULL) WHERE NOT (quantite <= 100)) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Details_commandes` AS {{ test/golden/bigquery/Details_commandes.sql }}
;

DROP VIEW IF EXISTS `carttrend_clean.Details_commandes__trellis_staged`
;
