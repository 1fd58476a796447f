// Risk use cases (see api.hpp): imports, rates with credibility, confidentiality, experience.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "modules/risk/api.hpp"
#include "modules/risk/errors.hpp"
#include "modules/risk/store.hpp"
#include "platform/audit/audit_log.hpp"

namespace medrisk::risk {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxReportedIssues = 1000;  // a refusal lists at most this many (the count is given)

json read_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  return json::parse(in);
}

std::string fixed(double v, int digits) {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(digits);
  o << v;
  return o.str();
}

Error refusal(const std::vector<ImportIssue>& issues, std::int64_t import_id) {
  Error e = err(errors::exposure_import_refused, std::to_string(issues.size()) + " problems");
  for (std::size_t i = 0; i < issues.size() && i < kMaxReportedIssues; ++i) {
    const auto& x = issues[i];
    e.with("/rows/" + std::to_string(x.row) + (x.column.empty() ? "" : "/" + x.column), x.code, x.detail);
  }
  e.with_member("import_id", import_id);
  e.with_member("issue_count", static_cast<std::int64_t>(issues.size()));
  return e;
}

json report_json(const ImportReport& r) {
  return {{"id", r.id}, {"status", r.status}, {"rows", r.rows}, {"replaced", r.replaced}, {"source", r.source}};
}

}  // namespace

RiskParams load_params(const std::filesystem::path& dir) {
  RiskParams p;
  json e = read_json(dir / "exposure.json");
  p.outpatient_visit_weight = e.at("outpatient_visit_weight").get<double>();
  p.discharge_weight = e.at("discharge_weight").get<double>();
  p.bed_day_weight = e.at("bed_day_weight").get<double>();
  p.rate_per_units = e.at("rate_per_units").get<double>();
  p.max_import_rows = e.at("max_import_rows").get<std::int64_t>();
  p.experience_months = e.at("experience_months").get<int>();
  p.sources["exposure"] = e.at("source").get<std::string>();
  if (p.rate_per_units <= 0 || p.outpatient_visit_weight < 0 || p.discharge_weight < 0 || p.bed_day_weight < 0 ||
      p.max_import_rows <= 0 || p.experience_months < 12 || p.experience_months > kMaxPeriodMonths)
    throw std::runtime_error("data/risk/exposure.json: weights must be ≥ 0, rate_per_units > 0, 12 ≤ experience_months ≤ 120");
  json g = read_json(dir / "procedure_groups.json");
  p.sources["procedure_groups"] = g.at("source").get<std::string>();
  for (const auto& x : g.at("groups"))
    p.procedure_groups.push_back({x.at("code").get<std::string>(), x.at("codes").get<std::string>(),
                                  x.at("zh-CN").get<std::string>(), x.at("en-US").get<std::string>()});
  json d = read_json(dir / "diagnosis_chapters.json");
  p.sources["diagnosis_chapters"] = d.at("source").get<std::string>();
  for (const auto& x : d.at("chapters"))
    p.diagnosis_chapters.push_back({x.at("code").get<std::string>(), x.at("first").get<std::string>(),
                                    x.at("last").get<std::string>(), x.at("zh-CN").get<std::string>(),
                                    x.at("en-US").get<std::string>()});
  if (p.procedure_groups.empty() || p.diagnosis_chapters.empty())
    throw std::runtime_error("data/risk: procedure groups and diagnosis chapters must not be empty");
  return p;
}

std::vector<EventTally> ModuleEventSource::tallies(db::Tx& tx, const std::string& from, const std::string& to) {
  std::vector<EventTally> out;
  if (disputes_)
    for (const auto& t : disputes_->tallies(tx, from, to))
      out.push_back({t.kind == "complaint" ? "complaints" : "cases", t.organization_id, t.department,
                     t.clinician_user_id, t.month, static_cast<double>(t.count)});
  if (incidents_)
    for (const auto& t : incidents_->tallies(tx, from, to))
      out.push_back({"incidents", t.organization_id, t.department, std::nullopt, t.month, static_cast<double>(t.count)});
  if (claims_)
    for (const auto& t : claims_->tallies(tx, from, to)) {
      out.push_back({"claims", t.organization_id, t.department, t.clinician_user_id, t.month,
                     static_cast<double>(t.count)});
      out.push_back({"claims_incurred", t.organization_id, t.department, t.clinician_user_id, t.month,
                     static_cast<double>(t.incurred_fen.fen())});
    }
  return out;
}

