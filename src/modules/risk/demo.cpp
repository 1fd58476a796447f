// Demo exposure (see demo.hpp). Every figure is invented: monthly volumes per department scaled by the
// hospital's size, with a winter peak and ±15 % noise from a fixed-seed generator.
#include "modules/risk/demo.hpp"

#include <cmath>
#include <map>
#include <stdexcept>

namespace medrisk::risk {
namespace {

struct Dept {
  std::string name;
  double visits, discharges, bed_days_per_discharge;
  std::map<std::string, double> operations;  // ICD-9-CM-3 chapter → per discharge
};

// By hospital kind (accounts' demo: hospital1 general 3A, hospital2 maternal & child, hospital3 TCM,
// hospital4 community centre). Names match the departments the disputes demo files cases for.
const std::map<std::string, std::pair<double, std::vector<Dept>>>& profiles() {
  static const std::map<std::string, std::pair<double, std::vector<Dept>>> p = {
      {"general",
       {1.0,
        {{"骨科", 6000, 420, 9, {{"14", 0.55}, {"16", 0.10}}},
         {"普外科", 5200, 380, 7, {{"09", 0.60}, {"15", 0.08}}},
         {"心血管内科", 9000, 450, 8, {{"07", 0.30}, {"16", 0.20}}},
         {"妇产科", 7000, 360, 5, {{"13", 0.55}, {"12", 0.20}}},
         {"急诊科", 15000, 120, 3, {{"16", 0.15}}}}}},
      {"maternal_child",
       {0.6,
        {{"妇产科", 9000, 520, 5, {{"13", 0.65}, {"12", 0.15}}},
         {"儿科", 11000, 300, 6, {{"16", 0.05}}},
         {"新生儿科", 1500, 140, 10, {{"16", 0.10}}}}}},
      {"tcm",
       {0.45,
        {{"中医内科", 8000, 210, 11, {{"16", 0.05}}},
         {"针灸推拿科", 6500, 60, 12, {{"3A", 0.20}}},
         {"骨科", 3000, 150, 12, {{"14", 0.40}}}}}},
      {"primary", {0.12, {{"全科医学科", 9000, 40, 6, {}}, {"中医科", 3000, 10, 7, {}}}}},
  };
  return p;
}

// SplitMix64: a small, well-mixed deterministic generator.
struct Rng {
  std::uint64_t s;
  double next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) / 9007199254740992.0;
  }
};

}  // namespace

std::vector<ExposureRecord> demo_exposure(const std::vector<std::pair<std::int64_t, std::string>>& hospitals,
                                          const std::string& last_month, int months, std::uint64_t seed) {
  std::vector<ExposureRecord> out;
  Rng rng{seed};
  for (const auto& [org, kind] : hospitals) {
    auto it = profiles().find(kind);
    if (it == profiles().end()) continue;
    const auto& [scale, depts] = it->second;
    for (const auto& d : depts)
      for (int i = months; i >= 1; --i) {
        std::string m = add_months(last_month, 1 - i);
        int mo = std::stoi(m.substr(5, 2));
        double season = 1.0 + 0.12 * std::cos((mo - 1) * 3.14159265358979 / 6.0);  // January peak
        auto jitter = [&] { return 0.85 + 0.3 * rng.next(); };
        ExposureRecord r;
        r.organization_id = org;
        r.department = d.name;
        r.month = m;
        r.outpatient_visits = std::llround(d.visits * scale * season * jitter());
        r.discharges = std::llround(d.discharges * scale * season * jitter());
        r.bed_days = std::llround(static_cast<double>(r.discharges) * d.bed_days_per_discharge * jitter());
        for (const auto& [g, per] : d.operations)
          if (auto n = std::llround(static_cast<double>(r.discharges) * per * jitter()); n > 0) r.operations[g] = n;
        out.push_back(std::move(r));
      }
  }
  return out;
}

void seed_demo_risk(RiskService& service, const modules::DemoDirectory& dir, const Clock& clock) {
  static const std::vector<std::pair<std::string, std::string>> keys = {
      {"hospital1", "general"}, {"hospital2", "maternal_child"}, {"hospital3", "tcm"}, {"hospital4", "primary"}};
  std::vector<std::pair<std::int64_t, std::string>> hospitals;
  for (const auto& [key, kind] : keys)
    if (dir.organizations.contains(key)) hospitals.push_back({dir.org(key), kind});
  std::string last = add_months(clock.today().to_string().substr(0, 7), -1);
  auto rows = demo_exposure(hospitals, last, 36, 20261207);
  auto r = service.import_records_as_system(std::move(rows), "demo");
  if (!r.ok()) throw std::runtime_error("risk demo seed: " + r.error().code);
}

}  // namespace medrisk::risk
