// The production clock: the system's real-time clock, truncated to microseconds.
#include "kernel/clock.hpp"

#include <chrono>

namespace medrisk {

Timestamp SystemClock::now() const {
  return Timestamp::from_sys_time(std::chrono::floor<Timestamp::Duration>(std::chrono::system_clock::now()));
}

}  // namespace medrisk
