// Claims use cases, reports and jobs (see api.hpp): the insurer's portfolio per product and
// underwriting year, and the hourly reminder of overdue Insurance Law deadlines.
#include <algorithm>
#include <map>
#include <tuple>
#include <nlohmann/json.hpp>

#include "modules/accounts/api.hpp"
#include "modules/claims/api.hpp"
#include "modules/claims/store.hpp"
#include "platform/db/coordination.hpp"

namespace medrisk::claims {
namespace {

using nlohmann::json;
constexpr std::size_t kSummaryDueSoon = 5;

// The premium earned by `as_of`: the premium less any refund, pro rata by day over the days covered
// (to the cancellation or the period end).
Money earned(const insurance::PremiumFacts& f, Date as_of) {
  Date last = f.cancelled_on ? f.cancelled_on->add_days(-1) : f.period_end;
  std::int64_t span = (last - f.period_start) + 1;
  std::int64_t elapsed = std::min(as_of, last) - f.period_start + 1;
  if (span <= 0 || elapsed <= 0) return Money::zero();
  Money net = f.premium_fen - f.refund_fen;
  if (elapsed >= span) return net;
  return *net.mul_ratio(elapsed, span, Rounding::half_even);
}

Money share_of(Money amount, const Claim& c, std::int64_t org) {
  for (const auto& s : c.shares)
    if (s.insurer_org_id == org) return *amount.mul_basis_points(s.share_bp, Rounding::half_even);
  return org == c.insurer_org_id ? amount : Money::zero();
}

}  // namespace

Result<std::vector<PortfolioRow>> ClaimsService::portfolio(const RequestContext& ctx, Date as_of) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "claims.read"));
  std::int64_t org = ctx.actor.organization_id;
  return db_.read([&](db::Tx& tx) -> Result<std::vector<PortfolioRow>> {
    std::map<std::pair<std::string, int>, PortfolioRow> rows;
    std::map<std::int64_t, std::pair<std::string, int>> group_of;
    for (const auto& f : insurance_.premium_facts(tx, org)) {
      auto key = std::make_pair(f.product_code, f.period_start.year());
      group_of[f.policy_id] = key;
      PortfolioRow& r = rows[key];
      r.product_code = key.first;
      r.underwriting_year = key.second;
      r.policies += 1;
      r.written_premium_fen += f.premium_fen;
      r.earned_premium_fen += earned(f, as_of);
    }
    for (const auto& c : store::claims_of_insurer(tx, org)) {
      if (c.policy_kind == kVisitPolicyKind) continue;  // per-visit cover: premiums are not in premium_facts
      auto g = group_of.find(c.policy_id);
      if (g == group_of.end()) continue;
      PortfolioRow& r = rows[g->second];
      if (is_open_state(c.state)) r.open_claims += 1;
      r.outstanding_fen += share_of(c.outstanding_fen, c, org);
      r.paid_fen += share_of(c.paid_fen, c, org);
    }
    std::vector<PortfolioRow> out;
    for (auto& [key, r] : rows) {
      r.incurred_fen = r.paid_fen + r.outstanding_fen;
      if (r.earned_premium_fen > Money::zero())
        r.loss_ratio_bp = r.incurred_fen.fen() * 10000 / r.earned_premium_fen.fen();
      out.push_back(r);
    }
    return out;
  });
}

