// The IMDb pipeline, as a table of contents:
//
//   fetch_<table>     source URL → raw/imdb/<table>/ingest_date=…/ (+ _meta.json)
//   land_<table>      raw TSV(.gz) → landing/<table> Parquet + quarantine/<table> rejects
//   compare_snapshots landing snapshot vs the previous one → inserted/updated/deleted counts
//   cleanse_<table>   landing → cleansed star schema (titles, title_genres, ratings, persons,
//                     principals), one SQL model each (sql/imdb/cleansed/)
//   aggregate_people  cleansed → aggregated/people (sql/imdb/aggregated/people.sql)
//   publish           aggregated + catalog → the warehouse, swapped in atomically
//
// for the four tables title_basics, title_ratings, title_principals, name_basics.
#pragma once

#include <vector>

#include "pipeline/task.hpp"

namespace reelhouse::pipeline {

std::vector<Task> imdb_pipeline_tasks();

}  // namespace reelhouse::pipeline
