#include "sources/movies_generator_truth.hpp"

#include <nlohmann/json.hpp>
#include <vector>

#include "sources/movies_generator_literal.hpp"

namespace reelhouse::sources::movies {

namespace {

// Film ids that land: the first record of each id, broken records excluded.
template <typename Visit>
void for_each_landing_film(const MoviesModel& model, Visit visit) {
  for (const MetadataRecord& record : model.records) {
    const Film& film = model.films[record.film];
    if (record.kind == RecordKind::first && !film.broken) visit(film);
  }
}

}  // namespace

std::string truth_csv(const MoviesModel& model, uint64_t& rows) {
  std::string csv(k_truth_header);
  csv += '\n';
  rows = 0;
  for_each_landing_film(model, [&](const Film& film) {
    append_integer(static_cast<int64_t>(film.tmdb_id), csv);
    csv += ',';
    append_csv_field(film.page_title, csv);
    csv += '\n';
    ++rows;
  });
  return csv;
}

std::string manifest_json(const MoviesModel& model, LineEnding ending,
                          const std::vector<MemberOutput>& members, const DumpOutput& dump,
                          uint64_t truth_rows, uint64_t zip_bytes) {
  uint64_t films = 0;
  uint64_t shared_title = 0;
  uint64_t infobox_residue = 0;
  std::array<uint64_t, 5> relations{};
  for_each_landing_film(model, [&](const Film& film) {
    ++films;
    ++relations[static_cast<size_t>(film.relation)];
    shared_title += film.shared_title;
    infobox_residue += film.relation != PageRelation::no_page && film.infobox_residue;
  });
  uint64_t metadata_records = 0;
  nlohmann::ordered_json member_json = nlohmann::ordered_json::object();
  for (const MemberOutput& member : members) {
    if (member.name == "movies_metadata.csv") metadata_records = member.table.records;
    member_json[member.name] = {{"records", member.table.records},
                                {"physical_lines", member.table.physical_lines},
                                {"bytes", member.table.bytes}};
  }
  const uint64_t film_pages = films - relations[static_cast<size_t>(PageRelation::no_page)];
  nlohmann::ordered_json manifest;
  manifest["generator"] = "reelhouse generate movies";
  manifest["seed"] = model.seed;
  manifest["scale"] = model.scale;
  manifest["line_ending"] = ending == LineEnding::crlf ? "crlf" : "lf";
  const nlohmann::ordered_json counts = {
      {"films", films},
      {"records", metadata_records},
      {"broken_records", model.broken_records},
      {"broken_csv_records", 2 * model.broken_records},
      {"duplicate_ids_exact", model.exact_duplicates},
      {"duplicate_ids_differing", model.differing_duplicates},
      {"pages", dump.pages},
      {"film_pages", film_pages},
      {"exact_title", relations[static_cast<size_t>(PageRelation::exact_title)]},
      {"film_suffix", relations[static_cast<size_t>(PageRelation::film_suffix)]},
      {"year_film_suffix", relations[static_cast<size_t>(PageRelation::year_film_suffix)]},
      {"year_adjective_film_suffix",
       relations[static_cast<size_t>(PageRelation::year_adjective_film_suffix)]},
      {"other_meaning", dump.other_pages},
      {"shared_title", shared_title},
      {"no_page", relations[static_cast<size_t>(PageRelation::no_page)]},
      {"infobox_residue", infobox_residue},
  };
  // The counts sit at the top level, beside seed and scale, as the contract lists them.
  for (const auto& [key, value] : counts.items()) manifest[key] = value;
  manifest["definitions"] = {
      {"films",
       "distinct film ids that land: rows of wikipedia_truth.csv (first record of each "
       "id, broken records excluded)"},
      {"records",
       "records of movies_metadata.csv as an RFC-4180 reader counts them (header "
       "excluded; each broken record counts as its 2 physical records)"},
      {"broken_records", "films written as a record broken over two lines (10 + 15 fields)"},
      {"broken_csv_records", "CSV records those make, all to be quarantined"},
      {"duplicate_ids_exact", "extra records identical to an earlier record"},
      {"duplicate_ids_differing",
       "extra records with an earlier record's id and another popularity"},
      {"pages", "<doc> elements in the dump"},
      {"film_pages", "pages of films that land (= films - no_page)"},
      {"exact_title", "films whose page is titled exactly as the film (up to case/punctuation)"},
      {"film_suffix", "films whose page is 'Title (film)'"},
      {"year_film_suffix", "films whose page is 'Title (YEAR film)'"},
      {"year_adjective_film_suffix", "films whose page is 'Title (YEAR Adjective film)'"},
      {"other_meaning",
       "pages titled like a film (plain or qualified) about something else, "
       "including films not in the dataset"},
      {"shared_title", "films that land and share their title with another film of the dataset"},
      {"no_page", "films that land without a page"},
      {"infobox_residue", "film pages whose abstract is infobox residue ('| director = ...')"},
  };
  manifest["files"] = {
      {"the-movies-dataset.zip", {{"bytes", zip_bytes}, {"members", member_json}}},
      {"enwiki-latest-abstract.xml.gz",
       {{"pages", dump.pages},
        {"film_pages", dump.film_pages},
        {"other_pages", dump.other_pages},
        {"filler_pages", dump.filler_pages},
        {"uncompressed_bytes", dump.uncompressed_bytes},
        {"compressed_bytes", dump.compressed_bytes}}},
      {"wikipedia_truth.csv", {{"rows", truth_rows}}},
  };
  return manifest.dump(2) + "\n";
}

}  // namespace reelhouse::sources::movies
