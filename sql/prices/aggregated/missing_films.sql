-- missing_films: the films a provider lists that have no observation on the run's date —
-- what a partial run could not collect. Empty when the run is complete.
-- The list is the provider's newest stored list up to the run's date (the day's own, or the
-- last one before it when the list itself could not be fetched).
-- last_error        the outcome (and HTTP status) of the film's last attempt that day, or
--                   'not attempted' (e.g. the deadline came first).
-- last_price, last_observed_at  the film's last known price (prices_latest), NULL when the
--                   provider never answered for it.
-- A provider that has never had a list fetched has one row with movie_id NULL and last_error
-- 'movie list never fetched': the films it would name are unknown.
WITH lists AS (
    SELECT DISTINCT provider, movie_id, title
    FROM provider_listings
    QUALIFY ingest_date = max(ingest_date) OVER (PARTITION BY provider)
),
observed_today AS (
    SELECT DISTINCT provider, movie_id
    FROM price_observations
    WHERE ingest_date = getvariable('run_date')
),
last_attempts AS (
    SELECT provider, movie_id,
           outcome || CASE WHEN status > 0 THEN ' (HTTP ' || CAST(status AS VARCHAR) || ')' ELSE '' END
               AS last_error
    FROM provider_requests
    WHERE ingest_date = getvariable('run_date') AND endpoint = 'movie'
    QUALIFY row_number() OVER (
        PARTITION BY provider, movie_id ORDER BY started_at DESC, run_id DESC, attempt DESC
    ) = 1
),
never_listed AS (
    SELECT DISTINCT r.provider
    FROM provider_runs AS r
    WHERE r.ingest_date = getvariable('run_date')
      AND r.provider NOT IN (SELECT provider FROM lists)
)
SELECT
    l.provider,
    l.movie_id,
    l.title,
    coalesce(a.last_error, 'not attempted') AS last_error,
    p.price AS last_price,
    p.observed_at AS last_observed_at
FROM lists AS l
LEFT JOIN last_attempts AS a USING (provider, movie_id)
LEFT JOIN prices_latest AS p USING (provider, movie_id)
WHERE NOT EXISTS (
    SELECT 1 FROM observed_today AS o WHERE o.provider = l.provider AND o.movie_id = l.movie_id
)
UNION ALL
SELECT provider, NULL, NULL, 'movie list never fetched', NULL, NULL
FROM never_listed
ORDER BY provider, movie_id
