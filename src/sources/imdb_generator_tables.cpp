#include "sources/imdb_generator_tables.hpp"

#include <array>
#include <future>
#include <memory>
#include <string>

#include "sources/imdb_generator_text.hpp"
#include "util/gzip_writer.hpp"

namespace reelhouse::sources::imdb {

namespace {

using util::Rng;

// Lines are gathered in a buffer of about this size before igzip compresses them.
constexpr size_t k_flush_bytes = size_t{1} << 20;

constexpr std::array k_basics_kinds{DefectKind::wrong_field_count, DefectKind::non_numeric,
                                    DefectKind::invalid_utf8, DefectKind::crlf,
                                    DefectKind::duplicate_key};
constexpr std::array k_ratings_kinds{DefectKind::wrong_field_count, DefectKind::non_numeric,
                                     DefectKind::crlf, DefectKind::duplicate_key};
constexpr std::array k_principals_kinds{
    DefectKind::wrong_field_count, DefectKind::non_numeric,
    DefectKind::invalid_utf8,      DefectKind::crlf,
    DefectKind::duplicate_key,     DefectKind::unknown_category};
constexpr std::array k_names_kinds = k_basics_kinds;

// Field positions, per upstream header.
constexpr std::array<size_t, 2> k_basics_numeric{5, 7};   // startYear, runtimeMinutes
constexpr std::array<size_t, 2> k_basics_text{2, 3};      // primaryTitle, originalTitle
constexpr std::array<size_t, 2> k_ratings_numeric{1, 2};  // averageRating, numVotes
constexpr std::array<size_t, 1> k_principals_numeric{1};  // ordering
constexpr std::array<size_t, 1> k_principals_text{5};     // characters
constexpr std::array<size_t, 2> k_names_numeric{2, 3};    // birthYear, deathYear
constexpr std::array<size_t, 1> k_names_text{1};          // primaryName

const TableShape k_basics_shape{k_basics_numeric, k_basics_text, 0, 2, " (Director's Cut)"};
const TableShape k_ratings_shape{k_ratings_numeric, {}, 0, 2, "0"};
// The duplicate of a principal credits another person (a longer nconst) at the same ordering.
const TableShape k_principals_shape{k_principals_numeric, k_principals_text, 3, 2, "1"};
const TableShape k_names_shape{k_names_numeric, k_names_text, 0, 1, " (II)"};

// Streams lines into a gzip file, injecting the scheduled defects. Compression of one
// buffer overlaps with the generation of the next (double buffering), which roughly halves
// the time of the largest file, title.principals, on two cores.
class TableWriter {
 public:
  static Result<TableWriter> create(const std::filesystem::path& path, std::string_view header,
                                    DefectSchedule& defects, const TableShape& shape) {
    auto gzip = TRY(util::GzipWriter::create(path));
    TableWriter writer(std::make_unique<util::GzipWriter>(std::move(gzip)), defects, shape);
    writer.m_buffer.reserve(k_flush_bytes + 4096);
    writer.m_buffer += header;
    writer.m_buffer += '\n';
    return writer;
  }

  // The line being built, without its line ending; emptied by end_line().
  std::string& line() { return m_line; }

  // Writes the current line as base row `base_row` (with its defect, if one is scheduled).
  Result<void> end_line(uint64_t base_row) {
    if (const auto defect = m_defects->at(base_row)) {
      std::string_view ending = "\n";
      const auto duplicate = inject_defect(*defect, *m_shape, m_line, ending);
      append(m_line, ending);
      if (duplicate) append(*duplicate, "\n");
    } else {
      m_line += '\n';
      m_buffer += m_line;
      ++m_rows;
    }
    m_line.clear();
    if (m_buffer.size() >= k_flush_bytes) TRY(flush());
    return {};
  }

  Result<TableOutput> finish() {
    TRY(flush());
    TRY(wait_for_compression());
    TRY(m_gzip->commit());
    return TableOutput{m_rows, m_gzip->uncompressed_bytes(), m_gzip->compressed_bytes()};
  }

