// What every service call carries from its request: who acts, the request id (for the audit log and
// access log), the language of messages, and the clock that says what time it is.
#pragma once

#include <string>

#include "kernel/actor.hpp"
#include "kernel/clock.hpp"

namespace medrisk {

struct RequestContext {
  Actor actor;
  std::string request_id;
  std::string lang = "zh-CN";
  const Clock* clock = nullptr;

  Timestamp now() const { return clock->now(); }
};

}  // namespace medrisk