Result<ClaimsSummary> ClaimsService::summary(const RequestContext& ctx) {
  const Actor& a = ctx.actor;
  store::ClaimScope scope;
  std::optional<std::string> region_prefix;
  if (a.has_role("patient")) {
    MEDRISK_CHECK(accounts::authorize(a, "claims.read_own"));
    scope.patient_user_id = a.user_id;
  } else if (a.has("claims.read")) {
    MEDRISK_CHECK(accounts::authorize(a, "claims.read"));
    scope.insurer_org_id = a.organization_id;
  } else if (a.has_role("regulator")) {
    MEDRISK_CHECK(accounts::authorize(a, "cases.read"));
    region_prefix = a.region_code.substr(0, std::min<std::size_t>(2, a.region_code.size()));
  } else {
    MEDRISK_CHECK(accounts::authorize(a, "cases.read"));
    scope.insured_org_id = a.organization_id;
  }
  bool nothing = (region_prefix && region_prefix->size() < 2) ||
                 (!region_prefix && !scope.patient_user_id && a.organization_id == 0);
  Date today = clock_.today();
  ClaimsSummary out;
  out.as_of = today.to_string();
  if (nothing) return out;
  return db_.read([&](db::Tx& tx) -> Result<ClaimsSummary> {
    std::map<std::int64_t, std::string> region_of;
    auto region = [&](std::int64_t org) -> const std::string& {
      auto it = region_of.find(org);
      if (it != region_of.end()) return it->second;
      auto o = accounts::directory::organization(tx, accounts::OrganizationId{org});
      return region_of[org] = o ? o->region_code : std::string();
    };
    ClaimFilter f;
    f.limit = kMaxListPage;
    for (;;) {
      auto page = store::list_claims(tx, scope, f);
      for (const auto& c : page) {
        const std::string& r = region(c.insured_org_id);
        if (region_prefix && !r.starts_with(*region_prefix)) continue;
        ClaimView v = view_of(tx, c);
        bool open = is_open_state(c.state);
        std::optional<DueClaim> next;
        for (const auto& d : v.deadlines)
          if (!d.met_on && (!next || d.due < next->due)) next = DueClaim{c.id, claim_number(c), c.state, d.id, d.due, d.overdue};
        bool overdue = std::any_of(v.deadlines.begin(), v.deadlines.end(), [](const auto& d) { return d.overdue; });
        for (ClaimFigures* fig : {&out.all, &out.by_region[r]}) {
          fig->claims += 1;
          if (open) fig->open += 1;
          if (overdue) fig->overdue += 1;
          fig->outstanding_fen += c.outstanding_fen;
          fig->paid_fen += c.paid_fen;
        }
        out.by_state[c.state] += 1;
        if (open && next) out.due_soon.push_back(*next);
      }
      if (static_cast<int>(page.size()) < f.limit) break;
      f.after_id = page.back().id;
    }
    std::sort(out.due_soon.begin(), out.due_soon.end(),
              [](const DueClaim& x, const DueClaim& y) { return std::tie(x.due, x.id) < std::tie(y.due, y.id); });
    if (out.due_soon.size() > kSummaryDueSoon) out.due_soon.resize(kSummaryDueSoon);
    return out;
  });
}

int ClaimsService::remind_overdue() {
  RequestContext ctx = system_context("claim-reminders");
  return db_.write([&](db::Tx& tx) {
    // Several servers on one PostgreSQL: one run at a time, so a reminder is never written twice
    // (the has_event checks below see the other run's committed events).
    if (!db::try_advisory_xact_lock(tx, "claims.deadline_reminders")) return 0;
    int written = 0;
    std::int64_t after = 0;
    for (;;) {
      auto page = store::list_clock_claims(tx, after, kMaxListPage);
      for (auto& c : page) {
        for (const auto& d : view_of(tx, c).deadlines) {
          if (!d.overdue || written >= kMaxRemindersPerRun) continue;
          json details{{"deadline", d.id}, {"due", d.due}};
          if (store::has_event(tx, c.id, "deadline_overdue", details.dump())) continue;
          after_change(tx, ctx, c, "deadline_overdue", c.state, details);
          ++written;
        }
      }
      if (static_cast<int>(page.size()) < kMaxListPage) break;
      after = page.back().id;
    }
    return written;
  });
}

std::vector<ClaimTally> ClaimsService::tallies(db::Tx& tx, const std::string& from_month, const std::string& to_month) {
  std::map<std::tuple<std::int64_t, std::string, std::optional<std::int64_t>, std::string>, ClaimTally> by_key;
  for (const auto& row : store::tally_rows(tx, from_month + "-01", to_month + "-31")) {
    std::string department;
    std::optional<std::int64_t> clinician;
    if (row.case_id && cases_)
      if (auto c = cases_->find(tx, *row.case_id)) {
        department = c->department;
        clinician = c->clinician_user_id;
      }
    auto& t = by_key[{row.organization_id, department, clinician, row.month}];
    t.organization_id = row.organization_id;
    t.department = department;
    t.clinician_user_id = clinician;
    t.month = row.month;
    t.count += 1;
    t.incurred_fen = t.incurred_fen + row.incurred_fen;
  }
  std::vector<ClaimTally> out;
  for (auto& [k, t] : by_key) out.push_back(std::move(t));
  return out;
}

}  // namespace medrisk::claims
