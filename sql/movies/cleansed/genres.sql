-- genres: one row per TMDB genre id, named as on its first film (lowest film id).
SELECT genre_id, arg_min(genre, film_id) AS name, count(*) AS films
FROM film_genres
GROUP BY genre_id
