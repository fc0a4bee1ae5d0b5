-- principals: who was credited on which title and as what (fact, title × person).
-- `characters` keeps the upstream JSON-array text.
SELECT
    tconst,
    ordering,
    nconst,
    category,
    job,
    characters
FROM landing_title_principals
