#include "sources/movies_generator.hpp"

#include <fmt/format.h>

#include <cmath>
#include <exception>
#include <thread>

#include "sources/movies_generator_csv.hpp"
#include "sources/movies_generator_model.hpp"
#include "sources/movies_generator_truth.hpp"
#include "sources/movies_generator_wiki.hpp"
#include "util/atomic_file.hpp"
#include "util/zip_archive.hpp"

namespace reelhouse::sources {

namespace {

using namespace movies;

constexpr double k_max_scale = 10.0;
// Members are stamped with the date Kaggle published version 7 of the dataset (2017-07-20),
// not the time of the run, so the zip's bytes depend only on the options.
constexpr int64_t k_member_mtime = 1'500'508'800;

using TableWriterFunction = Result<CsvTableOutput> (*)(const MoviesModel&, LineEnding,
                                                       const ChunkSink&);
constexpr TableWriterFunction k_member_writers[] = {write_movies_metadata, write_links,
                                                    write_credits, write_keywords, write_ratings};

Result<void> validate(const MoviesGeneratorOptions& options) {
  if (!std::isfinite(options.scale) || options.scale <= 0 || options.scale > k_max_scale) {
    return make_error(ErrorCode::invalid_argument,
                      "scale must be a number greater than 0 and at most {} (got {}); 1 is the "
                      "size of The Movies Dataset (~45k films) and a ~1 GB abstracts dump",
                      k_max_scale, options.scale);
  }
  if (options.out_dir.empty()) {
    return make_error(ErrorCode::invalid_argument, "an output directory is required");
  }
  return {};
}

// Streams the five CSV members into the zip.
Result<std::vector<MemberOutput>> write_zip(const MoviesModel& model, LineEnding ending,
                                            const std::filesystem::path& path) {
  util::ZipWriter zip = TRY(util::ZipWriter::create(path, {.member_mtime = k_member_mtime}));
  std::vector<MemberOutput> members;
  const ChunkSink sink = [&zip](std::string_view chunk) { return zip.write(chunk); };
  for (size_t member_idx = 0; member_idx < std::size(k_movies_zip_members); ++member_idx) {
    TRY(zip.begin_member(k_movies_zip_members[member_idx]));
    members.push_back(MemberOutput{k_movies_zip_members[member_idx],
                                   TRY(k_member_writers[member_idx](model, ending, sink))});
  }
  TRY(zip.commit());
  return members;
}

uint64_t file_size_or_zero(const std::filesystem::path& path) {
  std::error_code ignored;
  const auto size = std::filesystem::file_size(path, ignored);
  return ignored ? 0 : size;
}

}  // namespace

Result<GenerateMoviesSummary> generate_movies(const MoviesGeneratorOptions& options) {
  TRY(validate(options));
  const auto started = std::chrono::steady_clock::now();
  std::error_code directory_error;
  std::filesystem::create_directories(options.out_dir, directory_error);
  if (directory_error) {
    return make_error(ErrorCode::io, "cannot create output directory {}: {}",
                      options.out_dir.string(), directory_error.message());
  }
  const LineEnding ending =
      options.line_ending == CsvLineEnding::crlf ? LineEnding::crlf : LineEnding::lf;
  const MoviesModel model = build_movies_model(options.seed, options.scale);

  // The zip and the dump are independent: write them side by side.
  const std::filesystem::path zip_path = options.out_dir / k_movies_zip_name;
  const std::filesystem::path dump_path = options.out_dir / k_wikipedia_dump_name;
  Result<std::vector<MemberOutput>> members = std::vector<MemberOutput>{};
  Result<DumpOutput> dump = DumpOutput{};
  {
    std::jthread zip_thread([&] {
      try {
        members = write_zip(model, ending, zip_path);
      } catch (const std::exception& error) {
        members = make_error(ErrorCode::internal, "writing {} failed: {}", zip_path.string(),
                             error.what());
      }
    });
    try {
      dump = write_wikipedia_dump(model, dump_path);
    } catch (const std::exception& error) {
      dump = make_error(ErrorCode::internal, "writing {} failed: {}", dump_path.string(),
                        error.what());
    }
  }
  if (!members) return std::unexpected(members.error());
  if (!dump) return std::unexpected(dump.error());

  uint64_t truth_rows = 0;
  const std::string truth = truth_csv(model, truth_rows);
  TRY(util::write_file_atomically(options.out_dir / k_wikipedia_truth_name, truth));
  const uint64_t zip_bytes = file_size_or_zero(zip_path);
  TRY(util::write_file_atomically(
      options.out_dir / k_movies_manifest_name,
      manifest_json(model, ending, *members, *dump, truth_rows, zip_bytes)));

  GenerateMoviesSummary summary;
  summary.files.push_back(GeneratedMoviesFile{
      k_movies_zip_name,
      fmt::format("{} metadata records, {} ratings", members->front().table.records,
                  members->back().table.records),
      zip_bytes});
  summary.files.push_back(GeneratedMoviesFile{
      k_wikipedia_dump_name,
      fmt::format("{} pages, {} film pages ({:.1f} GB of XML)", dump->pages, dump->film_pages,
                  static_cast<double>(dump->uncompressed_bytes) / 1e9),
      dump->compressed_bytes});
  summary.files.push_back(GeneratedMoviesFile{k_wikipedia_truth_name,
                                              fmt::format("{} films", truth_rows), truth.size()});
  summary.files.push_back(
      GeneratedMoviesFile{k_movies_manifest_name, "counts",
                          file_size_or_zero(options.out_dir / k_movies_manifest_name)});
  summary.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  return summary;
}

}  // namespace reelhouse::sources
