// Compensation use cases: the pure calculation (needs compensation.calculate, writes nothing), and
// calculations saved against a dispute case. The case id is a plain reference to the disputes
// module's case; reading is scoped by the organizations recorded on the calculation (the saver's
// own organization plus the parties it names). Other modules use compensation only through this header.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kernel/result.hpp"
#include "modules/compensation/model.hpp"
#include "platform/context.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"
#include "platform/documents/registry.hpp"
#include "platform/modules/module.hpp"

namespace medrisk::compensation {

inline constexpr std::string_view kPermission = "compensation.calculate";
inline constexpr std::size_t kMaxOrganizationsPerCalculation = 8;
inline constexpr int kMaxPageSize = 200;

struct NewCalculation {
  std::int64_t case_id = 0;
  std::string label;
  std::vector<std::int64_t> organization_ids;  // parties who may read it, besides the saver's organization
  CompensationInput input;
  std::string input_json;  // the input as received, kept with the result
};

class CompensationService {
 public:
  CompensationService(db::Database& db, ParameterSet parameters);

  static std::vector<db::Migration> migrations();

  const ParameterSet& parameters() const { return parameters_; }
  Result<ParameterSet> read_parameters(const RequestContext& ctx) const;
  Result<Calculation> calculate(const RequestContext& ctx, const CompensationInput& input) const;
  // The insurance part of `base` (for the claims module): deductible, per-incident limit, remaining
  // aggregate, then the co-insurers' split — the rules' apply_cover, `cover_kind` liability or accident.
  static Result<InsuranceResult> insurance_part(const std::string& cover_kind, Money base, const Cover& cover,
                                                const std::vector<Coinsurer>& coinsurers);
  // Recomputes from the input (a client's totals are never trusted) and stores input and result.
  Result<SavedCalculation> save(const RequestContext& ctx, const NewCalculation& n);
  Result<SavedCalculation> get(const RequestContext& ctx, std::int64_t id);
  Result<std::vector<SavedCalculation>> list_by_case(const RequestContext& ctx, std::int64_t case_id,
                                                     std::int64_t after_id, int limit);
  // The saved calculation as an itemized PDF (each line with its formula and amount, causation share,
  // deductible and limits, the insurers' split), for whoever reads the calculation.
  Result<documents::IssuedDocument> calculation_pdf(const RequestContext& ctx, std::int64_t id);
  // The PDF templates (data/documents/; compensation_calculation); throws when it is missing.
  void set_documents(documents::DocumentSet set);

 private:
  db::Database& db_;
  ParameterSet parameters_;
  documents::DocumentSet pdf_;
};

// The module's entry in src/app/modules.cpp.
modules::ModuleSpec module_spec();

}  // namespace medrisk::compensation
