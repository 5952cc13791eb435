CREATE OR REPLACE VIEW `carttrend_clean.Commandes__trellis_staged` AS {{ test/golden/bigquery/Commandes.sql }}
;

SELECT COUNTIF((date_livraison_estimee IS NOT NULL AND date_commande IS NOT NULL) AND (NOT (date_livraison_estimee >= date_commande))) AS c0, COUNTIF(`id_commande` IS NULL) AS c1, (count(`id_commande`) - count(DISTINCT `id_commande`)) AS c2, COUNTIF(`id_commande` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`id_commande` AS STRING), r'^CMD[0-9]{5,}$')) AS c3, COUNTIF(`id_client` IS NULL) AS c4, COUNTIF(`date_commande` IS NULL) AS c5, COUNTIF(`statut_commande` IS NOT NULL AND `statut_commande` NOT IN ('En transit', 'Annulée', 'Validée', 'Livrée')) AS c6, COUNTIF(`statut_commande` IS NULL) AS c7, COUNTIF(`id_promotion` IS NOT NULL AND NOT REGEXP_CONTAINS(CAST(`id_promotion` AS STRING), r'^P[0-9]{3,}$')) AS c8, COUNTIF(`mode_de_paiement` IS NOT NULL AND `mode_de_paiement` NOT IN ('PayPal', 'Virement bancaire', 'Carte de crédit')) AS c9, COUNTIF(`date_livraison_estimee` IS NULL) AS c10 FROM `carttrend_clean.Commandes__trellis_staged`
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Commandes__trellis_staged` WHERE `id_client` IS NULL) AS failing LIMIT 5
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Commandes__trellis_staged` AS child WHERE child.`id_client` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Clients` AS parent WHERE parent.`id_client` = child.`id_client`)) AS failing LIMIT 5
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Commandes__trellis_staged` AS child WHERE child.`id_entrepot` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Entrepots` AS parent WHERE parent.`id_entrepot` = child.`id_entrepot`)) AS failing LIMIT 5
;

SELECT *, count(*) OVER () AS __trellis_failing_rows FROM (SELECT child.* FROM `carttrend_clean.Commandes__trellis_staged` AS child WHERE child.`id_promotion` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `carttrend_clean.Promotions` AS parent WHERE parent.`id_promotion` = child.`id_promotion`)) AS failing LIMIT 5
;

SELECT * FROM (SELECT * FROM `carttrend_clean.Commandes__trellis_staged` WHERE `date_livraison_estimee` IS NULL) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `carttrend_clean.Commandes` AS {{ test/golden/bigquery/Commandes.sql }}
;

DROP VIEW IF EXISTS `carttrend_clean.Commandes__trellis_staged`
;