RiskService::RiskService(db::Database& db, const Clock& clock, RiskParams params, EventSource* events,
                         InsurerOf insurer_of, insurance::VisitPolicyService* partners)
    : db_(db), clock_(clock), params_(std::move(params)), events_(events), insurer_of_(std::move(insurer_of)),
      partners_(partners) {}

std::vector<db::Migration> RiskService::migrations() { return store::migrations(); }

// ---------------------------------------------------------------- import

Result<ImportReport> RiskService::import_csv_as_system(const std::string& text, const std::string& file_name) {
  std::set<std::string, std::less<>> groups;
  for (const auto& g : params_.procedure_groups) groups.insert(g.code);
  ParsedExposure parsed = parse_exposure_csv(text, groups, params_.max_import_rows);
  ImportReport report;
  report.source = "cli";
  report.file_name = file_name;
  RequestContext ctx;
  ctx.request_id = "system:risk-import";
  ctx.clock = &clock_;
  return run_import(ctx, std::move(parsed.rows), std::move(parsed.lines), std::move(parsed.issues), report, {});
}

Result<ImportReport> RiskService::import_records_as_system(std::vector<ExposureRecord> rows, const std::string& file_name) {
  std::vector<ImportIssue> issues;
  std::vector<std::int64_t> lines;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    lines.push_back(static_cast<std::int64_t>(i) + 2);
    check_record(rows[i], lines.back(), issues);
  }
  ImportReport report;
  report.source = "demo";
  report.file_name = file_name;
  RequestContext ctx;
  ctx.request_id = "system:demo";
  ctx.clock = &clock_;
  return run_import(ctx, std::move(rows), std::move(lines), std::move(issues), report, {});
}

Result<ImportReport> RiskService::import_csv_partner(const insurance::SignedRequest& req, const std::string& request_id) {
  if (!partners_) return err("partner_signature_invalid");
  MEDRISK_TRY(insurance::PartnerIdentity partner, partners_->authenticate(req));
  std::set<std::string, std::less<>> groups;
  for (const auto& g : params_.procedure_groups) groups.insert(g.code);
  ParsedExposure parsed = parse_exposure_csv(req.body, groups, params_.max_import_rows);
  ImportReport report;
  report.source = "partner";
  report.file_name = "partner:" + partner.key_id;
  report.organization_id = partner.organization_id;
  RequestContext ctx;
  ctx.request_id = request_id;
  ctx.clock = &clock_;
  auto nonce = req.nonce;
  return run_import(ctx, std::move(parsed.rows), std::move(parsed.lines), std::move(parsed.issues), report,
                    [this, partner, nonce](db::Tx& tx) { return partners_->record_nonce(tx, partner, nonce); });
}

