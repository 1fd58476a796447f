// Vocabulary of per-visit micro-policies (就诊一元保险) issued by hospital systems over the signed
// partner API: partner keys, the signed request, a visit to insure and the policy issued for it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kernel/date.hpp"
#include "kernel/money.hpp"

namespace medrisk::insurance {

// The visit_policy product's terms as the issuing service needs them (data/products/, part 1).
struct VisitProduct {
  std::string code = "visit_policy";
  std::string version;
  Money premium = Money::from_fen(100);
  Money sum_insured = Money::zero();  // accident cover per visit
  int cover_days = 1;                 // the visit day itself
};

// A hospital system's API key. The secret is shown once at creation and stored encrypted.
struct PartnerKey {
  std::int64_t id = 0;
  std::string key_id;  // public, sent in X-MedRisk-Key: "mk_…"
  std::int64_t organization_id = 0;
  std::string created_at;
  std::optional<std::string> revoked_at;
};

struct NewPartnerKey {
  PartnerKey key;
  std::string secret;  // shown once
};

// The four signature headers and what they sign.
struct SignedRequest {
  std::string method;  // "POST"
  std::string path;    // "/api/v1/visit-policies"
  std::string body;
  std::string key_id, timestamp, nonce, signature;
};

// One visit to insure, as decoded from the hospital's request.
struct NewVisit {
  std::string visit_id;  // the hospital's id: the idempotency key within the organization
  std::optional<std::string> id_number;  // normalized: 18 characters, upper-case X
  std::optional<std::string> phone;      // normalized: 11 digits
  std::string department;
  Date visit_date;
};

struct VisitPolicy {
  std::int64_t id = 0;
  std::string policy_number;
  std::int64_t organization_id = 0;
  std::string visit_id;
  std::string department;
  Date visit_date;
  Date cover_start, cover_end;
  std::string product_code, product_version;
  Money premium;
  Money sum_insured;
  std::string status = "active";
  std::string created_at;
  std::string patient_masked;  // "110************12X" / "170****0001": never the full identifier
};

// The outcome of issuing one visit: the policy, and whether this call created it (201) or found the
// one an earlier call with the same visit id created (200).
struct Issued {
  VisitPolicy policy;
  bool created = false;
};

}  // namespace medrisk::insurance
