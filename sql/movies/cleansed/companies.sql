-- companies: one row per TMDB production company id, named as on its first film (lowest film id).
SELECT company_id, arg_min(company, film_id) AS name, count(*) AS films
FROM film_companies
GROUP BY company_id
