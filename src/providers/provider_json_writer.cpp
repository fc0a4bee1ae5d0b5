// Pretty-printed provider JSON in the upstream field order (see provider_json_writer.hpp).
#include "providers/provider_json_writer.hpp"

#include <array>
#include <utility>

namespace reelhouse::providers {

void append_json_string(std::string_view text, std::string& out) {
  static constexpr char k_hex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out.push_back(k_hex[(c >> 4) & 0xf]);
          out.push_back(k_hex[c & 0xf]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

namespace {

using Field = std::pair<std::string_view, const std::string*>;

// Writes `{`, one `"key": "value"` line per field at `indent` + 2, and `}` at `indent`.
template <size_t N>
void append_object(const std::array<Field, N>& fields, std::string_view indent, std::string& out) {
  out += "{\n";
  bool first = true;
  for (const auto& [key, value] : fields) {
    if (!value) continue;
    if (!first) out += ",\n";
    first = false;
    out += indent;
    out += "  ";
    append_json_string(key, out);
    out += ": ";
    append_json_string(*value, out);
  }
  out += "\n";
  out += indent;
  out += "}";
}

}  // namespace

std::string render_movie_list(std::span<const ListedMovie> movies) {
  std::string out;
  out.reserve(64 + movies.size() * 200);
  out += "{\n  \"Movies\": [";
  bool first = true;
  for (const ListedMovie& movie : movies) {
    out += first ? "\n    " : ",\n    ";
    first = false;
    const std::array<Field, 5> fields{{{"Title", &movie.title},
                                       {"Year", &movie.year},
                                       {"ID", &movie.id},
                                       {"Type", &movie.type},
                                       {"Poster", &movie.poster}}};
    append_object(fields, "    ", out);
  }
  out += first ? "]\n}" : "\n  ]\n}";
  return out;
}

std::string render_movie_detail(const MovieDetail& movie) {
  const std::array<Field, 20> fields{{
      {"Title", &movie.title},
      {"Year", &movie.year},
      {"Rated", &movie.rated},
      {"Released", &movie.released},
      {"Runtime", &movie.runtime},
      {"Genre", &movie.genre},
      {"Director", &movie.director},
      {"Writer", &movie.writer},
      {"Actors", &movie.actors},
      {"Plot", &movie.plot},
      {"Language", &movie.language},
      {"Country", &movie.country},
      {"Awards", movie.awards ? &*movie.awards : nullptr},
      {"Poster", &movie.poster},
      {"Metascore", &movie.metascore},
      {"Rating", &movie.rating},
      {"Votes", &movie.votes},
      {"ID", &movie.id},
      {"Type", &movie.type},
      {"Price", &movie.price},
  }};
  std::string out;
  out.reserve(1024);
  append_object(fields, "", out);
  return out;
}

}  // namespace reelhouse::providers
