-- collections: one row per TMDB collection (a film series), from belongs_to_collection.
WITH listed AS (
    SELECT
        id AS film_id,
        from_json(belongs_to_collection,
                  '{"id":"BIGINT","name":"VARCHAR","poster_path":"VARCHAR","backdrop_path":"VARCHAR"}') AS c
    FROM landing_movies_metadata
    WHERE belongs_to_collection IS NOT NULL
)
SELECT
    c.id AS collection_id,
    arg_min(c.name, film_id) AS name,
    arg_min(c.poster_path, film_id) AS poster_path,
    arg_min(c.backdrop_path, film_id) AS backdrop_path,
    count(*) AS films
FROM listed
WHERE c.id IS NOT NULL
GROUP BY c.id
