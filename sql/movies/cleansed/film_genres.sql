-- film_genres: bridge film ↔ genre, from the `genres` list of movies_metadata.
-- position: 1-based place of the genre in the film's list (the first one is the main genre);
-- a genre listed twice for one film keeps its first position.
WITH listed AS (
    SELECT
        id AS film_id,
        unnest(entries) AS entry,
        unnest(generate_series(1, len(entries))) AS position
    FROM (
        SELECT id, from_json(genres, '[{"id":"BIGINT","name":"VARCHAR"}]') AS entries
        FROM landing_movies_metadata
        WHERE genres IS NOT NULL
    )
)
SELECT film_id, entry.id AS genre_id, arg_min(entry.name, position) AS genre, min(position) AS position
FROM listed
WHERE entry.id IS NOT NULL AND entry.name IS NOT NULL
GROUP BY film_id, entry.id
