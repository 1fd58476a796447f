#include "kernel/state_names.hpp"

#include <nlohmann/json.hpp>

namespace medrisk {

Result<StateNames> StateNames::from_json(const nlohmann::json& object, const std::vector<std::string>& required) {
  StateNames out;
  if (!object.is_object()) return Error::of("state_names_invalid", "expected an object of states");
  for (const auto& [id, value] : object.items()) {
    const nlohmann::json& v = value;  // clang 14 (make fuzz) cannot capture a structured binding
    auto text = [&](const char* lang) -> std::string {
      if (!v.is_object() || !v.contains(lang) || !v[lang].is_string()) return {};
      return v[lang].get<std::string>();
    };
    std::string zh = text("zh-CN"), en = text("en-US");
    if (zh.empty() || en.empty()) return Error::of("state_names_invalid", id + ": needs zh-CN and en-US names");
    out.names_[id] = {zh, en};
  }
  for (const auto& id : required)
    if (!out.names_.count(id)) return Error::of("state_names_invalid", id + ": no name");
  return out;
}

std::string StateNames::name(std::string_view state, std::string_view lang) const {
  auto it = names_.find(state);
  if (it != names_.end()) return lang == "en-US" ? it->second.second : it->second.first;
  return std::string(state);
}

}  // namespace medrisk
