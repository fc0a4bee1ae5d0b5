-- film_wikipedia: the Wikipedia page of each film that has one we can name safely.
-- Inputs: films (norm_title = normalize_title(title), year) and landing_wikipedia_abstracts
-- (the candidate pages the scan kept: norm_title of the title without its "(…)" qualifier,
-- and the qualifier).
--
-- Tiers, first that gives one answer wins (match_method):
--   year_film  "Title (YEAR film)" or "Title (YEAR <adjective> film)" with the film's year;
--   film       "Title (film)" — when several films share the title, only the one whose
--              year the abstract mentions;
--   title      the plain "Title" page when its abstract supports it: it mentions the film's
--              year or calls it a film/movie (infobox residue — an abstract starting with
--              '|' — supports nothing); when several films share the title, only the one
--              whose year the abstract mentions.
-- Ambiguity is never guessed: a film with two candidate pages in its tier, or a page that
-- two films would claim, stays unmatched (and shows as 'none' in movie_report).
WITH pages AS (
    SELECT
        title AS wikipedia_title,
        url AS wikipedia_url,
        abstract,
        norm_title,
        lower(qualifier) AS qualifier,
        TRY_CAST(regexp_extract(lower(qualifier), '^(\d{4}) (?:[a-z\-]+ )*film$', 1) AS INTEGER)
            AS qualifier_year,
        coalesce(NOT starts_with(ltrim(abstract), '|'), false) AS has_prose
    FROM landing_wikipedia_abstracts
),
films_by_title AS (
    SELECT norm_title, count(*) AS films_with_title
    FROM films
    WHERE norm_title <> ''
    GROUP BY norm_title
),
candidates AS (
    -- tier 1: the year in the qualifier is the film's year.
    SELECT f.film_id, p.*, 1 AS tier, 'year_film' AS match_method
    FROM films AS f
    JOIN pages AS p ON p.norm_title = f.norm_title AND p.qualifier_year = f.year
    UNION ALL
    -- tier 2: "(film)".
    SELECT f.film_id, p.*, 2 AS tier, 'film' AS match_method
    FROM films AS f
    JOIN films_by_title AS t USING (norm_title)
    JOIN pages AS p ON p.norm_title = f.norm_title AND p.qualifier = 'film'
    WHERE t.films_with_title = 1
       OR regexp_matches(p.abstract, '\b' || f.year || '\b')
    UNION ALL
    -- tier 3: the plain title, when the abstract supports it.
    SELECT f.film_id, p.*, 3 AS tier, 'title' AS match_method
    FROM films AS f
    JOIN films_by_title AS t USING (norm_title)
    JOIN pages AS p ON p.norm_title = f.norm_title AND p.qualifier IS NULL
    WHERE p.has_prose
      AND (regexp_matches(p.abstract, '\b' || f.year || '\b')
           OR (t.films_with_title = 1
               AND regexp_matches(lower(p.abstract), '\b(film|movie)\b')))
),
best_tier AS (
    SELECT film_id, min(tier) AS tier FROM candidates GROUP BY film_id
),
in_best_tier AS (
    SELECT c.*, count(*) OVER (PARTITION BY c.film_id) AS pages_in_tier
    FROM candidates AS c JOIN best_tier USING (film_id, tier)
),
unique_per_film AS (
    SELECT * FROM in_best_tier WHERE pages_in_tier = 1
)
SELECT film_id, wikipedia_title, wikipedia_url, abstract, match_method
FROM unique_per_film
QUALIFY count(*) OVER (PARTITION BY wikipedia_url) = 1
