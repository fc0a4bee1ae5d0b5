-- movie_report: every film with its Wikipedia page and abstract, and how the page was found
-- (match_method, see film_wikipedia; 'none' when no page could be matched safely).
SELECT
    f.film_id,
    f.imdb_id,
    f.title,
    f.original_title,
    f.year,
    f.release_date,
    f.budget,
    f.revenue,
    f.popularity,
    f.vote_average,
    f.vote_count,
    w.wikipedia_title,
    w.wikipedia_url,
    w.abstract,
    coalesce(w.match_method, 'none') AS match_method
FROM films AS f
LEFT JOIN film_wikipedia AS w USING (film_id)
ORDER BY f.film_id
