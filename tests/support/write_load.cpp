// See write_load.hpp.
#include "support/write_load.hpp"

#include <httplib.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <regex>
#include <stdexcept>

#include "platform/crypto/crypto.hpp"
#include "platform/db/database.hpp"
#include "platform/db/rows.hpp"
#include "support/api_client.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string today_shanghai() {
  std::time_t t = std::time(nullptr) + 8 * 3600;
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&t));
  return buf;
}

std::string now_utc() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

// The bodies are a function of the key, so that a retry sends the same request.
std::string visit_body(const std::string& visit_id) {
  return json{{"visit_id", visit_id},
              {"patient_phone", "17099991234"},
              {"department", "内科"},
              {"visit_date", today_shanghai()}}
      .dump();
}

json payment_body() {
  return {{"kind", "final"},
          {"amount_fen", 100},
          {"bank_account", {{"holder", "郑晓禾"}, {"bank", "示例银行明湖支行"}, {"number", "6222000011112222"}}}};
}

std::unique_ptr<soci::session> raw_session(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0)
    return std::make_unique<soci::session>(*soci::factory_sqlite3(), "db=" + url.substr(7) + " timeout=10");
  return std::make_unique<soci::session>(*soci::factory_postgresql(), db::postgres_conninfo(url));
}

}  // namespace

const char* to_string(WriteKind k) {
  switch (k) {
    case WriteKind::visit_policy:
      return "visit_policy";
    case WriteKind::case_event:
      return "case_event";
    case WriteKind::payment:
      return "payment";
  }
  return "?";
}

LoadFixture LoadFixture::prepare(ServerProcess& server) {
  crypto::init();
  LoadFixture fx;
  std::smatch m;
  std::string log = server.log();
  if (!std::regex_search(log, m, std::regex("Demo partner key of \\S+: (\\S+) secret (\\S+)")))
    throw std::runtime_error("no demo partner key in the first start's log:\n" + log);
  fx.partner_key = m[1];
  fx.partner_secret = m[2];
  Api api(server.port());
  fx.adjuster_token = api.login("adjuster");
  fx.officer_token = api.login("officer");
  std::string patient = api.login("patient");
  auto me = api.get("/api/v1/me", patient);
  auto policies = api.get("/api/v1/policies?limit=50", fx.adjuster_token);
  std::int64_t policy = 0;
  std::string start;
  for (const auto& p : policies.body["items"])
    if (p["product_code"] == "institution_liability" && policy == 0) {
      policy = p["id"].get<std::int64_t>();
      start = p["period_start"].get<std::string>();
    }
  if (policy == 0) throw std::runtime_error("no demo institution liability policy: " + policies.raw);
  // The incident on the second day of the policy period (a fresh demo database has no claim there).
  std::tm tm{};
  strptime(start.c_str(), "%Y-%m-%d", &tm);
  tm.tm_mday += 1;
  std::time_t t = timegm(&tm);
  char incident[16];
  std::strftime(incident, sizeof incident, "%Y-%m-%d", std::gmtime(&t));
  auto c = api.post("/api/v1/claims",
                    {{"policy_id", policy}, {"patient_user_id", me.body["user"]["id"]}, {"incident_date", incident}},
                    fx.adjuster_token);
  if (c.status != 201) throw std::runtime_error("claim: " + c.raw);
  fx.claim_id = c.body["id"].get<std::int64_t>();
  std::string path = "/api/v1/claims/" + std::to_string(fx.claim_id);
  for (auto [p, body] : {std::pair{path + "/materials-complete", json::object()},
                         std::pair{path + "/reserves", json{{"amount_fen", 5'000'000}, {"reason", "agreed figures"}}},
                         std::pair{path + "/decision", json{{"outcome", "approve"}, {"amount_fen", 5'100'000}}}}) {
    auto r = api.post(p, body, fx.adjuster_token);
    if (r.status != 200) throw std::runtime_error(p + ": " + r.raw);
  }
  auto cases = api.get("/api/v1/cases?limit=50", fx.officer_token);
  if (cases.status != 200 || cases.body["items"].empty()) throw std::runtime_error("no demo case: " + cases.raw);
  fx.case_id = cases.body["items"][0]["id"].get<std::int64_t>();
  return fx;
}

