-- company_year: per production company per release year (doc/products.md); the columns are
-- defined as in genre_year. A film made by several companies counts for each of them.
SELECT
    f.year,
    fc.company,
    count(*) AS releases,
    CAST(coalesce(sum(f.budget), 0) AS BIGINT) AS budget,
    CAST(coalesce(sum(f.revenue), 0) AS BIGINT) AS revenue,
    CAST(coalesce(sum(f.revenue - f.budget), 0) AS BIGINT) AS profit,
    -- Averaged as exact decimals (TMDB publishes 6 digits) so the result does not depend on the
    -- order in which threads combine partial sums: two runs give identical products.
    CAST(avg(CAST(f.popularity AS DECIMAL(38, 6))) AS DOUBLE) AS avg_popularity
FROM films AS f
JOIN film_companies AS fc USING (film_id)
WHERE f.year IS NOT NULL
GROUP BY f.year, fc.company
ORDER BY f.year, fc.company
