// The claims module's side of the actuarial module's ClaimsHistory port (issue 14): the platform's own
// loss triangles from every claim's confirmed payments and case reserve history. Accident year = the
// year of the medical event (the claim's incident_date), report year = the year the insurer was
// notified (notice_date). Lag 1 is the origin year itself, lag k its (k−1)-th following calendar year.
// Paid: confirmed payments as increments, by the Shanghai day of confirmation. Incurred: paid to date +
// the case reserve (outstanding) in force at each year end, or at `as_of` on the latest diagonal.
// Amounts in yuan (fen / 100), gross of co-insurance shares (100 % of each claim).
#pragma once

#include <vector>

#include "kernel/date.hpp"
#include "kernel/money.hpp"
#include "modules/actuarial/api.hpp"
#include "platform/db/database.hpp"

namespace medrisk::claims {

struct DatedAmount {
  Date on;
  Money amount;
};

// What one claim contributes to the triangles.
struct ClaimHistoryFacts {
  Date incident, notice;
  std::vector<DatedAmount> payments;  // confirmed payments, by confirmation day
  std::vector<DatedAmount> reserves;  // every case reserve change (the new outstanding), oldest first
};

// Pure: the cells of every origin year present, for every lag from 1 to the year of `as_of` (zero
// increments included, so each row is one contiguous run). Claims whose origin lies after `as_of` are
// left out; payments and reserve changes after `as_of` are not yet known.
std::vector<actuarial::CellRecord> triangle_records(const std::vector<ClaimHistoryFacts>& claims,
                                                    actuarial::TriangleBasis basis, actuarial::TriangleOrigin origin,
                                                    Date as_of);

// The port's implementation over the claims tables (one read transaction per call).
class ClaimsTriangleHistory final : public actuarial::ClaimsHistory {
 public:
  explicit ClaimsTriangleHistory(db::Database& db) : db_(db) {}
  Result<std::vector<actuarial::CellRecord>> triangle_records(actuarial::TriangleBasis basis,
                                                              actuarial::TriangleOrigin origin, Date as_of) override;
  bool records_are_increments(actuarial::TriangleBasis basis) const override {
    return basis == actuarial::TriangleBasis::paid;
  }

 private:
  db::Database& db_;
};

}  // namespace medrisk::claims