MixedWriteLoad::MixedWriteLoad(int port, const LoadFixture& fx, std::string tag, LoadCounts counts)
    : port_(port), fx_(fx), tag_(std::move(tag)), counts_(counts) {}

MixedWriteLoad::~MixedWriteLoad() {
  stop();
}

void MixedWriteLoad::start() {
  stop_ = false;
  for (int i = 0; i < counts_.visit_threads; ++i)
    threads_.emplace_back(&MixedWriteLoad::loop, this, WriteKind::visit_policy, i);
  for (int i = 0; i < counts_.event_threads; ++i)
    threads_.emplace_back(&MixedWriteLoad::loop, this, WriteKind::case_event, i);
  for (int i = 0; i < counts_.payment_threads; ++i)
    threads_.emplace_back(&MixedWriteLoad::loop, this, WriteKind::payment, i);
}

void MixedWriteLoad::stop() {
  stop_ = true;
  for (auto& t : threads_) t.join();
  threads_.clear();
}

std::vector<Write> MixedWriteLoad::acknowledged() const {
  std::lock_guard lock(mutex_);
  return acked_;
}

std::vector<Write> MixedWriteLoad::in_doubt() const {
  std::lock_guard lock(mutex_);
  return doubt_;
}

std::vector<std::string> MixedWriteLoad::unexpected() const {
  std::lock_guard lock(mutex_);
  return unexpected_;
}

MixedWriteLoad::Outcome MixedWriteLoad::send(int port, WriteKind kind, const std::string& key, std::string* detail) {
  httplib::Client c("127.0.0.1", port);
  c.set_tcp_nodelay(true);
  c.set_connection_timeout(std::chrono::seconds(2));
  c.set_read_timeout(std::chrono::seconds(30));
  auto post = [&]() -> httplib::Result {
    if (kind == WriteKind::visit_policy) {
      const std::string path = "/api/v1/visit-policies", body = visit_body(key);
      std::string ts = std::to_string(std::time(nullptr));
      std::string nonce = key + "-" + crypto::random_token(6);
      std::string sig = crypto::hmac_sha256_hex(
          fx_.partner_secret, "POST\n" + path + "\n" + ts + "\n" + nonce + "\n" + crypto::sha256_hex(body));
      httplib::Headers h = {{"X-MedRisk-Key", fx_.partner_key},
                            {"X-MedRisk-Timestamp", ts},
                            {"X-MedRisk-Nonce", nonce},
                            {"X-MedRisk-Signature", sig}};
      return c.Post(path, h, body, "application/json");
    } else if (kind == WriteKind::case_event) {
      json body = {{"kind", "record_copying"}, {"at", now_utc()}, {"present", {"患方代理人"}}, {"note", key}};
      httplib::Headers h = {{"Authorization", "Bearer " + fx_.officer_token}};
      return c.Post("/api/v1/cases/" + std::to_string(fx_.case_id) + "/record-events", h, body.dump(),
                    "application/json");
    } else {
      httplib::Headers h = {{"Authorization", "Bearer " + fx_.adjuster_token}, {"Idempotency-Key", key}};
      return c.Post("/api/v1/claims/" + std::to_string(fx_.claim_id) + "/payments", h, payment_body().dump(),
                    "application/json");
    }
  };
  httplib::Result r = post();
  if (!r) return r.error() == httplib::Error::Connection ? Outcome::not_sent : Outcome::in_doubt;
  if (r->status == 200 || r->status == 201) return Outcome::acked;
  if (detail) *detail = std::string(to_string(kind)) + " " + key + ": " + std::to_string(r->status) + " " + r->body;
  return Outcome::unexpected;
}

void MixedWriteLoad::loop(WriteKind kind, int thread) {
  std::string prefix = tag_ + "-" + std::string(to_string(kind)).substr(0, 1) + std::to_string(thread) + "-";
  for (long n = 0; !stop_; ++n) {
    std::string key = prefix + std::to_string(n), detail;
    Outcome o = send(port_, kind, key, &detail);
    std::lock_guard lock(mutex_);
    switch (o) {
      case Outcome::acked:
        acked_.push_back({kind, key, Clock::now()});
        break;
      case Outcome::in_doubt:
        doubt_.push_back({kind, key, Clock::now()});
        return;
      case Outcome::not_sent:
        return;  // the server is gone
      case Outcome::unexpected:
        unexpected_.push_back(detail);
        if (unexpected_.size() > 50) return;
        break;
    }
  }
}

