-- film_languages: bridge film ↔ spoken language (ISO 639-1 code and its native name).
WITH listed AS (
    SELECT
        id AS film_id,
        unnest(entries) AS entry,
        unnest(generate_series(1, len(entries))) AS position
    FROM (
        SELECT id, from_json(spoken_languages, '[{"iso_639_1":"VARCHAR","name":"VARCHAR"}]') AS entries
        FROM landing_movies_metadata
        WHERE spoken_languages IS NOT NULL
    )
)
SELECT film_id, entry.iso_639_1 AS language_code, arg_min(entry.name, position) AS language, min(position) AS position
FROM listed
WHERE entry.iso_639_1 IS NOT NULL
GROUP BY film_id, entry.iso_639_1
