-- provider_health: how each provider behaved in each ingestion run up to the run's date; one
-- row per (run_id, provider), from the request logs (provider_requests: one row per attempt)
-- and the runs' ingest reports (provider_runs).
-- requests         attempts made; successes  attempts with outcome 'ok'.
-- failures_<kind>  attempts whose outcome was server_error, timeout, connection,
--                  rate_limited, invalid_body, not_found; failures_other  any other failed
--                  outcome (http, breaker_open, deadline). An attempt 'cancelled' in favour
--                  of its hedged twin is neither a success nor a failure: it counts in
--                  requests only.
-- retries          attempts after a film's (or the list's) first: attempt > 1 (hedged
--                  duplicates of slow attempts included: they are attempts too).
-- latency_p50_ms … latency_p99_ms  interpolated percentiles of the attempts' latency.
-- breaker_trips    times the provider's circuit breaker opened (from the report).
-- films_listed     films in the list the run used; films_collected  of them, stored for the
--                  date at the end of the run (fetched now or by an earlier run of the date);
--                  films_missing  not stored.
WITH attempts AS (
    SELECT
        run_id,
        provider,
        min(ingest_date) AS ingest_date,
        count(*) AS requests,
        count(*) FILTER (WHERE outcome = 'ok') AS successes,
        count(*) FILTER (WHERE outcome = 'server_error') AS failures_server_error,
        count(*) FILTER (WHERE outcome = 'timeout') AS failures_timeout,
        count(*) FILTER (WHERE outcome = 'connection') AS failures_connection,
        count(*) FILTER (WHERE outcome = 'rate_limited') AS failures_rate_limited,
        count(*) FILTER (WHERE outcome = 'invalid_body') AS failures_invalid_body,
        count(*) FILTER (WHERE outcome = 'not_found') AS failures_not_found,
        count(*) FILTER (WHERE outcome NOT IN ('ok', 'server_error', 'timeout', 'connection',
                                               'rate_limited', 'invalid_body', 'not_found',
                                               'cancelled'))
            AS failures_other,
        count(*) FILTER (WHERE attempt > 1) AS retries,
        round(quantile_cont(latency_ms, 0.5), 3) AS latency_p50_ms,
        round(quantile_cont(latency_ms, 0.9), 3) AS latency_p90_ms,
        round(quantile_cont(latency_ms, 0.99), 3) AS latency_p99_ms
    FROM provider_requests
    GROUP BY run_id, provider
),
reports AS (
    SELECT run_id, provider, ingest_date, breaker_trips, listed,
           already_stored + fetched AS collected, missing
    FROM provider_runs
)
SELECT
    coalesce(r.run_id, a.run_id) AS run_id,
    coalesce(r.provider, a.provider) AS provider,
    coalesce(r.ingest_date, a.ingest_date) AS ingest_date,
    coalesce(a.requests, 0) AS requests,
    coalesce(a.successes, 0) AS successes,
    coalesce(a.failures_server_error, 0) AS failures_server_error,
    coalesce(a.failures_timeout, 0) AS failures_timeout,
    coalesce(a.failures_connection, 0) AS failures_connection,
    coalesce(a.failures_rate_limited, 0) AS failures_rate_limited,
    coalesce(a.failures_invalid_body, 0) AS failures_invalid_body,
    coalesce(a.failures_not_found, 0) AS failures_not_found,
    coalesce(a.failures_other, 0) AS failures_other,
    coalesce(a.retries, 0) AS retries,
    a.latency_p50_ms,
    a.latency_p90_ms,
    a.latency_p99_ms,
    r.breaker_trips,
    r.listed AS films_listed,
    r.collected AS films_collected,
    r.missing AS films_missing
FROM reports AS r
FULL OUTER JOIN attempts AS a ON a.run_id = r.run_id AND a.provider = r.provider
ORDER BY run_id, provider