 private:
  TableWriter(std::unique_ptr<util::GzipWriter> gzip, DefectSchedule& defects,
              const TableShape& shape)
      : m_gzip(std::move(gzip)), m_defects(&defects), m_shape(&shape) {}

  void append(std::string_view text, std::string_view ending) {
    m_buffer += text;
    m_buffer += ending;
    ++m_rows;
  }

  // Hands the buffer to a compression task and continues in the buffer the previous task
  // gave back.
  Result<void> flush() {
    std::string spare = TRY(wait_for_compression());
    m_compression = std::async(
        std::launch::async,
        [gzip = m_gzip.get(), data = std::move(m_buffer)]() mutable -> Result<std::string> {
          TRY(gzip->write(data));
          data.clear();
          return data;
        });
    m_buffer = std::move(spare);
    m_buffer.reserve(k_flush_bytes + 4096);
    return {};
  }

  // Waits for the running compression task, if any; returns its emptied buffer.
  Result<std::string> wait_for_compression() {
    if (!m_compression.valid()) return std::string();
    return m_compression.get();
  }

  std::unique_ptr<util::GzipWriter> m_gzip;
  DefectSchedule* m_defects;
  const TableShape* m_shape;
  std::string m_buffer;
  std::string m_line;
  uint64_t m_rows = 0;
  // Declared last: destroyed (waited for) before the gzip writer it uses.
  std::future<Result<std::string>> m_compression;
};

void append_year_or_null(int year, std::string& out) {
  if (year == 0) {
    out += k_null;
  } else {
    append_number(static_cast<uint64_t>(year), out);
  }
}

int draw_end_year(const TitleFacts& title, Rng& rng) {
  constexpr int k_latest_year = 2025;
  if (title.start_year == 0) return 0;
  if (title.type == TitleType::tv_mini_series) {
    return std::min(k_latest_year, title.start_year + static_cast<int>(rng.below(2)));
  }
  if (title.type == TitleType::tv_series && rng.chance(0.5)) {
    return std::min(k_latest_year, title.start_year + static_cast<int>(rng.below(13)));
  }
  return 0;
}

}  // namespace

std::span<const DefectKind> title_basics_defect_kinds() {
  return k_basics_kinds;
}
std::span<const DefectKind> title_ratings_defect_kinds() {
  return k_ratings_kinds;
}
std::span<const DefectKind> title_principals_defect_kinds() {
  return k_principals_kinds;
}
std::span<const DefectKind> name_basics_defect_kinds() {
  return k_names_kinds;
}

Result<TableOutput> write_title_basics(const ImdbModel& model, DefectSchedule& defects,
                                       const std::filesystem::path& path) {
  auto writer = TRY(TableWriter::create(
      path,
      "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\t"
      "runtimeMinutes\tgenres",
      defects, k_basics_shape));
  for (uint64_t title_idx = 0; title_idx < model.title_count(); ++title_idx) {
    const TitleFacts title = model.title_facts(title_idx);
    Rng rng = make_rng(model.seed(), Stream::title_text, title_idx);
    std::string& line = writer.line();
    append_identifier("tt", ImdbModel::title_number(title_idx), line);
    line += '\t';
    line += title_type_name(title.type);
    line += '\t';
    append_titles(title, rng, line);
    line += title.adult ? "\t1\t" : "\t0\t";
    append_year_or_null(title.start_year, line);
    line += '\t';
    append_year_or_null(draw_end_year(title, rng), line);
    line += '\t';
    append_runtime(title, rng, line);
    line += '\t';
    append_genres(title, rng, line);
    TRY(writer.end_line(title_idx));
  }
  return writer.finish();
}

Result<TableOutput> write_title_ratings(const ImdbModel& model, DefectSchedule& defects,
                                        const std::filesystem::path& path) {
  auto writer =
      TRY(TableWriter::create(path, "tconst\taverageRating\tnumVotes", defects, k_ratings_shape));
  uint64_t base_row = 0;
  for (uint64_t title_idx = 0; title_idx < model.title_count(); ++title_idx) {
    const TitleFacts title = model.title_facts(title_idx);
    if (!title.rated) continue;
    std::string& line = writer.line();
    append_identifier("tt", ImdbModel::title_number(title_idx), line);
    line += '\t';
    append_number(title.rating_tenths / 10, line);
    line += '.';
    append_number(title.rating_tenths % 10, line);
    line += '\t';
    append_number(title.votes, line);
    TRY(writer.end_line(base_row++));
  }
  return writer.finish();
}

Result<TableOutput> write_title_principals(const ImdbModel& model, DefectSchedule& defects,
                                           const std::filesystem::path& path) {
  auto writer = TRY(TableWriter::create(path, "tconst\tordering\tnconst\tcategory\tjob\tcharacters",
                                        defects, k_principals_shape));
  uint64_t base_row = 0;
  std::string tconst;
  for (uint64_t title_idx = 0; title_idx < model.title_count(); ++title_idx) {
    const TitleFacts title = model.title_facts(title_idx);
    const PrincipalList principals = model.principals(title);
    Rng rng = make_rng(model.seed(), Stream::principal_text, title_idx);
    tconst.clear();
    append_identifier("tt", ImdbModel::title_number(title_idx), tconst);
    for (size_t item_idx = 0; item_idx < principals.count; ++item_idx) {
      const Principal& principal = principals.items[item_idx];
      std::string& line = writer.line();
      line += tconst;
      line += '\t';
      append_number(item_idx + 1, line);
      line += '\t';
      append_identifier("nm", ImdbModel::person_number(principal.person_index), line);
      line += '\t';
      line += category_name(principal.category);
      line += '\t';
      append_job(principal.category, rng, line);
      line += '\t';
      append_characters(principal.category, rng, line);
      TRY(writer.end_line(base_row++));
    }
  }
  return writer.finish();
}

Result<TableOutput> write_name_basics(const ImdbModel& model, DefectSchedule& defects,
                                      const std::filesystem::path& path) {
  constexpr int k_latest_year = 2025;
  auto writer = TRY(TableWriter::create(
      path, "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles", defects,
      k_names_shape));
  uint64_t base_row = 0;
  for (uint64_t person_idx = 0; person_idx < model.person_count(); ++person_idx) {
    if (!model.is_listed(person_idx)) continue;
    const PersonPool pool = model.pool_of(person_idx);
    Rng rng = make_rng(model.seed(), Stream::person, person_idx);
    std::string& line = writer.line();
    append_identifier("nm", ImdbModel::person_number(person_idx), line);
    line += '\t';
    append_person_name(pool, rng, line);
    line += '\t';
    // Most people have no known birth year; those born long ago have mostly died.
    int birth_year = 0;
    int death_year = 0;
    if (rng.chance(0.3)) {
      birth_year = std::max(1840, 2008 - static_cast<int>(rng.exponential(28.0)));
      const bool died = birth_year < 1940 ? rng.chance(0.75) : rng.chance(0.05);
      if (died) {
        death_year = std::min(k_latest_year, birth_year + static_cast<int>(rng.between(20, 95)));
      }
    }
    append_year_or_null(birth_year, line);
    line += '\t';
    append_year_or_null(death_year, line);
    line += '\t';
    append_professions(pool, rng, line);
    line += '\t';
    const auto known_for_count = rng.chance(0.12) ? 0 : rng.between(1, 4);
    if (known_for_count == 0) line += k_null;
    for (int64_t known_idx = 0; known_idx < known_for_count; ++known_idx) {
      if (known_idx > 0) line += ',';
      append_identifier("tt", ImdbModel::title_number(rng.below(model.title_count())), line);
    }
    TRY(writer.end_line(base_row++));
  }
  return writer.finish();
}

}  // namespace reelhouse::sources::imdb
