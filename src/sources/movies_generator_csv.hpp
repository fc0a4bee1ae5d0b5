// The five CSV members of the-movies-dataset.zip, rendered from the model.
//
// movies_metadata.csv has the real header and value formats (`False`, `21.946943`, `81.0`,
// `1995-10-30`, empty for unknown, `0` for an unknown budget or revenue, Python-literal list
// columns), multi-line quoted overviews, doubled quotes, the duplicate records of the model,
// and its broken records: the overview unquoted and cut by a line break, so the record spans
// two physical lines of 10 and 15 fields and a naive reader finds the release date in `id`.
// links.csv (movieId,imdbId,tmdbId; imdbId keeps its leading zeros, a few tmdbIds empty),
// credits.csv (cast,crew,id: a few credits per film), keywords.csv (id,keywords) and
// ratings.csv (userId,movieId,rating,timestamp) follow. ratings.csv has the size of
// ratings_small.csv (~100k rows × scale), not the 26M rows of the full ratings.csv.
//
// Every table goes to a `ChunkSink` in pieces of about 1 MiB, so the caller can stream it
// into a zip member. Records end with LF, or CRLF in LineEnding::crlf mode (the line break
// inside a broken record too; line breaks inside quoted overviews stay LF, as Python's csv
// module writes them).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "core/error.hpp"
#include "sources/movies_generator_model.hpp"

namespace reelhouse::sources::movies {

enum class LineEnding { lf, crlf };

using ChunkSink = std::function<Result<>(std::string_view chunk)>;

struct CsvTableOutput {
  uint64_t records = 0;         // CSV records as an RFC-4180 reader counts them (no header)
  uint64_t physical_lines = 0;  // lines of the file, header included
  uint64_t bytes = 0;
};

inline constexpr std::string_view k_movies_metadata_header =
    "adult,belongs_to_collection,budget,genres,homepage,id,imdb_id,original_language,"
    "original_title,overview,popularity,poster_path,production_companies,production_countries,"
    "release_date,revenue,runtime,spoken_languages,status,tagline,title,video,vote_average,"
    "vote_count";
inline constexpr std::string_view k_links_header = "movieId,imdbId,tmdbId";
inline constexpr std::string_view k_credits_header = "cast,crew,id";
inline constexpr std::string_view k_keywords_header = "id,keywords";
inline constexpr std::string_view k_ratings_header = "userId,movieId,rating,timestamp";

// Each writes its whole table (header first) to `sink`. Errors: those of `sink`.
Result<CsvTableOutput> write_movies_metadata(const MoviesModel& model, LineEnding ending,
                                             const ChunkSink& sink);
Result<CsvTableOutput> write_links(const MoviesModel& model, LineEnding ending,
                                   const ChunkSink& sink);
Result<CsvTableOutput> write_credits(const MoviesModel& model, LineEnding ending,
                                     const ChunkSink& sink);
Result<CsvTableOutput> write_keywords(const MoviesModel& model, LineEnding ending,
                                      const ChunkSink& sink);
Result<CsvTableOutput> write_ratings(const MoviesModel& model, LineEnding ending,
                                     const ChunkSink& sink);

}  // namespace reelhouse::sources::movies