int MixedWriteLoad::retry_in_doubt(int port) {
  std::vector<Write> doubt;
  {
    std::lock_guard lock(mutex_);
    doubt.swap(doubt_);
  }
  int failed = 0;
  std::vector<Write> still;
  for (const auto& w : doubt) {
    if (w.kind == WriteKind::case_event) {
      still.push_back(w);
      continue;
    }
    std::string detail;
    Outcome o = send(port, w.kind, w.key, &detail);
    std::lock_guard lock(mutex_);
    if (o == Outcome::acked) {
      acked_.push_back({w.kind, w.key, Clock::now()});
    } else {
      ++failed;
      still.push_back(w);
      if (!detail.empty()) unexpected_.push_back("retry " + detail);
    }
  }
  std::lock_guard lock(mutex_);
  doubt_.insert(doubt_.end(), still.begin(), still.end());
  return failed;
}

Stored read_stored(const std::string& url, const LoadFixture& fx) {
  auto s = raw_session(url);
  // One snapshot: the server's bank channel confirms payments while this reads.
  *s << (url.rfind("sqlite:", 0) == 0 ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  Stored out;
  long long claim = fx.claim_id, case_id = fx.case_id;
  {
    soci::rowset<std::string> rows = (s->prepare << "SELECT visit_id FROM visit_policies");
    for (const auto& v : rows) ++out.visits[v];
  }
  {
    soci::rowset<std::string> rows =
        (s->prepare << "SELECT details FROM case_events WHERE case_id = :c AND kind = 'record_copying'",
         soci::use(case_id));
    for (const auto& d : rows) {
      auto j = json::parse(d, nullptr, false);
      if (j.is_object()) ++out.events[j.value("note", "")];
    }
  }
  {
    soci::rowset<soci::row> rows =
        (s->prepare
             << "SELECT idempotency_key, state, CAST(amount_fen AS BIGINT) FROM claim_payments WHERE claim_id = :c",
         soci::use(claim));
    for (const auto& r : rows) {
      ++out.payments[r.get<std::string>(0)];
      if (r.get<std::string>(1) == "confirmed") out.confirmed_payment_fen += db::int64_at(r, 2);
    }
  }
  *s << "SELECT CAST(COALESCE(SUM(debit_fen), 0) AS BIGINT), CAST(COALESCE(SUM(credit_fen), 0) AS BIGINT) "
        "FROM ledger_entries WHERE claim_id = :c",
      soci::use(claim), soci::into(out.ledger_debit_fen), soci::into(out.ledger_credit_fen);
  *s << "SELECT CAST(paid_fen AS BIGINT) FROM insurance_claims WHERE id = :c", soci::use(claim),
      soci::into(out.claim_paid_fen);
  *s << "COMMIT";
  return out;
}

Tally compare(const std::vector<Write>& acknowledged, const Stored& s) {
  Tally t;
  auto find = [&](WriteKind k) -> const std::map<std::string, int>& {
    return k == WriteKind::visit_policy ? s.visits : k == WriteKind::case_event ? s.events : s.payments;
  };
  for (const auto& w : acknowledged) {
    ++t.acknowledged;
    const auto& m = find(w.kind);
    auto it = m.find(w.key);
    if (it == m.end()) {
      ++t.lost;
      t.problems.push_back(std::string("lost ") + to_string(w.kind) + " " + w.key);
    }
  }
  for (WriteKind k : {WriteKind::visit_policy, WriteKind::case_event, WriteKind::payment})
    for (const auto& [key, n] : find(k))
      if (n > 1) {
        ++t.duplicated;
        t.problems.push_back(std::string("duplicated ") + to_string(k) + " " + key + " x" + std::to_string(n));
      }
  return t;
}

}  // namespace medrisk::testing
