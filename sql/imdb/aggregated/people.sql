-- people: actors and actresses ranked by the rating of their movies (doc/products.md).
--
-- role            principal category 'actor' or 'actress'; someone credited under both has
--                 a row for each.
-- titles          distinct titles of a type in products.people.title_types that have a rating
--                 (a ratings row with a NULL averageRating or numVotes is not a rating).
-- avg_rating      mean of those titles' average_rating.
-- weighted_rating Σ(average_rating × num_votes) / Σ num_votes.
-- votes           Σ num_votes.
-- runtime_minutes Σ runtime_minutes, NULLs ignored (NULL when all are unknown).
-- name            persons.primary_name; NULL when the person is missing from name.basics.
-- Kept when titles ≥ products.people.min_titles and votes ≥ products.people.min_votes.
-- rank            position within role by avg_rating desc, votes desc, nconst asc.
WITH rated_titles AS (
    SELECT t.tconst, r.average_rating, r.num_votes, t.runtime_minutes
    FROM titles AS t
    JOIN ratings AS r USING (tconst)
    WHERE list_contains(getvariable('people_title_types'), t.title_type)
      AND r.average_rating IS NOT NULL
      AND r.num_votes IS NOT NULL
),
credits AS (
    SELECT DISTINCT nconst, category AS role, tconst
    FROM principals
    WHERE category IN ('actor', 'actress')
),
per_person AS (
    SELECT
        c.nconst,
        c.role,
        count(*) AS titles,
        CAST(avg(rt.average_rating) AS DOUBLE) AS avg_rating,
        CAST(sum(rt.average_rating * rt.num_votes) AS DOUBLE)
            / nullif(sum(rt.num_votes), 0) AS weighted_rating,
        sum(rt.num_votes) AS votes,
        sum(rt.runtime_minutes) AS runtime_minutes
    FROM credits AS c
    JOIN rated_titles AS rt USING (tconst)
    GROUP BY c.nconst, c.role
)
SELECT
    pp.nconst,
    pe.primary_name AS name,
    pp.role,
    pp.titles,
    pp.avg_rating,
    pp.weighted_rating,
    CAST(pp.votes AS BIGINT) AS votes,
    CAST(pp.runtime_minutes AS BIGINT) AS runtime_minutes,
    row_number() OVER (
        PARTITION BY pp.role ORDER BY pp.avg_rating DESC, pp.votes DESC, pp.nconst ASC
    ) AS rank
FROM per_person AS pp
LEFT JOIN persons AS pe USING (nconst)
WHERE pp.titles >= getvariable('people_min_titles')
  AND pp.votes >= getvariable('people_min_votes')
ORDER BY pp.role, rank
