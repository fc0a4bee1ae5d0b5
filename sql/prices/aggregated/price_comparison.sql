-- price_comparison: the same film across providers, matched by IMDb number (imdb_id), at
-- each provider's latest price (prices_latest).
-- title, year        cinemaworld's when it has the film, else filmworld's.
-- cheaper_provider   'cinemaworld' | 'filmworld' | 'same' (equal prices); when only one
--                    provider has the film, that provider.
-- difference         |cinemaworld_price − filmworld_price|, NULL when one price is missing.
WITH pivoted AS (
    SELECT
        imdb_id,
        coalesce(min(title) FILTER (WHERE provider = 'cinemaworld'),
                 min(title) FILTER (WHERE provider = 'filmworld')) AS title,
        coalesce(min(year) FILTER (WHERE provider = 'cinemaworld'),
                 min(year) FILTER (WHERE provider = 'filmworld')) AS year,
        min(price) FILTER (WHERE provider = 'cinemaworld') AS cinemaworld_price,
        min(price) FILTER (WHERE provider = 'filmworld') AS filmworld_price
    FROM prices_latest
    WHERE provider IN ('cinemaworld', 'filmworld')
    GROUP BY imdb_id
)
SELECT
    imdb_id,
    title,
    year,
    cinemaworld_price,
    filmworld_price,
    CASE
        WHEN filmworld_price IS NULL THEN 'cinemaworld'
        WHEN cinemaworld_price IS NULL THEN 'filmworld'
        WHEN cinemaworld_price < filmworld_price THEN 'cinemaworld'
        WHEN filmworld_price < cinemaworld_price THEN 'filmworld'
        ELSE 'same'
    END AS cheaper_provider,
    abs(cinemaworld_price - filmworld_price) AS difference
FROM pivoted
ORDER BY imdb_id
