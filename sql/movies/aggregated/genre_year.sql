-- genre_year: per genre per release year (doc/products.md).
-- year            year of release_date; films without one are left out.
-- releases        films of the genre released that year.
-- budget          Σ budget over those films with a known budget (> 0); 0 when none.
-- revenue         Σ revenue over those films with a known revenue (> 0); 0 when none.
-- profit          Σ (revenue − budget) over those films with both known; 0 when none.
-- avg_popularity  mean TMDB popularity over the films that have one; NULL when none.
SELECT
    f.year,
    fg.genre,
    count(*) AS releases,
    CAST(coalesce(sum(f.budget), 0) AS BIGINT) AS budget,
    CAST(coalesce(sum(f.revenue), 0) AS BIGINT) AS revenue,
    CAST(coalesce(sum(f.revenue - f.budget), 0) AS BIGINT) AS profit,
    -- Averaged as exact decimals (TMDB publishes 6 digits) so the result does not depend on the
    -- order in which threads combine partial sums: two runs give identical products.
    CAST(avg(CAST(f.popularity AS DECIMAL(38, 6))) AS DOUBLE) AS avg_popularity
FROM films AS f
JOIN film_genres AS fg USING (film_id)
WHERE f.year IS NOT NULL
GROUP BY f.year, fg.genre
ORDER BY f.year, fg.genre
