-- "DuckDB alone, plain": the `people` ranking the way a DuckDB user would write it first —
-- typed read_csv straight on the files, no validation beyond ignore_errors. It is faster than
-- bench/duckdb_people.sql (which validates every row like the reference) and gives the same
-- rows on clean data; on --defects data it may keep rows reelhouse quarantines. Same
-- placeholders as bench/duckdb_people.sql.

CREATE TEMP MACRO imdb_tsv(path, column_types) AS TABLE
  SELECT * FROM read_csv(path, columns = column_types, delim = '\t', quote = '', escape = '',
                         header = true, auto_detect = false, nullstr = '\N',
                         ignore_errors = true);

COPY (
  WITH
  titles AS (
    SELECT tconst, titleType AS title_type, runtimeMinutes AS runtime_minutes
    FROM imdb_tsv('{{DIR}}/title.basics{{EXT}}',
                  {'tconst': 'VARCHAR', 'titleType': 'VARCHAR', 'primaryTitle': 'VARCHAR',
                   'originalTitle': 'VARCHAR', 'isAdult': 'INTEGER', 'startYear': 'INTEGER',
                   'endYear': 'INTEGER', 'runtimeMinutes': 'INTEGER', 'genres': 'VARCHAR'})
  ),
  ratings AS (
    SELECT tconst, CAST(averageRating AS DECIMAL(3, 1)) AS average_rating, numVotes AS num_votes
    FROM imdb_tsv('{{DIR}}/title.ratings{{EXT}}',
                  {'tconst': 'VARCHAR', 'averageRating': 'DOUBLE', 'numVotes': 'BIGINT'})
  ),
  principals AS (
    SELECT tconst, nconst, category
    FROM imdb_tsv('{{DIR}}/title.principals{{EXT}}',
                  {'tconst': 'VARCHAR', 'ordering': 'INTEGER', 'nconst': 'VARCHAR',
                   'category': 'VARCHAR', 'job': 'VARCHAR', 'characters': 'VARCHAR'})
  ),
  persons AS (
    SELECT nconst, primaryName AS primary_name
    FROM imdb_tsv('{{DIR}}/name.basics{{EXT}}',
                  {'nconst': 'VARCHAR', 'primaryName': 'VARCHAR', 'birthYear': 'INTEGER',
                   'deathYear': 'INTEGER', 'primaryProfession': 'VARCHAR',
                   'knownForTitles': 'VARCHAR'})
  ),
  rated_titles AS (
    SELECT t.tconst, r.average_rating, r.num_votes, t.runtime_minutes
    FROM titles t JOIN ratings r USING (tconst)
    WHERE list_contains({{TITLE_TYPES}}, t.title_type)
      AND r.average_rating IS NOT NULL AND r.num_votes IS NOT NULL
  ),
  credits AS (
    SELECT DISTINCT nconst, category AS role, tconst
    FROM principals WHERE category IN ('actor', 'actress')
  ),
  per_person AS (
    SELECT c.nconst, c.role, count(*) AS titles,
           CAST(avg(rt.average_rating) AS DOUBLE) AS avg_rating,
           CAST(sum(rt.average_rating * rt.num_votes) AS DOUBLE)
             / nullif(sum(rt.num_votes), 0) AS weighted_rating,
           sum(rt.num_votes) AS votes, sum(rt.runtime_minutes) AS runtime_minutes
    FROM credits c JOIN rated_titles rt USING (tconst)
    GROUP BY c.nconst, c.role
  )
  SELECT pp.nconst, pe.primary_name AS name, pp.role, pp.titles, pp.avg_rating,
         pp.weighted_rating, CAST(pp.votes AS BIGINT) AS votes,
         CAST(pp.runtime_minutes AS BIGINT) AS runtime_minutes,
         row_number() OVER (PARTITION BY pp.role
                            ORDER BY pp.avg_rating DESC, pp.votes DESC, pp.nconst) AS rank
  FROM per_person pp LEFT JOIN persons pe USING (nconst)
  WHERE pp.titles >= {{MIN_TITLES}} AND pp.votes >= {{MIN_VOTES}}
) TO '{{OUT}}' (FORMAT parquet);
