#include "postgres/copy_text.hpp"

namespace reelhouse::postgres {

void append_copy_text_value(std::string& line, std::string_view value) {
  size_t plain_start = 0;
  for (size_t byte_idx = 0; byte_idx < value.size(); ++byte_idx) {
    const char* escaped = nullptr;
    switch (value[byte_idx]) {
      case '\\':
        escaped = "\\\\";
        break;
      case '\t':
        escaped = "\\t";
        break;
      case '\n':
        escaped = "\\n";
        break;
      case '\r':
        escaped = "\\r";
        break;
      default:
        continue;
    }
    line.append(value.substr(plain_start, byte_idx - plain_start));
    line += escaped;
    plain_start = byte_idx + 1;
  }
  line.append(value.substr(plain_start));
}

}  // namespace reelhouse::postgres
