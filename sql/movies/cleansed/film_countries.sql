-- film_countries: bridge film ↔ production country (ISO 3166-1 code and name).
WITH listed AS (
    SELECT
        id AS film_id,
        unnest(entries) AS entry,
        unnest(generate_series(1, len(entries))) AS position
    FROM (
        SELECT id, from_json(production_countries, '[{"iso_3166_1":"VARCHAR","name":"VARCHAR"}]') AS entries
        FROM landing_movies_metadata
        WHERE production_countries IS NOT NULL
    )
)
SELECT film_id, entry.iso_3166_1 AS country_code, arg_min(entry.name, position) AS country, min(position) AS position
FROM listed
WHERE entry.iso_3166_1 IS NOT NULL
GROUP BY film_id, entry.iso_3166_1