Result<ImportReport> RiskService::run_import(const RequestContext& ctx, std::vector<ExposureRecord> rows,
                                             std::vector<std::int64_t> lines, std::vector<ImportIssue> issues,
                                             ImportReport report, const std::function<Status(db::Tx&)>& in_tx) {
  report.created_at = clock_.now().to_iso_utc();
  report.rows = static_cast<std::int64_t>(rows.size());
  const std::string job = report.source == "partner" ? report.file_name : "risk import-exposure";
  if (issues.empty()) {
    auto done = db_.write([&](db::Tx& tx) -> Result<ImportReport> {
      if (in_tx) MEDRISK_CHECK(in_tx(tx));
      // Organizations: each distinct one looked up once.
      std::map<std::int64_t, std::string_view> problem;  // organization → error code ("" = fine)
      for (const auto& r : rows) {
        if (problem.contains(r.organization_id)) continue;
        auto o = accounts::directory::organization(tx, accounts::OrganizationId{r.organization_id});
        std::string_view code;
        if (!o) code = errors::exposure_organization_invalid;
        else if (o->kind != "medical_institution") code = errors::exposure_organization_not_institution;
        else if (report.organization_id && *report.organization_id != r.organization_id)
          code = errors::exposure_organization_not_partner;
        problem[r.organization_id] = code;
      }
      std::vector<ImportIssue> org_issues;
      for (std::size_t i = 0; i < rows.size(); ++i)
        if (auto code = problem.at(rows[i].organization_id); !code.empty())
          org_issues.push_back({lines[i], "organization_id", std::string(code), {}});
      if (!org_issues.empty()) {
        issues = std::move(org_issues);
        return err(errors::exposure_import_refused);
      }
      report.status = "imported";
      report.id = store::insert_import(tx, report);
      report.replaced = store::upsert_exposure(tx, rows, report.id, report.created_at);
      store::set_replaced(tx, report.id, report.replaced);
      audit::record_system(tx, clock_.now(), job,
                           {"exposure.import", "risk_import", std::to_string(report.id), std::nullopt,
                            report_json(report)});
      return report;
    });
    if (done.ok() || done.error().code != errors::exposure_import_refused) return done;
  }
  // Refused: nothing of the file is kept; the refusal itself is recorded with its issues.
  report.status = "refused";
  report.replaced = 0;
  report.issues.assign(issues.begin(), issues.begin() + static_cast<std::ptrdiff_t>(std::min(issues.size(), kMaxReportedIssues)));
  std::int64_t id = db_.write([&](db::Tx& tx) {
    std::int64_t id = store::insert_import(tx, report);
    report.id = id;
    audit::record_system(tx, clock_.now(), job,
                         {"exposure.import_refused", "risk_import", std::to_string(id), std::nullopt, report_json(report)});
    return id;
  });
  (void)ctx;
  return refusal(issues, id);
}

// ---------------------------------------------------------------- rates

RatesReport RiskService::compute(db::Tx& tx, const RatesQuery& q, const std::string& province) {
  RatesReport out;
  out.level = q.level;
  out.from_month = q.from_month;
  out.to_month = q.to_month;
  out.province = province;
  bool by_department = q.level == "department";
  auto exposure = store::exposure_between(tx, q.from_month, q.to_month, std::nullopt);
  // The province's institutions.
  std::map<std::int64_t, std::string> names;
  std::set<std::int64_t> outside;
  for (const auto& r : exposure) {
    if (names.contains(r.organization_id) || outside.contains(r.organization_id)) continue;
    auto o = accounts::directory::organization(tx, accounts::OrganizationId{r.organization_id});
    if (o && o->region_code.starts_with(province)) names[r.organization_id] = o->name;
    else outside.insert(r.organization_id);
  }
  // Units (organization, department or "") → month → weight, and → measure → month → events.
  using Key = std::pair<std::int64_t, std::string>;
  std::map<Key, std::map<std::string, double>> units;  // weight in units
  for (const auto& r : exposure) {
    if (!names.contains(r.organization_id)) continue;
    if (by_department && q.department && r.department != *q.department) continue;
    units[{r.organization_id, by_department ? r.department : ""}][r.month] += exposure_units(r, params_);
  }
  std::map<Key, std::map<std::string, std::map<std::string, double>>> events;  // key → measure → month
  if (events_)
    for (const auto& t : events_->tallies(tx, q.from_month, q.to_month)) {
      Key k{t.organization_id, by_department ? t.department : ""};
      if (!units.contains(k)) continue;
      events[k][t.measure][t.month] += t.value;
    }
  // Collectives: the whole province (institution level) or each department.
  std::map<std::string, std::vector<Key>> collectives;
  for (const auto& [k, months] : units) collectives[k.second].push_back(k);
  for (const auto& [dept, keys] : collectives) {
    ProvinceRow prow;
    prow.department = dept;
    std::vector<RateRow> rows(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
      rows[i].organization_id = keys[i].first;
      rows[i].organization_name = names.at(keys[i].first);
      rows[i].department = dept;
      for (const auto& [m, w] : units.at(keys[i])) rows[i].exposure_units += w;
      prow.exposure_units += rows[i].exposure_units;
    }
    for (const auto& measure : measures()) {
      std::vector<BsUnit> bs(keys.size());
      for (std::size_t i = 0; i < keys.size(); ++i) {
        const auto* ev = events.contains(keys[i]) && events.at(keys[i]).contains(measure)
                             ? &events.at(keys[i]).at(measure) : nullptr;
        for (const auto& [m, w] : units.at(keys[i])) {
          double e = 0;
          if (ev)
            if (auto it = ev->find(m); it != ev->end()) e = it->second;
          bs[i].periods.push_back({w / params_.rate_per_units, e});
        }
      }
      BsResult r = buhlmann_straub(bs);
      prow.parameters[measure] = r.params;
      double total = 0;
      for (std::size_t i = 0; i < keys.size(); ++i) {
        rows[i].measures[measure] = r.units[i];
        total += r.units[i].events;
      }
      prow.events[measure] = total;
    }
    out.province_rows.push_back(std::move(prow));
    for (auto& r : rows) out.rows.push_back(std::move(r));
  }
  return out;
}

