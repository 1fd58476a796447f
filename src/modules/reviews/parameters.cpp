// Parameter files of the reviews module (see parameters.hpp).
#include "modules/reviews/parameters.hpp"

#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace medrisk::reviews {
namespace {

nlohmann::json read_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  return nlohmann::json::parse(in);
}

Aspect aspect_of(const nlohmann::json& j) {
  return {j.at("key").get<std::string>(), j.at("zh-CN").get<std::string>(), j.at("en-US").get<std::string>()};
}

}  // namespace

Parameters load_parameters(const std::filesystem::path& dir) {
  Parameters out;
  auto a = read_json(dir / "aspects.json");
  out.aspects.version = a.at("version").get<std::string>();
  out.aspects.min_stars = a.at("min_stars").get<int>();
  out.aspects.max_stars = a.at("max_stars").get<int>();
  out.aspects.overall = aspect_of(a.at("overall"));
  for (const auto& j : a.at("aspects")) out.aspects.aspects.push_back(aspect_of(j));
  if (out.aspects.min_stars < 1 || out.aspects.max_stars < out.aspects.min_stars || out.aspects.aspects.empty())
    throw std::runtime_error("aspects.json: invalid scale or no aspects");

  auto m = read_json(dir / "moderation.json");
  out.moderation.version = m.at("version").get<std::string>();
  auto mask = m.at("mask_character").get<std::string>();
  if (mask.size() != 1) throw std::runtime_error("moderation.json: mask_character must be one ASCII character");
  out.moderation.mask = mask[0];
  for (const auto& d : m.at("detectors")) {
    Detector det{
        d.at("kind").get<std::string>(), d.at("pattern").get<std::string>(), d.at("validator").get<std::string>(), {}};
    if (det.validator != "none" && det.validator != "gb11643_18" && det.validator != "id15_birth_date" &&
        det.validator != "luhn")
      throw std::runtime_error("moderation.json: unknown validator " + det.validator);
    det.regex = std::regex(det.pattern, std::regex::ECMAScript | std::regex::optimize);
    if (det.regex.mark_count() < 1) throw std::runtime_error("moderation.json: pattern without group 1: " + det.kind);
    out.moderation.detectors.push_back(std::move(det));
  }
  const auto& hold = m.at("hold");
  out.moderation.residual_digit_run = hold.at("residual_digit_run").get<int>();
  out.moderation.residual_numeral_run = hold.at("residual_numeral_run").get<int>();
  out.moderation.residual_characters = hold.at("residual_characters").get<std::vector<std::string>>();
  const auto& staff = m.at("staff_names");
  auto& names = out.moderation.staff_names;
  names.min_length = staff.at("min_length").get<int>();
  names.max_length = staff.at("max_length").get<int>();
  names.compound_surnames = staff.at("compound_surnames").get<std::vector<std::string>>();
  names.title_suffixes = staff.at("title_suffixes").get<std::vector<std::string>>();
  auto surnames = staff.at("surnames").get<std::string>();
  for (std::size_t i = 0; i < surnames.size();) {  // one UTF-8 character each
    auto b = static_cast<unsigned char>(surnames[i]);
    std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : 4;
    names.surnames.push_back(surnames.substr(i, len));
    i += len;
  }
  if (names.min_length < 2 || names.max_length < names.min_length || names.surnames.empty())
    throw std::runtime_error("moderation.json: staff_names needs 2 ≤ min_length ≤ max_length and surnames");

  auto o = read_json(dir / "outreach.json");
  out.outreach.version = o.at("version").get<std::string>();
  out.outreach.low_overall_max = o.at("low_overall_max").get<int>();
  out.outreach.deadline_working_days = o.at("deadline_working_days").get<int>();
  for (const auto& [lang, words] : o.at("harm_keywords").items())
    for (const auto& w : words) out.outreach.harm_keywords.push_back(w.get<std::string>());

  auto g = read_json(dir / "aggregates.json");
  out.aggregates.version = g.at("version").get<std::string>();
  out.aggregates.min_count = g.at("min_count").get<int>();
  out.aggregates.max_cells = g.at("max_cells").get<int>();
  if (out.aggregates.min_count < 1) throw std::runtime_error("aggregates.json: min_count must be at least 1");
  return out;
}

}  // namespace medrisk::reviews
