// The generator's answer key: wikipedia_truth.csv and movies_manifest.json.
//
// wikipedia_truth.csv (film_id,wikipedia_title; LF; minimal CSV quoting) has one row per
// distinct film id that lands — the first record of each duplicate id, broken records
// excluded — in file order, with the title of the film's own page (without "Wikipedia: ")
// or empty when the film has none. movies_manifest.json counts what the files hold, so
// tests and the matcher's evaluation can check themselves against it (see
// `manifest_json` for the keys and their definitions).
#pragma once

#include <cstdint>
#include <string>

#include "sources/movies_generator_csv.hpp"
#include "sources/movies_generator_model.hpp"
#include "sources/movies_generator_wiki.hpp"

namespace reelhouse::sources::movies {

inline constexpr std::string_view k_truth_header = "film_id,wikipedia_title";

// The content of wikipedia_truth.csv; `rows` receives the number of data rows.
std::string truth_csv(const MoviesModel& model, uint64_t& rows);

struct MemberOutput {
  std::string name;
  CsvTableOutput table;
};

// The content of movies_manifest.json: one object with "generator", "seed", "scale",
// "line_ending", then the counts films, records, broken_records, broken_csv_records,
// duplicate_ids_exact, duplicate_ids_differing, pages, film_pages, exact_title, film_suffix,
// year_film_suffix, year_adjective_film_suffix, other_meaning, shared_title, no_page,
// infobox_residue (all at the top level), "definitions" (key → what it counts) and "files"
// (sizes and row counts per file and zip member).
std::string manifest_json(const MoviesModel& model, LineEnding ending,
                          const std::vector<MemberOutput>& members, const DumpOutput& dump,
                          uint64_t truth_rows, uint64_t zip_bytes);

}  // namespace reelhouse::sources::movies
