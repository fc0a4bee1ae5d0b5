-- prices_latest: per (provider, movie_id), the newest observation up to the run's date.
-- A film the provider did not answer for today keeps its last good price with the
-- observed_at and ingest_date of that observation: price is never NULL.
-- is_current  the observation is from the run's own ingest date.
SELECT
    p.provider,
    p.movie_id,
    p.imdb_id,
    p.title,
    p.year,
    p.director,
    p.price,
    p.is_outlier,
    p.observed_at,
    p.ingest_date,
    p.ingest_date = getvariable('run_date') AS is_current
FROM price_observations AS p
QUALIFY row_number() OVER (
    PARTITION BY p.provider, p.movie_id ORDER BY p.ingest_date DESC, p.observed_at DESC
) = 1
ORDER BY p.provider, p.movie_id
