CREATE OR REPLACE VIEW `main.Clients__trellis_staged` AS -- Clients with a valid id: bad emails, ages and future sign-up dates become NULL
select
    id_client,
    CASE WHEN REGEXP_CONTAINS(email, r'^[\w\.-]+@[\w-]+\.[A-Za-z.]+$') THEN email ELSE NULL END as email,
    CASE WHEN age > 0 THEN age ELSE NULL END as age,
    
    CASE
        WHEN age > 0 AND age <= 25 THEN '<=25'
        WHEN age > 25 AND age <= 40 THEN '25-40'
        WHEN age > 40 AND age <= 70 THEN '40-70'
        WHEN age > 70 THEN '>70'
        ELSE NULL
    END
 as tranche_age,
    CASE
        WHEN lower(genre) = 'homme' THEN 'Homme'
        WHEN lower(genre) = 'femme' THEN 'Femme'
        ELSE NULL
    END as genre, # BigQuery also reads '#' comments
    REGEXP_REPLACE(numero_telephone, r'\D', '') as telephone,
    CASE
        WHEN DATE_DIFF(date_inscription, CURRENT_DATE(), DAY) <= 0 THEN DATE_DIFF(CURRENT_DATE(), date_inscription, DAY)
        ELSE NULL
    END as anciennete_jours
from `carttrend-test.google_drive.carttrend_clients_clients`
where id_client is not NULL
;

SELECT COUNTIF(NOT (REGEXP_CONTAINS(id_client, r"^C\d{5}$"))) AS c0, COUNTIF(NOT (age < 110)) AS c1, (count(`id_client`) - count(DISTINCT `id_client`)) AS c2, COUNTIF(`id_client` IS NULL) AS c3, COUNTIF((genre is not null) AND (`genre` IS NOT NULL AND `genre` NOT IN ('Homme', 'Femme'))) AS c4 FROM `main.Clients__trellis_staged`
;

SELECT * FROM (SELECT * FROM `main.Clients__trellis_staged` WHERE NOT (age < 110)) AS failing LIMIT 5
;

CREATE OR REPLACE VIEW `main.Clients` AS {{ the query of the staged view above }}
;

DROP VIEW IF EXISTS `main.Clients__trellis_staged`
;
