-- One "basket" per customer for Apriori: the distinct categories the customer
-- bought (cancelled orders excluded), in the order of their first purchase.
WITH achats AS (
    SELECT
        id_client,
        categorie,
        MIN(date_commande) AS premier_achat
    FROM {{ ref('mart_Commandes') }}
    WHERE id_client IS NOT NULL
        AND categorie IS NOT NULL
        AND statut_commande IS NOT NULL
        AND statut_commande <> 'Annulée'
    GROUP BY id_client, categorie
)

SELECT
    ARRAY_AGG(categorie ORDER BY COALESCE(premier_achat, DATE '9999-12-31'), categorie) AS categories,
    id_client,
    COUNT(*) AS nb_categories
FROM achats
GROUP BY id_client
