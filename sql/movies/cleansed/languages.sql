-- languages: one row per ISO 639-1 code spoken in a film.
SELECT language_code, arg_min(language, film_id) AS name, count(*) AS films
FROM film_languages
GROUP BY language_code
