// The platform triangle on a real database (SQLite, and PostgreSQL in the pg tier): empty with a note
// while no claims module answers the ClaimsHistory port (or it has no claims), built through the port
// otherwise, and reserved on with Mack. The claims module's own implementation is tested in
// tests/store/claims/claims_triangle_test.cpp.
#include <soci/soci.h>

#include "modules/actuarial/errors.hpp"
#include "modules/actuarial/api.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

namespace act = medrisk::actuarial;

// Stands in for the claims module: RAA's first three accident years as payments; none when `empty`.
class FakeClaimsHistory : public act::ClaimsHistory {
 public:
  bool empty = false;
  Result<std::vector<act::CellRecord>> triangle_records(act::TriangleBasis, act::TriangleOrigin, Date) override {
    if (empty) return std::vector<act::CellRecord>{};
    return std::vector<act::CellRecord>{{"2024", 1, 5012}, {"2024", 2, 3245}, {"2024", 3, 2168},
                                        {"2025", 1, 106},  {"2025", 2, 4179}, {"2026", 1, 3410}};
  }
  bool records_are_increments(act::TriangleBasis) const override { return true; }
};

act::ClaimsHistoryLookup port(act::ClaimsHistory* h) {
  return [h] { return h; };
}

class ActuarialStore : public StoreTest {
 protected:
  RequestContext actor_with(std::vector<std::string> roles) {
    RequestContext c;
    c.actor.user_id = 1;
    c.actor.roles = roles;
    c.actor.permissions = accounts::permissions_for(roles);
    c.request_id = "test";
    c.clock = &clock;
    return c;
  }
  std::filesystem::path data_dir() const { return source_dir() / "data" / "actuarial"; }
};

TEST_F(ActuarialStore, WithoutClaimsThePlatformTriangleIsEmptyWithANote) {
  FakeClaimsHistory claims;
  claims.empty = true;
  act::ActuarialService service(*db, data_dir(), port(&claims));
  for (auto basis : {act::TriangleBasis::paid, act::TriangleBasis::incurred}) {
    auto t = service.platform_triangle(actor_with({"actuary"}), basis);
    ASSERT_TRUE(t.ok()) << t.error().code;
    EXPECT_FALSE(t->available);
    EXPECT_EQ(t->note.value_or(""), act::errors::platform_claims_not_available);
    EXPECT_EQ(t->triangle.n_origins(), 0u);
  }
}

TEST_F(ActuarialStore, WithoutAClaimsModuleTheTriangleStaysEmpty) {
  act::ActuarialService service(*db, data_dir(), port(nullptr));
  auto t = service.platform_triangle(actor_with({"regulator"}), act::TriangleBasis::paid);
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(t->available);
  EXPECT_EQ(t->note.value_or(""), act::errors::platform_claims_not_available);
}

TEST_F(ActuarialStore, ClaimsPaymentsBecomeACumulativePaidTriangle) {
  FakeClaimsHistory claims;
  act::ActuarialService service(*db, data_dir(), port(&claims));
  auto t = service.platform_triangle(actor_with({"actuary"}), act::TriangleBasis::paid);
  ASSERT_TRUE(t.ok()) << t.error().code;
  EXPECT_TRUE(t->available);
  EXPECT_FALSE(t->note);
  ASSERT_EQ(t->triangle.n_origins(), 3u);
  EXPECT_EQ(t->triangle.origins[0], "2024");
  EXPECT_DOUBLE_EQ(t->triangle.at(0, 2), 5012 + 3245 + 2168);
  EXPECT_DOUBLE_EQ(t->triangle.at(1, 1), 106 + 4179);
  EXPECT_FALSE(t->triangle.observed(2, 1));

  // Reserving on it: the same triangle, chain ladder on the platform source.
  act::ReservingRequest r;
  r.source.platform = act::TriangleOrigin::accident;
  r.method = act::ReservingMethod::chainladder;
  auto cl = service.reserve(actor_with({"actuary"}), r);
  ASSERT_TRUE(cl.ok()) << cl.error().code << " " << cl.error().detail;
  EXPECT_DOUBLE_EQ(cl->triangle.at(0, 2), 5012 + 3245 + 2168);
  claims.empty = true;
  auto none = service.reserve(actor_with({"actuary"}), r);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, act::errors::platform_triangle_empty);
}

TEST_F(ActuarialStore, OnlyActuariesAndRegulatorsMayReadIt) {
  act::ActuarialService service(*db, data_dir());
  struct Row { std::string role; std::string code; };
  for (const auto& row : std::vector<Row>{{"actuary", ""}, {"regulator", ""}, {"adjuster", "permission_denied"},
                                          {"medical_officer", "permission_denied"}, {"patient", "permission_denied"}}) {
    auto t = service.platform_triangle(actor_with({row.role}), act::TriangleBasis::paid);
    EXPECT_EQ(t.ok() ? std::string() : t.error().code, row.code) << row.role;
  }
}

}  // namespace
}  // namespace medrisk::testing
