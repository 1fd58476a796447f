// Localized names of a state machine's states (data/<module>/states.json): what a notification or a
// document prints instead of the raw id, so a zh-CN reader never sees "denied". One parse for every module.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kernel/result.hpp"

namespace medrisk {

class StateNames {
 public:
  StateNames() = default;
  // `object` is {"<state>": {"zh-CN": "…", "en-US": "…"}, …}; every id of `required` must have both
  // names (a non-empty string each), else an error naming the first gap.
  static Result<StateNames> from_json(const nlohmann::json& object, const std::vector<std::string>& required);
  // The name in `lang` ("en-US", else zh-CN); the id itself only for a state the file does not name.
  std::string name(std::string_view state, std::string_view lang) const;
  std::string zh(std::string_view state) const { return name(state, "zh-CN"); }
  std::string en(std::string_view state) const { return name(state, "en-US"); }

 private:
  std::map<std::string, std::pair<std::string, std::string>, std::less<>> names_;  // id → (zh-CN, en-US)
};

}  // namespace medrisk
