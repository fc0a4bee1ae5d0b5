-- "DuckDB alone": the `people` ranking computed by DuckDB straight from the IMDb TSVs,
-- with nothing around it (no fetch, landing, quarantine, catalog or publish). A template:
-- bench/run_imdb.sh substitutes
--   {{DIR}}          the directory holding the four files
--   {{EXT}}          .tsv.gz or .tsv
--   {{TITLE_TYPES}}  a SQL list of titleType values, e.g. ['movie']
--   {{MIN_TITLES}}   {{MIN_VOTES}}  the thresholds
--   {{OUT}}          the Parquet file the result is written to (so no work is skipped)
-- and runs it with bench_duckdb_sql. The definition it implements is the docstring of
-- tests/reference/people_reference.py.
--
-- Validation follows the reference. Every field is read as text, with `\N` kept as the
-- text `\N` (nullstr is a newline, which no field can hold) and one extra `overflow` column:
-- with null_padding, a row with too few fields has NULL in its last real column and a row
-- with too many has a non-NULL overflow, so both are recognised and dropped. Rows with
-- invalid UTF-8 are skipped by ignore_errors, but only in the columns the query reads, so
-- every text column appears in a WHERE clause. strict_mode = false lets a CRLF line inside
-- an LF file through (its \r is stripped). A row is then kept only when each numeric field
-- is `\N` or casts (TRY_CAST), and its key is not `\N`. Casting in SQL rather than in
-- read_csv makes the check explicit, for the same reason: read_csv only casts the columns
-- a query uses. Duplicate keys keep the first valid row in file order (line =
-- row_number() OVER (), which DuckDB computes in insertion order).

CREATE TEMP MACRO imdb_tsv(path, column_types) AS TABLE
  SELECT * FROM read_csv(path, columns = column_types, delim = '\t', quote = '', escape = '',
                         header = true, auto_detect = false, nullstr = E'\n',
                         null_padding = true, strict_mode = false, ignore_errors = true);

CREATE TEMP MACRO imdb_null(text) AS NULLIF(text, '\N');

CREATE TEMP MACRO is_integer_or_null(text) AS
  text = '\N' OR TRY_CAST(text AS BIGINT) IS NOT NULL;

