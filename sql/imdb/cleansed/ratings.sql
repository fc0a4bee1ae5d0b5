-- ratings: IMDb user rating per title (fact). average_rating is exact DECIMAL(3,1), as
-- published (one decimal), so sums and means over it do not depend on evaluation order.
SELECT
    tconst,
    CAST(averageRating AS DECIMAL(3, 1)) AS average_rating,
    numVotes AS num_votes
FROM landing_title_ratings
