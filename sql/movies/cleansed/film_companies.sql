-- film_companies: bridge film ↔ production company, from `production_companies` (upstream
-- writes each as {'name': …, 'id': …}). position: 1-based place in the film's list.
WITH listed AS (
    SELECT
        id AS film_id,
        unnest(entries) AS entry,
        unnest(generate_series(1, len(entries))) AS position
    FROM (
        SELECT id, from_json(production_companies, '[{"id":"BIGINT","name":"VARCHAR"}]') AS entries
        FROM landing_movies_metadata
        WHERE production_companies IS NOT NULL
    )
)
SELECT film_id, entry.id AS company_id, arg_min(entry.name, position) AS company, min(position) AS position
FROM listed
WHERE entry.id IS NOT NULL AND entry.name IS NOT NULL
GROUP BY film_id, entry.id
