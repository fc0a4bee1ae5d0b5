-- materialization: view
-- titles: one row per IMDb title (dimension of the star schema).
-- Input: landing_title_basics (typed upstream columns). Upstream names become snake_case;
-- is_adult stays BOOLEAN; years and runtime stay NULL when unknown.
-- A pure projection of the immutable landing snapshot: kept as a view, not a second copy.
SELECT
    tconst,
    titleType AS title_type,
    primaryTitle AS primary_title,
    originalTitle AS original_title,
    isAdult AS is_adult,
    startYear AS start_year,
    endYear AS end_year,
    runtimeMinutes AS runtime_minutes
FROM landing_title_basics
