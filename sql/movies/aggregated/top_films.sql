-- top_films: the films that returned the most per dollar spent (doc/products.md).
-- ratio     revenue / budget, over films with budget ≥ products.top_films.min_budget and
--           revenue ≥ products.top_films.min_revenue.
-- rank      1 … products.top_films.n by ratio desc, then film_id asc.
-- genres, companies  the film's lists in upstream order, joined with ", ".
-- wikipedia_url, abstract  the film's matched Wikipedia page (movie_report), NULL when none.
WITH ranked AS (
    SELECT
        f.film_id,
        f.imdb_id,
        f.title,
        f.year,
        f.budget,
        f.revenue,
        f.revenue / f.budget AS ratio,
        f.vote_average,
        row_number() OVER (ORDER BY f.revenue / f.budget DESC, f.film_id ASC) AS rank
    FROM films AS f
    WHERE f.budget >= getvariable('top_films_min_budget')
      AND f.revenue >= getvariable('top_films_min_revenue')
    QUALIFY rank <= getvariable('top_films_n')
)
SELECT
    r.rank,
    r.film_id,
    r.imdb_id,
    r.title,
    r.year,
    r.budget,
    r.revenue,
    r.ratio,
    r.vote_average,
    (SELECT string_agg(fg.genre, ', ' ORDER BY fg.position)
     FROM film_genres AS fg WHERE fg.film_id = r.film_id) AS genres,
    (SELECT string_agg(fc.company, ', ' ORDER BY fc.position)
     FROM film_companies AS fc WHERE fc.film_id = r.film_id) AS companies,
    w.wikipedia_url,
    w.abstract
FROM ranked AS r
LEFT JOIN film_wikipedia AS w USING (film_id)
ORDER BY r.rank