COPY (
  WITH
  title_rows AS (
    SELECT imdb_null(tconst) AS tconst, titleType,
           TRY_CAST(imdb_null(runtimeMinutes) AS BIGINT) AS runtime_minutes,
           row_number() OVER () AS line
    FROM imdb_tsv('{{DIR}}/title.basics{{EXT}}',
                  {'tconst': 'VARCHAR', 'titleType': 'VARCHAR', 'primaryTitle': 'VARCHAR',
                   'originalTitle': 'VARCHAR', 'isAdult': 'VARCHAR', 'startYear': 'VARCHAR',
                   'endYear': 'VARCHAR', 'runtimeMinutes': 'VARCHAR', 'genres': 'VARCHAR',
                   'overflow': 'VARCHAR'})
    WHERE overflow IS NULL AND genres IS NOT NULL AND primaryTitle IS NOT NULL
      AND originalTitle IS NOT NULL AND tconst <> '\N'
      AND is_integer_or_null(isAdult) AND is_integer_or_null(startYear)
      AND is_integer_or_null(endYear) AND is_integer_or_null(runtimeMinutes)
  ),
  titles AS (
    SELECT tconst, titleType, runtime_minutes FROM title_rows
    QUALIFY row_number() OVER (PARTITION BY tconst ORDER BY line) = 1
  ),
  rating_rows AS (
    SELECT tconst, TRY_CAST(imdb_null(averageRating) AS DOUBLE) AS average_rating,
           TRY_CAST(imdb_null(numVotes) AS BIGINT) AS num_votes,
           row_number() OVER () AS line
    FROM imdb_tsv('{{DIR}}/title.ratings{{EXT}}',
                  {'tconst': 'VARCHAR', 'averageRating': 'VARCHAR', 'numVotes': 'VARCHAR',
                   'overflow': 'VARCHAR'})
    WHERE overflow IS NULL AND numVotes IS NOT NULL AND tconst <> '\N'
      AND (averageRating = '\N' OR TRY_CAST(averageRating AS DOUBLE) IS NOT NULL)
      AND is_integer_or_null(numVotes)
  ),
  ratings AS (
    SELECT tconst, average_rating, num_votes FROM rating_rows
    QUALIFY row_number() OVER (PARTITION BY tconst ORDER BY line) = 1
  ),
  rated_titles AS (
    SELECT tconst, titles.runtime_minutes, ratings.average_rating, ratings.num_votes
    FROM titles JOIN ratings USING (tconst)
    WHERE titles.titleType IN {{TITLE_TYPES}}
      AND ratings.average_rating IS NOT NULL AND ratings.num_votes IS NOT NULL
  ),
  principal_rows AS (
    SELECT tconst, TRY_CAST(imdb_null(ordering) AS BIGINT) AS ordering,
           imdb_null(nconst) AS nconst, category, row_number() OVER () AS line
    FROM imdb_tsv('{{DIR}}/title.principals{{EXT}}',
                  {'tconst': 'VARCHAR', 'ordering': 'VARCHAR', 'nconst': 'VARCHAR',
                   'category': 'VARCHAR', 'job': 'VARCHAR', 'characters': 'VARCHAR',
                   'overflow': 'VARCHAR'})
    WHERE overflow IS NULL AND characters IS NOT NULL AND job IS NOT NULL AND tconst <> '\N'
      AND is_integer_or_null(ordering)
  ),
  -- Deduplicating on (tconst, ordering) only needs the rows of rated titles.
  principals AS (
    SELECT tconst, nconst, category FROM principal_rows
    WHERE tconst IN (SELECT tconst FROM rated_titles)
    QUALIFY row_number() OVER (PARTITION BY tconst, ordering ORDER BY line) = 1
  ),
  credits AS (
    SELECT DISTINCT nconst, category AS role, tconst FROM principals
    WHERE category IN ('actor', 'actress') AND nconst IS NOT NULL
  ),
  totals AS (
    SELECT credits.nconst, credits.role, count(*) AS titles,
           -- DECIMAL sums are exact, so equal averages compare equal whatever the
           -- summation order; a DOUBLE avg would break true ties by rounding noise.
           avg(rated_titles.average_rating::DECIMAL(18, 6)) AS avg_rating,
           sum(rated_titles.average_rating * rated_titles.num_votes)
             / NULLIF(sum(rated_titles.num_votes), 0) AS weighted_rating,
           sum(rated_titles.num_votes)::BIGINT AS votes,
           sum(rated_titles.runtime_minutes)::BIGINT AS runtime_minutes
    FROM credits JOIN rated_titles USING (tconst)
    GROUP BY credits.nconst, credits.role
    HAVING count(*) >= {{MIN_TITLES}} AND sum(rated_titles.num_votes) >= {{MIN_VOTES}}
  ),
  name_rows AS (
    SELECT nconst, imdb_null(primaryName) AS name, row_number() OVER () AS line
    FROM imdb_tsv('{{DIR}}/name.basics{{EXT}}',
                  {'nconst': 'VARCHAR', 'primaryName': 'VARCHAR', 'birthYear': 'VARCHAR',
                   'deathYear': 'VARCHAR', 'primaryProfession': 'VARCHAR',
                   'knownForTitles': 'VARCHAR', 'overflow': 'VARCHAR'})
    WHERE overflow IS NULL AND knownForTitles IS NOT NULL AND primaryProfession IS NOT NULL
      AND nconst <> '\N'
      AND is_integer_or_null(birthYear) AND is_integer_or_null(deathYear)
  ),
  names AS (
    SELECT nconst, name FROM name_rows
    WHERE nconst IN (SELECT nconst FROM totals)
    QUALIFY row_number() OVER (PARTITION BY nconst ORDER BY line) = 1
  )
  SELECT totals.nconst, names.name, totals.role, totals.titles, totals.avg_rating,
         totals.weighted_rating, totals.votes, totals.runtime_minutes,
         row_number() OVER (PARTITION BY totals.role
                            ORDER BY totals.avg_rating DESC, totals.votes DESC,
                                     totals.nconst ASC) AS rank
  FROM totals LEFT JOIN names USING (nconst)
  ORDER BY totals.role, rank
) TO '{{OUT}}' (FORMAT parquet);
