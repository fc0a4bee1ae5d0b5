#include "sources/movies_generator_wiki.hpp"

#include <algorithm>
#include <cmath>
#include <future>
#include <memory>
#include <unordered_set>

#include "sources/movies_generator_pages.hpp"
#include "util/gzip_writer.hpp"

namespace reelhouse::sources::movies {

namespace {

constexpr double k_pages_at_scale_one = 6'000'000.0;
constexpr uint64_t k_min_filler_pages = 200;
constexpr size_t k_flush_bytes = size_t{4} << 20;

// Gzip output whose compression of one buffer overlaps the generation of the next.
class DoubleBufferedGzip {
 public:
  explicit DoubleBufferedGzip(util::GzipWriter gzip)
      : m_gzip(std::make_unique<util::GzipWriter>(std::move(gzip))) {
    m_buffer.reserve(k_flush_bytes + 256 * 1024);
  }

  std::string& buffer() { return m_buffer; }

  Result<> flush_if_full() {
    if (m_buffer.size() < k_flush_bytes) return {};
    std::string spare = TRY(wait());
    m_pending = std::async(
        std::launch::async,
        [gzip = m_gzip.get(), data = std::move(m_buffer)]() mutable -> Result<std::string> {
          TRY(gzip->write(data));
          data.clear();
          return data;
        });
    m_buffer = std::move(spare);
    m_buffer.reserve(k_flush_bytes + 256 * 1024);
    return {};
  }

  Result<> finish() {
    TRY(wait());
    TRY(m_gzip->write(m_buffer));
    m_buffer.clear();
    return m_gzip->commit();
  }

  const util::GzipWriter& gzip() const { return *m_gzip; }

 private:
  Result<std::string> wait() {
    if (!m_pending.valid()) return std::string();
    return m_pending.get();
  }

  std::unique_ptr<util::GzipWriter> m_gzip;
  std::string m_buffer;
  // Declared last: waited for before the writer it uses is destroyed.
  std::future<Result<std::string>> m_pending;
};

// A page of the model: a film's page or a same-title other page.
struct ModelPage {
  const Film* film = nullptr;
  const OtherPage* other = nullptr;
};

std::vector<ModelPage> model_pages_in_dump_order(const MoviesModel& model) {
  std::vector<ModelPage> pages;
  for (const Film& film : model.films) {
    if (film.relation != PageRelation::no_page) pages.push_back(ModelPage{&film, nullptr});
  }
  for (const OtherPage& other : model.other_pages) pages.push_back(ModelPage{nullptr, &other});
  // The dump is in page-id order, unrelated to the dataset's: shuffle (Fisher–Yates).
  util::Rng rng = make_rng(model.seed, Stream::layout, 2);
  for (size_t page_idx = pages.size(); page_idx > 1; --page_idx) {
    std::swap(pages[page_idx - 1], pages[rng.below(page_idx)]);
  }
  return pages;
}

bool is_url_safe(unsigned char character) {
  return (character >= 'A' && character <= 'Z') || (character >= 'a' && character <= 'z') ||
         (character >= '0' && character <= '9') ||
         std::string_view("-_.~;@$!*(),/:").find(static_cast<char>(character)) !=
             std::string_view::npos;
}

}  // namespace

void append_xml_escaped(std::string_view text, std::string& out) {
  size_t plain_start = 0;
  for (size_t idx = 0; idx < text.size(); ++idx) {
    std::string_view entity;
    switch (text[idx]) {
      case '&':
        entity = "&amp;";
        break;
      case '<':
        entity = "&lt;";
        break;
      case '>':
        entity = "&gt;";
        break;
      case '"':
        entity = "&quot;";
        break;
      default:
        continue;
    }
    out.append(text, plain_start, idx - plain_start);
    out += entity;
    plain_start = idx + 1;
  }
  out.append(text, plain_start);
}

void append_url_title(std::string_view title, std::string& out) {
  constexpr std::string_view k_hex_digits = "0123456789ABCDEF";
  for (const char character : title) {
    const auto byte = static_cast<unsigned char>(character);
    if (character == ' ') {
      out += '_';
    } else if (is_url_safe(byte)) {
      out += character;
    } else {
      out += '%';
      out += k_hex_digits[byte >> 4];
      out += k_hex_digits[byte & 0x0F];
    }
  }
}

uint64_t planned_page_count(const MoviesModel& model) {
  uint64_t model_pages = model.other_pages.size();
  for (const Film& film : model.films) model_pages += film.relation != PageRelation::no_page;
  const auto scaled = static_cast<uint64_t>(std::llround(k_pages_at_scale_one * model.scale));
  return std::max(scaled, model_pages + k_min_filler_pages);
}

Result<DumpOutput> write_wikipedia_dump(const MoviesModel& model,
                                        const std::filesystem::path& path) {
  DoubleBufferedGzip output(TRY(util::GzipWriter::create(path)));
  const std::vector<ModelPage> model_pages = model_pages_in_dump_order(model);
  const uint64_t total = planned_page_count(model);
  std::unordered_set<std::string> film_keys;
  for (const Film& film : model.films) film_keys.insert(title_key(film.title));
  FillerPages filler(model.seed, film_keys);

  // Model page k goes at about position (k + u) × total / count: spread evenly, jittered.
  util::Rng layout = make_rng(model.seed, Stream::layout, 3);
  const double spacing =
      static_cast<double>(total) / static_cast<double>(std::max<size_t>(1, model_pages.size()));
  size_t next_model_page = 0;
  uint64_t next_position = 0;
  const auto schedule_next = [&] {
    next_position =
        static_cast<uint64_t>((static_cast<double>(next_model_page) + layout.uniform()) * spacing);
  };
  schedule_next();

  DumpOutput result;
  output.buffer() += "<feed>\n";
  for (uint64_t position = 0; position < total; ++position) {
    const uint64_t model_pages_left = model_pages.size() - next_model_page;
    const bool model_turn =
        model_pages_left > 0 && (next_position <= position || total - position == model_pages_left);
    if (model_turn) {
      const ModelPage& page = model_pages[next_model_page];
      if (page.film != nullptr) {
        append_film_page(model, *page.film, output.buffer());
        ++result.film_pages;
      } else {
        append_other_page(model, *page.other, output.buffer());
        ++result.other_pages;
      }
      ++next_model_page;
      schedule_next();
    } else {
      filler.append_page(output.buffer());
      ++result.filler_pages;
    }
    TRY(output.flush_if_full());
  }
  output.buffer() += "</feed>";
  TRY(output.finish());
  result.pages = total;
  result.uncompressed_bytes = output.gzip().uncompressed_bytes();
  result.compressed_bytes = output.gzip().compressed_bytes();
  return result;
}

}  // namespace reelhouse::sources::movies
