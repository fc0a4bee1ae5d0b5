// The four writers of `reelhouse generate imdb`, one per upstream file.
//
// Each streams its rows in key order (titles by tconst, principals by tconst then
// ordering, people by nconst) straight into a gzip file: memory stays constant whatever
// the scale. Each asks its DefectSchedule about every base row and injects what it is told.
// They share nothing but the read-only model, so they can run on separate threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>

#include "core/error.hpp"
#include "sources/imdb_generator_defects.hpp"
#include "sources/imdb_generator_model.hpp"

namespace reelhouse::sources::imdb {

struct TableOutput {
  uint64_t rows_written = 0;  // data lines, without the header
  uint64_t uncompressed_bytes = 0;
  uint64_t compressed_bytes = 0;
};

// The defect kinds each table can carry (ratings has no free text, only principals has
// categories).
std::span<const DefectKind> title_basics_defect_kinds();
std::span<const DefectKind> title_ratings_defect_kinds();
std::span<const DefectKind> title_principals_defect_kinds();
std::span<const DefectKind> name_basics_defect_kinds();

// Each writes one complete .tsv.gz at `path` (atomically: a temporary file renamed at the
// end). Errors: io when the file cannot be written.
Result<TableOutput> write_title_basics(const ImdbModel& model, DefectSchedule& defects,
                                       const std::filesystem::path& path);
Result<TableOutput> write_title_ratings(const ImdbModel& model, DefectSchedule& defects,
                                        const std::filesystem::path& path);
Result<TableOutput> write_title_principals(const ImdbModel& model, DefectSchedule& defects,
                                           const std::filesystem::path& path);
Result<TableOutput> write_name_basics(const ImdbModel& model, DefectSchedule& defects,
                                      const std::filesystem::path& path);

}  // namespace reelhouse::sources::imdb
