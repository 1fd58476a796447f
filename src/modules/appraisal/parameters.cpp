// Parameter files of the appraisal module (see parameters.hpp).
#include "modules/appraisal/parameters.hpp"

#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace medrisk::appraisal {
namespace {

nlohmann::json read_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  return nlohmann::json::parse(in);
}

DelphiItem item_of(const nlohmann::json& j) {
  return {j.at("key").get<std::string>(), j.at("kind").get<std::string>(), j.at("zh-CN").get<std::string>(),
          j.at("en-US").get<std::string>(), j.at("classes").get<std::vector<std::string>>()};
}

}  // namespace

Parameters load_parameters(const std::filesystem::path& dir) {
  Parameters out;
  auto panel = read_json(dir / "panel.json");
  out.panel.version = panel.at("version").get<std::string>();
  out.panel.allowed_sizes = panel.at("allowed_sizes").get<std::vector<int>>();
  for (int s : out.panel.allowed_sizes)
    if (s < 1 || s % 2 == 0) throw std::runtime_error("panel.json: panel sizes must be odd");
  out.panel.min_involved_specialty = panel.at("min_involved_specialty").get<int>();
  out.panel.min_forensic_or_legal = panel.at("min_forensic_or_legal").get<int>();
  out.panel.forensic_or_legal_specialties = panel.at("forensic_or_legal_specialties").get<std::vector<std::string>>();
  for (const auto& s : panel.at("specialties")) out.panel.specialties.push_back(s.at("code").get<std::string>());

  auto delphi = read_json(dir / "delphi.json");
  out.delphi.version = delphi.at("version").get<std::string>();
  out.delphi.max_iqr_classes = delphi.at("max_iqr_classes").get<double>();
  out.delphi.max_cv = delphi.at("max_cv").get<double>();
  out.delphi.kendall_alpha = delphi.at("kendall_alpha").get<double>();
  out.delphi.max_rounds = delphi.at("max_rounds").get<int>();
  out.delphi.min_responses = delphi.at("min_responses").get<int>();
  for (const auto& i : delphi.at("panel_items")) out.delphi.panel_items.push_back(item_of(i));

  auto causation = read_json(dir / "causation.json");
  out.causation.version = causation.at("version").get<std::string>();
  for (const auto& d : causation.at("degrees"))
    out.causation.degrees.push_back({d.at("key").get<std::string>(), d.at("zh-CN").get<std::string>(),
                                     d.at("en-US").get<std::string>(), d.at("min_percent").get<int>(),
                                     d.at("max_percent").get<int>(), d.at("usual_percent").get<int>()});
  if (out.causation.degrees.empty() || out.causation.degrees.front().key != "none")
    throw std::runtime_error("causation.json: degrees must start with none");
  return out;
}

}  // namespace medrisk::appraisal
