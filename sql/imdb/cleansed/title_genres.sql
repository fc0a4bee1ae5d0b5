-- title_genres: bridge title ↔ genre, one row per genre listed in title.basics `genres`
-- (a comma-joined list upstream; empty and NULL lists give no rows).
SELECT DISTINCT
    tconst,
    trim(genre) AS genre
FROM (
    SELECT tconst, unnest(string_split(genres, ',')) AS genre
    FROM landing_title_basics
    WHERE genres IS NOT NULL
)
WHERE trim(genre) <> ''
