-- price_changes: each time a provider's price of a film differs from its previous
-- observation (ordered by ingest date, then observed_at). A film missing on a day is no
-- change: the next observation is compared with the last one before the gap.
-- old_price, previous_observed_at  the previous observation; new_price, changed_at  this one.
WITH ordered AS (
    SELECT
        p.provider,
        p.movie_id,
        p.imdb_id,
        p.title,
        p.price,
        p.observed_at,
        p.ingest_date,
        lag(p.price) OVER history AS previous_price,
        lag(p.observed_at) OVER history AS previous_observed_at
    FROM price_observations AS p
    WINDOW history AS (PARTITION BY p.provider, p.movie_id ORDER BY p.ingest_date, p.observed_at)
)
SELECT
    provider,
    movie_id,
    imdb_id,
    title,
    previous_price AS old_price,
    price AS new_price,
    previous_observed_at,
    observed_at AS changed_at,
    ingest_date
FROM ordered
WHERE previous_price IS NOT NULL AND price <> previous_price
ORDER BY provider, movie_id, changed_at