RiskService::Visibility RiskService::visibility(db::Tx& tx, const RequestContext& ctx,
                                                const std::vector<std::int64_t>& candidates) {
  Visibility v;
  if (ctx.actor.has_role("platform_admin") || ctx.actor.has_role("regulator")) {
    v.all = true;
    return v;
  }
  bool insurer = ctx.actor.organization_kind == "insurer" || ctx.actor.has_role("underwriter") ||
                 ctx.actor.has_role("actuary");
  Date today = ctx.now().shanghai_date();
  for (std::int64_t org : candidates) {
    if (ctx.actor.organization_id != 0 && org == ctx.actor.organization_id) v.organizations.push_back(org);
    else if (insurer && insurer_of_ && ctx.actor.organization_id != 0 &&
             insurer_of_(tx, org, today) == std::optional<std::int64_t>(ctx.actor.organization_id))
      v.organizations.push_back(org);
  }
  return v;
}

namespace {

Status check_period(const std::string& from, const std::string& to) {
  if (months_between(from, to).empty()) return err(errors::risk_period_invalid);
  return {};
}

std::string province_of(const RequestContext& ctx) {
  if (ctx.actor.has_role("platform_admin") || ctx.actor.region_code.size() < 2) return "";
  return ctx.actor.region_code.substr(0, 2);
}

}  // namespace

Result<RatesReport> RiskService::rates(const RequestContext& ctx, const RatesQuery& q) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "risk.read"));
  if (q.level != "institution" && q.level != "department") return err(errors::risk_level_invalid);
  MEDRISK_CHECK(check_period(q.from_month, q.to_month));
  return db_.read([&](db::Tx& tx) -> Result<RatesReport> {
    RatesReport all = compute(tx, q, province_of(ctx));
    std::vector<std::int64_t> candidates;
    for (const auto& r : all.rows) candidates.push_back(r.organization_id);
    if (q.organization_id) candidates.push_back(*q.organization_id);
    Visibility v = visibility(tx, ctx, candidates);
    auto visible = [&](std::int64_t org) {
      return v.all || std::find(v.organizations.begin(), v.organizations.end(), org) != v.organizations.end();
    };
    // Another institution's identified figures: the same 404 as an id that does not exist.
    if (q.organization_id && !visible(*q.organization_id)) return err("resource_not_found");
    std::vector<RateRow> rows;
    for (auto& r : all.rows)
      if (visible(r.organization_id) && (!q.organization_id || r.organization_id == *q.organization_id))
        rows.push_back(std::move(r));
    all.rows = std::move(rows);
    return all;
  });
}

Result<std::vector<ExposureRow>> RiskService::exposure(const RequestContext& ctx, const ExposureQuery& q) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "risk.read"));
  MEDRISK_CHECK(check_period(q.from_month, q.to_month));
  return db_.read([&](db::Tx& tx) -> Result<std::vector<ExposureRow>> {
    std::vector<std::int64_t> candidates;
    if (q.organization_id) {
      candidates.push_back(*q.organization_id);
    } else {
      std::set<std::int64_t> orgs;
      for (const auto& r : store::exposure_between(tx, q.from_month, q.to_month, std::nullopt)) orgs.insert(r.organization_id);
      candidates.assign(orgs.begin(), orgs.end());
    }
    Visibility v = visibility(tx, ctx, candidates);
    if (q.organization_id && !v.all && v.organizations.empty()) return err("resource_not_found");
    return store::list_exposure(tx, q, v.organizations, v.all);
  });
}

