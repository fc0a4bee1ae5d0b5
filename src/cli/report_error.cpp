#include <iostream>

#include "cli/commands.hpp"

namespace reelhouse::cli {

int report_error(const Error& error) {
  std::cerr << "reelhouse: error: " << error.message << "\n";
  return 1;
}

}  // namespace reelhouse::cli
