// Claims tables (migrations 700–799) and their named, parameterized queries: insurance_claims,
// claim_shares, claim_reserves (history, never updated), claim_events, claim_authority, claim_payments
// (bank account encrypted in account_enc) and ledger_entries. Directory look-ups read the accounts
// module's users/user_roles/organizations tables (read-only).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/claims/history.hpp"
#include "modules/claims/model.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::claims::store {

std::vector<db::Migration> migrations();


// ---- claims ----
std::int64_t insert_claim(db::Tx& tx, const Claim& c);
void update_claim(db::Tx& tx, const Claim& c);
std::optional<Claim> find_claim(db::Tx& tx, std::int64_t id);  // with its shares
// Serializes writers of one claim (PostgreSQL row lock until the transaction ends; SQLite already
// serializes every writer), so two payments cannot both pass the amount checks.
void lock_claim(db::Tx& tx, std::int64_t id);
std::optional<Claim> find_live_by_case(db::Tx& tx, std::int64_t case_id);  // not withdrawn
// Which table a claim's policy_id points into: insurance policies, or per-visit policies (policy_kind visit_policy).
enum class PolicyTable { term, visit };
std::optional<Claim> find_duplicate(db::Tx& tx, PolicyTable table, std::int64_t policy_id, std::int64_t patient_user_id,
                                    Date incident);
struct ClaimScope {
  std::optional<std::int64_t> insurer_org_id;  // lead or co-insurer
  std::optional<std::int64_t> patient_user_id;
  std::optional<std::int64_t> insured_org_id;
};
std::vector<Claim> list_claims(db::Tx& tx, const ClaimScope& scope, const ClaimFilter& f);
// Claims in a state whose clock may run (open … approved, denied), oldest first, from `after_id`.
std::vector<Claim> list_clock_claims(db::Tx& tx, std::int64_t after_id, int limit);
std::vector<Claim> claims_of_policy(db::Tx& tx, PolicyTable table, std::int64_t policy_id);
std::vector<Claim> claims_of_insurer(db::Tx& tx, std::int64_t insurer_org_id);

// Claims (not withdrawn) with an incident date in [from, to] (YYYY-MM-DD), for the risk database.
std::vector<ClaimTallyRow> tally_rows(db::Tx& tx, const std::string& from_date, const std::string& to_date);

void put_shares(db::Tx& tx, std::int64_t claim_id, const std::vector<ClaimShare>& shares);

// ---- reserves, events, authority ----
std::int64_t insert_reserve(db::Tx& tx, const Reserve& r);
std::vector<Reserve> list_reserves(db::Tx& tx, std::int64_t claim_id);
std::int64_t insert_event(db::Tx& tx, const ClaimEvent& e);
std::vector<ClaimEvent> list_events(db::Tx& tx, std::int64_t claim_id, std::int64_t after_id, int limit);
bool has_event(db::Tx& tx, std::int64_t claim_id, const std::string& kind, const std::string& details_json);
std::optional<Money> authority_of(db::Tx& tx, std::int64_t user_id);
void put_authority(db::Tx& tx, std::int64_t user_id, Money limit);

// ---- payments ----
struct PaymentRow {
  Payment p;
  std::string account_enc;
};
// Throws on a duplicate (insurer, idempotency key): the caller reads the stored payment back.
std::int64_t insert_payment(db::Tx& tx, const PaymentRow& row);
void update_payment(db::Tx& tx, const Payment& p);
std::optional<PaymentRow> find_payment(db::Tx& tx, std::int64_t id);
std::optional<PaymentRow> find_payment_by_key(db::Tx& tx, std::int64_t insurer_org_id, const std::string& key);
std::optional<PaymentRow> find_payment_by_reference(db::Tx& tx, const std::string& reference);
std::vector<PaymentRow> list_payments(db::Tx& tx, std::int64_t claim_id);
// Instructed payments; only_unsent: those whose instruction file was never recorded as written.
std::vector<PaymentRow> instructed_payments(db::Tx& tx, bool only_unsent, int limit);
void mark_sent(db::Tx& tx, std::int64_t payment_id, const std::string& reference, const std::string& at);

// ---- loss triangles (history.hpp) ----
// Every claim with its confirmed payments and its case reserve changes (oldest first), as Shanghai days.
std::vector<ClaimHistoryFacts> history_facts(db::Tx& tx);

// ---- ledger ----
struct LedgerEntry {
  std::int64_t payment_id = 0, claim_id = 0, insurer_org_id = 0;
  std::string account;
  Money debit_fen, credit_fen;
  std::string at;
};
void insert_ledger(db::Tx& tx, const LedgerEntry& e);
// Per account and insurer; scope_org: entries of that insurer's claims or keyed by it (nullopt: all).
std::vector<LedgerAccount> trial_balance(db::Tx& tx, std::optional<std::int64_t> scope_org);
std::vector<LedgerAccount> trial_balance_of_claim(db::Tx& tx, std::int64_t claim_id);

}  // namespace medrisk::claims::store
