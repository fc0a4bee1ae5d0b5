-- materialization: view
-- persons: one row per person in name.basics (dimension).
-- A pure projection of the immutable landing snapshot: kept as a view, not a second copy.
SELECT
    nconst,
    primaryName AS primary_name,
    birthYear AS birth_year,
    deathYear AS death_year,
    primaryProfession AS primary_profession,
    knownForTitles AS known_for_titles
FROM landing_name_basics
