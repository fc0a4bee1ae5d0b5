-- materialization: view
-- principals: who was credited on which title and as what (fact, title × person).
-- `characters` keeps the upstream JSON-array text. A pure projection of the immutable landing
-- snapshot, so it is kept as a view rather than a second copy of ~95M rows.
SELECT
    tconst,
    ordering,
    nconst,
    category,
    job,
    characters
FROM landing_title_principals
