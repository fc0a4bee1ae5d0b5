-- most_popular_genre: for each release year, the genre with the highest avg_popularity among
-- the genres with at least products.genres.min_releases releases that year (genres whose
-- films have no popularity cannot win); ties go to more releases, then to the genre name.
-- Years where no genre qualifies have no row.
SELECT year, genre, avg_popularity, releases
FROM genre_year
WHERE releases >= getvariable('genres_min_releases')
  AND avg_popularity IS NOT NULL
QUALIFY row_number() OVER (
    PARTITION BY year ORDER BY avg_popularity DESC, releases DESC, genre ASC
) = 1
ORDER BY year
