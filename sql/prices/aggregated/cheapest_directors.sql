-- cheapest_directors: the cheapest "movie providers" (directors), from prices_latest.
-- A film's Director text is split on ", "; each named director counts the film ('N/A' and
-- empty names are skipped).
-- scope          a provider's name (its offers), or 'all': each film (by imdb_id) once, at
--                the lowest price any provider asks for it (title and director as that
--                provider gives them; ties go to the provider name).
-- films          the director's films in the scope.
-- min_price      the lowest price among them; cheapest_title the film at that price (ties:
--                the smaller imdb_id).
-- total_price    the sum of their prices (outliers included: see outliers).
-- outliers       how many of those prices are flagged is_outlier.
-- rank_by_min, rank_by_total  1 = cheapest; ties go to the director's name.
WITH per_provider AS (
    SELECT provider AS scope, imdb_id, title, director, price, is_outlier FROM prices_latest
),
across_providers AS (
    SELECT 'all' AS scope, imdb_id,
           first(title ORDER BY price, provider) AS title,
           first(director ORDER BY price, provider) AS director,
           min(price) AS price,
           first(is_outlier ORDER BY price, provider) AS is_outlier
    FROM prices_latest
    GROUP BY imdb_id
),
films AS (
    SELECT * FROM per_provider
    UNION ALL
    SELECT * FROM across_providers
),
credits AS (
    SELECT f.scope, trim(d.director) AS director, f.imdb_id, f.title, f.price, f.is_outlier
    FROM films AS f, unnest(string_split(f.director, ', ')) AS d(director)
    WHERE trim(d.director) NOT IN ('', 'N/A')
),
directors AS (
    SELECT
        scope,
        director,
        count(DISTINCT imdb_id) AS films,
        min(price) AS min_price,
        first(title ORDER BY price, imdb_id) AS cheapest_title,
        sum(price) AS total_price,
        count(*) FILTER (WHERE is_outlier) AS outliers
    FROM credits
    GROUP BY scope, director
)
SELECT
    scope,
    director,
    films,
    min_price,
    cheapest_title,
    total_price,
    outliers,
    row_number() OVER (PARTITION BY scope ORDER BY min_price, director) AS rank_by_min,
    row_number() OVER (PARTITION BY scope ORDER BY total_price, director) AS rank_by_total
FROM directors
ORDER BY scope, rank_by_min
