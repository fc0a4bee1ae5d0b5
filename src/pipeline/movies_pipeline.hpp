// The Movies pipeline (The Movies Dataset + Wikipedia abstracts), as a table of contents:
//
//   fetch_movies            sources.movies.url → raw/movies/dataset/…/the-movies-dataset.zip
//   fetch_wikipedia         sources.wikipedia.url → raw/wikipedia/abstracts/…/*.xml.gz
//   land_movies_<member>    one zip member, streamed (never extracted) → landing/movies_<member>
//                           Parquet + quarantine rejects (metadata, links, credits, keywords,
//                           ratings)
//   land_wikipedia_abstracts  the dump, streamed once → the pages that can name a film
//   compare_snapshots       landing snapshots vs the previous ones
//   cleanse_<table>         films, film_genres/companies/countries/languages, genres,
//                           companies, countries, languages, collections (sql/movies/cleansed/)
//   cleanse_film_wikipedia  films ↔ pages, tier by tier; matches per tier → run_metrics
//   aggregate_<product>     genre_year, company_year, company_genre_year, most_popular_genre,
//                           top_films, movie_report (sql/movies/aggregated/)
//   publish                 aggregated + catalog → the warehouse, swapped in atomically
#pragma once

#include <vector>

#include "pipeline/task.hpp"

namespace reelhouse::pipeline {

std::vector<Task> movies_pipeline_tasks();

}  // namespace reelhouse::pipeline