Result<std::vector<ImportReport>> RiskService::imports(const RequestContext& ctx, int limit) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "risk.read"));
  return db_.read([&](db::Tx& tx) -> Result<std::vector<ImportReport>> {
    if (ctx.actor.has_role("platform_admin") || ctx.actor.has_role("regulator")) return store::list_imports(tx, std::nullopt, limit);
    if (ctx.actor.organization_kind == "medical_institution" && ctx.actor.organization_id != 0)
      return store::list_imports(tx, ctx.actor.organization_id, limit);
    return std::vector<ImportReport>{};
  });
}

Result<ClinicianHistory> RiskService::clinician_history(const RequestContext& ctx, std::int64_t clinician_user_id,
                                                        const std::string& from_month, const std::string& to_month) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "risk.read"));
  MEDRISK_CHECK(check_period(from_month, to_month));
  return db_.read([&](db::Tx& tx) -> Result<ClinicianHistory> {
    auto u = accounts::directory::user(tx, accounts::UserId{clinician_user_id});
    if (!u || !u->organization_id) return err("resource_not_found");
    Visibility v = visibility(tx, ctx, {*u->organization_id});
    if (!v.all && v.organizations.empty()) return err("resource_not_found");
    ClinicianHistory h;
    h.clinician_user_id = clinician_user_id;
    h.display_name = u->display_name;
    h.organization_id = *u->organization_id;
    h.from_month = from_month;
    h.to_month = to_month;
    for (const auto* m : {"cases", "claims", "claims_incurred"}) h.totals[m] = 0;
    if (events_)
      for (const auto& t : events_->tallies(tx, from_month, to_month)) {
        if (t.clinician_user_id != std::optional<std::int64_t>(clinician_user_id)) continue;
        h.totals[t.measure] += t.value;
        h.by_month.push_back({t.measure, t.month, t.department, t.organization_id, t.value});
      }
    std::sort(h.by_month.begin(), h.by_month.end(), [](const auto& a, const auto& b) {
      return std::tie(a.month, a.measure) < std::tie(b.month, b.measure);
    });
    return h;
  });
}

// ---------------------------------------------------------------- experience for insurance

std::optional<insurance::ExperienceFigures> RiskService::experience_of(db::Tx& tx, std::int64_t org_id, Date as_of) {
  auto o = accounts::directory::organization(tx, accounts::OrganizationId{org_id});
  if (!o) return std::nullopt;
  std::string this_month = as_of.to_string().substr(0, 7);
  RatesQuery q;
  q.level = "institution";
  q.to_month = add_months(this_month, -1);
  q.from_month = add_months(this_month, -params_.experience_months);
  RatesReport r = compute(tx, q, o->region_code.substr(0, 2));
  const RateRow* row = nullptr;
  for (const auto& x : r.rows)
    if (x.organization_id == org_id) row = &x;
  if (!row || row->exposure_units <= 0) return std::nullopt;
  std::set<std::string> months;
  for (const auto& e : store::exposure_between(tx, q.from_month, q.to_month, org_id)) months.insert(e.month);
  insurance::ExperienceFigures f;
  f.from_month = q.from_month;
  f.to_month = q.to_month;
  f.exposure_units = row->exposure_units;
  const MeasureRate& claims = row->measures.at("claims");
  const MeasureRate& incurred = row->measures.at("claims_incurred");
  f.claims = static_cast<std::int64_t>(std::llround(claims.events));
  f.credibility_z = claims.z;
  f.risk_coefficient = claims.coefficient;
  f.experience.years = static_cast<std::int64_t>((months.size() + 11) / 12);
  f.experience.incurred_losses_fen = Money::from_fen(static_cast<std::int64_t>(std::llround(incurred.events)));
  f.experience.source = "risk_database";
  f.experience.basis = "risk database " + q.from_month + ".." + q.to_month + ": " + fixed(f.exposure_units, 0) +
                       " exposure units, " + std::to_string(f.claims) + " claims, incurred " +
                       f.experience.incurred_losses_fen.to_plain_string() + " CNY, claims rate " +
                       fixed(claims.rate, 3) + " per " + fixed(params_.rate_per_units, 0) + " units (province " +
                       fixed(r.province_rows.empty() ? 0 : r.province_rows.front().parameters.at("claims").province_rate, 3) +
                       "), Bühlmann–Straub Z = " + fixed(f.credibility_z, 3) + ", risk coefficient " +
                       fixed(f.risk_coefficient, 3);
  return f;
}

}  // namespace medrisk::risk
