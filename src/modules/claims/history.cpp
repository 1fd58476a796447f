// Claims → loss triangles (see history.hpp): the facts come from store::history_facts, the cells from
// the pure triangle_records below.
#include "modules/claims/history.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "modules/claims/store.hpp"

namespace medrisk::claims {

std::vector<actuarial::CellRecord> triangle_records(const std::vector<ClaimHistoryFacts>& claims,
                                                    actuarial::TriangleBasis basis, actuarial::TriangleOrigin origin,
                                                    Date as_of) {
  const int last_year = as_of.year();
  std::map<std::pair<int, int>, std::int64_t> fen;  // (origin year, lag) → fen
  for (const auto& c : claims) {
    const Date from = origin == actuarial::TriangleOrigin::accident ? c.incident : c.notice;
    if (from > as_of) continue;
    const int y0 = from.year();
    const int last_lag = last_year - y0 + 1;
    for (int lag = 1; lag <= last_lag; ++lag) fen[{y0, lag}] += 0;
    if (basis == actuarial::TriangleBasis::paid) {
      for (const auto& p : c.payments)
        if (p.on <= as_of) fen[{y0, std::max(1, p.on.year() - y0 + 1)}] += p.amount.fen();
      continue;
    }
    for (int lag = 1; lag <= last_lag; ++lag) {
      const Date end = lag == last_lag ? as_of : *Date::from_ymd(y0 + lag - 1, 12, 31);
      std::int64_t incurred = 0;
      for (const auto& p : c.payments)
        if (p.on <= end) incurred += p.amount.fen();
      std::int64_t reserve = 0;
      for (const auto& r : c.reserves)  // oldest first: the last one on or before `end` is in force
        if (r.on <= end) reserve = r.amount.fen();
      fen[{y0, lag}] += incurred + reserve;
    }
  }
  std::vector<actuarial::CellRecord> out;
  out.reserve(fen.size());
  for (const auto& [cell, amount] : fen)
    out.push_back({std::to_string(cell.first), cell.second, static_cast<double>(amount) / 100.0});
  return out;
}

Result<std::vector<actuarial::CellRecord>> ClaimsTriangleHistory::triangle_records(actuarial::TriangleBasis basis,
                                                                                   actuarial::TriangleOrigin origin,
                                                                                   Date as_of) {
  auto facts = db_.read([](db::Tx& tx) { return store::history_facts(tx); });
  return claims::triangle_records(facts, basis, origin, as_of);
}

}  // namespace medrisk::claims
