-- price_observations: every price the providers gave, on every ingest date up to the run's
-- (doc/products.md). One row per (provider, movie_id, ingest_date): the detail stored that day.
-- ingest_date  the day's partition the observation belongs to (history input).
-- observed_at  when the provider answered (the raw sidecar's fetched_at, UTC).
-- is_outlier   price > products.prices.outlier_factor × the median price of that provider's
--              observations of the same day (e.g. 123343.5 among prices around 100). Outliers
--              are kept and flagged, never dropped.
SELECT
    o.provider,
    o.movie_id,
    o.imdb_id,
    o.title,
    o.year,
    o.director,
    o.genre,
    o.rated,
    o.runtime,
    o.price,
    o.price_text,
    o.observed_at,
    o.ingest_date,
    o.run_id,
    o.price > getvariable('outlier_factor')
        * median(o.price) OVER (PARTITION BY o.provider, o.ingest_date) AS is_outlier
FROM landing_price_observations AS o
ORDER BY o.provider, o.movie_id, o.ingest_date
