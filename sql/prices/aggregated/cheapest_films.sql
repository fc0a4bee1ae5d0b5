-- cheapest_films: the films ranked by their latest price (prices_latest), per provider
-- (scope = the provider's name) and across providers (scope = 'all', where each offer of a
-- film is a row, so the same film may appear once per provider).
-- rank  1 = cheapest; ties go to the provider name, then the movie id (row_number: no ties).
-- Outliers stay in the ranking, flagged by is_outlier.
WITH offers AS (
    SELECT provider AS scope, * FROM prices_latest
    UNION ALL
    SELECT 'all' AS scope, * FROM prices_latest
)
SELECT
    scope,
    row_number() OVER (PARTITION BY scope ORDER BY price, provider, movie_id) AS rank,
    provider,
    movie_id,
    imdb_id,
    title,
    year,
    price,
    is_outlier
FROM offers
ORDER BY scope, rank
