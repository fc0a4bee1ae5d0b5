-- films: one row per film of The Movies Dataset (dimension of the star schema).
-- Input: landing_movies_metadata (typed upstream columns, one row per TMDB id: landing keeps
-- the first of duplicate ids and quarantines the rest).
-- budget / revenue: the dataset writes 0 for "unknown", so 0 becomes NULL here; money is BIGINT
--                   (revenues exceed 2^31).
-- year:          year of release_date, NULL when the date is unknown.
-- collection_id: belongs_to_collection.id (see collections).
-- norm_title:    normalize_title(title), the key films are matched to Wikipedia pages by.
SELECT
    id AS film_id,
    imdb_id,
    title,
    original_title,
    original_language,
    release_date,
    CAST(year(release_date) AS INTEGER) AS year,
    nullif(budget, 0) AS budget,
    nullif(revenue, 0) AS revenue,
    popularity,
    vote_average,
    vote_count,
    CAST(round(runtime) AS INTEGER) AS runtime_minutes,
    status,
    adult,
    video,
    CAST(json_extract(belongs_to_collection, '$.id') AS BIGINT) AS collection_id,
    homepage,
    poster_path,
    tagline,
    overview,
    normalize_title(title) AS norm_title
FROM landing_movies_metadata
