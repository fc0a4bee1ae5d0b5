-- company_genre_year: releases per production company, genre and release year.
SELECT f.year, fc.company, fg.genre, count(*) AS releases
FROM films AS f
JOIN film_companies AS fc USING (film_id)
JOIN film_genres AS fg USING (film_id)
WHERE f.year IS NOT NULL
GROUP BY f.year, fc.company, fg.genre
ORDER BY f.year, fc.company, fg.genre
