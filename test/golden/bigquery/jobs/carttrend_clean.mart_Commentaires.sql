CREATE OR REPLACE TABLE `carttrend_clean.mart_Commentaires__trellis_staged` AS -- Word cloud of customer comments: each cleaned word (letters and digits
-- only, upper case) with how often it appears and the mean rating of the
-- comments it appears in. English and French stop words are left out.
WITH mots_bruts AS (
    SELECT s.note_client, mot_brut
    FROM `carttrend_clean.Satisfaction` AS s,
        UNNEST(SPLIT(REGEXP_REPLACE(s.commentaire, r'[[:space:]]+', r' '), ' ')) AS mot_brut
),

mots AS (
    SELECT
        note_client,
        UPPER(REGEXP_REPLACE(mot_brut, r'[^\pL\pN]', r'')) AS mot
    FROM mots_bruts
)

SELECT
    mot,
    COUNT(*) AS frequence,
    ROUND(AVG(note_client), 1) AS note_moyenne
FROM mots
WHERE mot <> ''
    AND LOWER(mot) NOT IN (
        'a', 'about', 'above', 'after', 'again', 'against', 'ai', 'ain', 'all', 'am', 'an',
        'and', 'any', 'are', 'aren', 'arent', 'as', 'at', 'au', 'aux', 'avec', 'avez', 'avons',
        'be', 'because', 'been', 'before', 'being', 'below', 'between', 'both', 'but', 'by',
        'c', 'can', 'ce', 'ces', 'cet', 'cette', 'couldn', 'couldnt', 'd', 'dans', 'de', 'des',
        'did', 'didn', 'didnt', 'do', 'does', 'doesn', 'doesnt', 'doing', 'don', 'dont', 'down',
        'du', 'during', 'each', 'elle', 'en', 'est', 'et', 'eux', 'few', 'for', 'from',
        'further', 'had', 'hadn', 'hadnt', 'has', 'hasn', 'hasnt', 'have', 'haven', 'havent',
        'having', 'he', 'her', 'here', 'hers', 'herself', 'him', 'himself', 'his', 'how', 'i',
        'if', 'il', 'ils', 'in', 'into', 'is', 'isn', 'isnt', 'it', 'its', 'itself', 'j', 'je',
        'just', 'l', 'la', 'le', 'les', 'leur', 'll', 'lui', 'm', 'ma', 'mais', 'me', 'mes',
        'mightn', 'mightnt', 'moi', 'mon', 'more', 'most', 'mustn', 'mustnt', 'my', 'myself',
        'même', 'n', 'ne', 'needn', 'neednt', 'no', 'nor', 'nos', 'not', 'notre', 'nous', 'now',
        'o', 'of', 'off', 'on', 'once', 'only', 'ont', 'or', 'other', 'ou', 'our', 'ours',
        'ourselves', 'out', 'over', 'own', 'par', 'pas', 'pour', 'qu', 'que', 'qui', 're', 's',
        'sa', 'same', 'se', 'ses', 'shan', 'shant', 'she', 'shes', 'should', 'shouldn',
        'shouldnt', 'shouldve', 'so', 'some', 'son', 'sont', 'such', 'sur', 't', 'ta', 'te',
        'tes', 'than', 'that', 'thatll', 'the', 'their', 'theirs', 'them', 'themselves', 'then',
        'there', 'these', 'they', 'this', 'those', 'through', 'to', 'toi', 'ton', 'too', 'tu',
        'un', 'under', 'une', 'until', 'up', 've', 'very', 'vos', 'votre', 'vous', 'was',
        'wasn', 'wasnt', 'we', 'were', 'weren', 'werent', 'what', 'when', 'where', 'which',
        'while', 'who', 'whom', 'why', 'will', 'with', 'won', 'wont', 'wouldn', 'wouldnt', 'y',
        'you', 'youd', 'youll', 'your', 'youre', 'yours', 'yourself', 'yourselves', 'youve',
        'à', 'ça', 'était', 'été', 'être'
    )
GROUP BY mot
ORDER BY frequence DESC, mot
;

SELECT COUNTIF(`mot` IS NULL) AS c0, (count(`mot`) - count(DISTINCT `mot`)) AS c1, COUNTIF(`frequence` IS NOT NULL AND (`frequence` < 1)) AS c2, COUNTIF(`note_moyenne` IS NOT NULL AND (`note_moyenne` < 1 OR `note_moyenne` > 5)) AS c3 FROM `carttrend_clean.mart_Commentaires__trellis_staged`
;

SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS STRING) AS h FROM `carttrend_clean.mart_Commentaires__trellis_staged` AS t
;

-- copy job: carttrend_clean.mart_Commentaires__trellis_staged -> carttrend_clean.mart_Commentaires (WRITE_TRUNCATE)

DROP TABLE IF EXISTS `carttrend_clean.mart_Commentaires__trellis_staged`
;
