#include "core/check_config.hpp"

namespace reelhouse {

std::vector<CheckConfig> default_checks() {
  return {};
}

}  // namespace reelhouse
