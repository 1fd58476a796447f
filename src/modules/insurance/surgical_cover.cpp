// Surgical accident cover (手术意外保险) bought by the patient for one planned procedure (seed 002: the
// surgical accident product beside 术前谈话见证): the product's fixed premium and sum insured from
// data/products/surgical_accident.json, cover from the procedure date for the product's term, the
// insurer being the lead insurer of the institution's liability policy in force on that date (as for
// per-visit policies). Sold strictly before the procedure date; once per reference. Table: migration 390.
#include <soci/soci.h>

#include <nlohmann/json.hpp>

#include "modules/insurance/api.hpp"
#include "modules/insurance/errors.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/db/rows.hpp"

namespace medrisk::insurance {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "id, policy_number, product_code, product_version, reference, institution_org_id, insurer_org_id, "
    "patient_user_id, procedure_code, procedure_date, period_start, period_end, premium_fen, sum_insured_fen, "
    "medical_costs_limit_fen, created_at";

SurgicalCover read_cover(const soci::row& r) {
  SurgicalCover c;
  c.id = db::int64_at(r, 0);
  c.policy_number = r.get<std::string>(1);
  c.product_code = r.get<std::string>(2);
  c.product_version = r.get<std::string>(3);
  c.reference = r.get<std::string>(4);
  c.institution_org_id = db::int64_at(r, 5);
  c.insurer_org_id = db::int64_at(r, 6);
  c.patient_user_id = db::int64_at(r, 7);
  c.procedure_code = r.get<std::string>(8);
  c.procedure_date = *Date::parse(r.get<std::string>(9));
  c.period_start = *Date::parse(r.get<std::string>(10));
  c.period_end = *Date::parse(r.get<std::string>(11));
  c.premium_fen = Money::from_fen(db::int64_at(r, 12));
  c.sum_insured_fen = Money::from_fen(db::int64_at(r, 13));
  c.medical_costs_limit_fen = Money::from_fen(db::int64_at(r, 14));
  c.created_at = r.get<std::string>(15);
  return c;
}

json audit_view(const SurgicalCover& c) {
  return {{"policy_number", c.policy_number}, {"product_code", c.product_code}, {"reference", c.reference},
          {"institution_org_id", c.institution_org_id}, {"insurer_org_id", c.insurer_org_id},
          {"procedure_code", c.procedure_code}, {"procedure_date", c.procedure_date.to_string()},
          {"premium_fen", c.premium_fen.fen()}, {"sum_insured_fen", c.sum_insured_fen.fen()}};
}

}  // namespace

std::vector<db::Migration> surgical_cover_migrations() {
  return {{390, "insurance_surgical_covers", R"(
CREATE TABLE surgical_covers (
  id {{pk}},
  policy_number TEXT NOT NULL UNIQUE,
  product_code TEXT NOT NULL,
  product_version TEXT NOT NULL,
  reference TEXT NOT NULL UNIQUE,
  institution_org_id {{bigint}} NOT NULL REFERENCES organizations (id),
  insurer_org_id {{bigint}} NOT NULL REFERENCES organizations (id),
  patient_user_id {{bigint}} NOT NULL REFERENCES users (id),
  procedure_code TEXT NOT NULL,
  procedure_date TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  premium_fen {{bigint}} NOT NULL,
  sum_insured_fen {{bigint}} NOT NULL,
  medical_costs_limit_fen {{bigint}} NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX surgical_covers_patient ON surgical_covers (patient_user_id);
)"}};
}

const Product* InsuranceService::surgical_product() const {
  for (const auto& p : products_)
    if (p.kind == "surgical_accident" && p.premium_fen) return &p;
  return nullptr;
}

std::optional<SurgicalCover> InsuranceService::surgical_cover(db::Tx& tx, const std::string& reference) const {
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kColumns + " FROM surgical_covers WHERE reference = :r",
       soci::use(reference));
  for (const auto& r : rows) return read_cover(r);
  return std::nullopt;
}

Result<SurgicalCover> InsuranceService::buy_surgical_cover(db::Tx& tx, const RequestContext& ctx,
                                                           const SurgicalCoverRequest& r) {
  if (!ctx.actor.has_role("patient") || ctx.actor.user_id != r.patient_user_id)
    return err(errors::surgical_cover_not_the_patient);
  if (ctx.now().shanghai_date() >= r.procedure_date) return err(errors::surgical_cover_after_procedure_date);
  const Product* p = surgical_product();
  if (!p) return err(errors::surgical_cover_no_underwriter, "no surgical_accident product");
  if (surgical_cover(tx, r.reference)) return err(errors::surgical_cover_already_bought);
  auto underwriter = visit_underwriter(tx, r.institution_org_id, r.procedure_date);
  if (!underwriter) return err(errors::surgical_cover_no_underwriter);
  SurgicalCover c;
  c.product_code = p->code;
  c.product_version = p->version;
  c.reference = r.reference;
  c.institution_org_id = r.institution_org_id;
  c.insurer_org_id = underwriter->insurer_org_id;
  c.patient_user_id = r.patient_user_id;
  c.procedure_code = r.procedure_code;
  c.procedure_date = r.procedure_date;
  c.period_start = r.procedure_date;
  c.period_end = r.procedure_date.add_days(p->term_days - 1);
  c.premium_fen = *p->premium_fen;
  c.sum_insured_fen = p->per_person_limit_fen;
  c.medical_costs_limit_fen = p->medical_costs_limit_fen;
  c.created_at = ctx.now().to_iso_utc();
  long long inst = c.institution_org_id, insurer = c.insurer_org_id, patient = c.patient_user_id,
            premium = c.premium_fen.fen(), sum = c.sum_insured_fen.fen(), medical = c.medical_costs_limit_fen.fen(), id = 0;
  std::string pending = "pending:" + r.reference, date = c.procedure_date.to_string(), start = c.period_start.to_string(),
              end = c.period_end.to_string();
  tx.sql() << "INSERT INTO surgical_covers (policy_number, product_code, product_version, reference, institution_org_id, "
              "insurer_org_id, patient_user_id, procedure_code, procedure_date, period_start, period_end, premium_fen, "
              "sum_insured_fen, medical_costs_limit_fen, created_at) VALUES (:n, :pc, :pv, :r, :i, :ins, :pat, :code, "
              ":d, :s, :e, :pr, :sum, :med, :at) RETURNING id",
      soci::use(pending), soci::use(c.product_code), soci::use(c.product_version), soci::use(c.reference),
      soci::use(inst), soci::use(insurer), soci::use(patient), soci::use(c.procedure_code), soci::use(date),
      soci::use(start), soci::use(end), soci::use(premium), soci::use(sum), soci::use(medical), soci::use(c.created_at),
      soci::into(id);
  char number[40];
  std::snprintf(number, sizeof number, "SSA%04d%08lld", c.procedure_date.year(), id);
  c.id = id;
  c.policy_number = number;
  tx.sql() << "UPDATE surgical_covers SET policy_number = :n WHERE id = :id", soci::use(c.policy_number), soci::use(id);
  audit::record(tx, ctx, {"surgical_cover.buy", "surgical_cover", std::to_string(id), std::nullopt, audit_view(c)});
  return c;
}

}  // namespace medrisk::insurance
