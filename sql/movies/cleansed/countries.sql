-- countries: one row per ISO 3166-1 code that produced a film.
SELECT country_code, arg_min(country, film_id) AS name, count(*) AS films
FROM film_countries
GROUP BY country_code
