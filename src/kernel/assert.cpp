// invariant_failed (see assert.hpp).
#include "kernel/assert.hpp"

namespace medrisk {

void invariant_failed(const char* condition, const char* file, int line, const std::string& what) {
  throw InvariantViolation(std::string("invariant violated: ") + what + " (" + condition + " at " + file + ":" +
                           std::to_string(line) + ")");
}

}  // namespace medrisk
