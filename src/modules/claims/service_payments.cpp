// Claims use cases, payments (see api.hpp): instruction with an idempotency key, the bank channel
// (row committed before the file is written; resent when the file may be missing), confirmations that
// write the ledger per co-insurer share, reduce the reserve and settle the claim and its case — so a
// double click, a retry after a dropped connection or a crash never pays twice.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "modules/accounts/api.hpp"
#include "modules/claims/errors.hpp"
#include "modules/claims/api.hpp"
#include "modules/claims/store.hpp"
#include "kernel/assert.hpp"

namespace medrisk::claims {
namespace {

using nlohmann::json;

constexpr std::string_view kAccountAad = "claim_payments.account_enc";
constexpr std::string_view kRequestDomain = "claim_payment_request";


json payment_details(const Payment& p) {
  return {{"payment_id", p.id},
          {"kind", p.kind},
          {"amount_fen", p.amount_fen.fen()},
          {"reference", p.reference},
          {"attempt", p.attempt}};
}

}  // namespace

Result<std::vector<Payment>> ClaimsService::payments(const RequestContext& ctx, std::int64_t id) {
  return db_.read([&](db::Tx& tx) -> Result<std::vector<Payment>> {
    MEDRISK_TRY(Claim c, load_for(tx, ctx, id, nullptr));
    std::vector<Payment> out;
    for (auto& row : store::list_payments(tx, c.id)) out.push_back(std::move(row.p));
    return out;
  });
}

Result<PaymentResult> ClaimsService::instruct_payment(const RequestContext& ctx, std::int64_t id,
                                                      const NewPayment& in) {
  if (in.idempotency_key.empty()) return err(errors::idempotency_key_required);
  std::string payee = in.payee.value_or("patient");  // the patient's direct claim right (保险法 art. 65)
  std::string hash = keys_.blind_index(kRequestDomain, request_canonical(id, in, payee));
  auto stored = [&](const store::PaymentRow& prior) -> Result<PaymentResult> {
    if (prior.p.request_hash != hash) return err(errors::idempotency_key_reused);
    return PaymentResult{prior.p, false};
  };
  std::optional<store::PaymentRow> created;
  auto write = [&](db::Tx& tx) -> Result<PaymentResult> {
    MEDRISK_TRY(Claim c, load_for(tx, ctx, id, "payments.instruct"));
    if (auto prior = store::find_payment_by_key(tx, c.insurer_org_id, in.idempotency_key)) return stored(*prior);
    PaymentFacts f{
        c.state,          c.materials_complete_on.has_value(), c.payable_fen, c.paid_fen, in_flight(tx, c.id),
        c.outstanding_fen};
    MEDRISK_CHECK(check_payment(f, in.kind, in.amount_fen));
    store::PaymentRow row;
    Payment& p = row.p;
    p.claim_id = c.id;
    p.insurer_org_id = c.insurer_org_id;
    p.kind = in.kind;
    p.amount_fen = in.amount_fen;
    p.payee = payee;
    p.account_masked = mask_account(in.account.number);
    p.state = "instructed";
    p.attempt = 1;
    p.reference = "PAY-pending-" + in.idempotency_key.substr(0, 40);
    p.idempotency_key = in.idempotency_key;
    p.request_hash = hash;
    p.created_at = ctx.now().to_iso_utc();
    p.created_by_user_id = ctx.actor.user_id;
    json account{{"holder", in.account.holder}, {"bank", in.account.bank}, {"number", in.account.number}};
    row.account_enc = keys_.encrypt(account.dump(), kAccountAad);
    p.id = store::insert_payment(tx, row);
    p.reference = payment_reference(p.id, p.attempt);
    store::update_payment(tx, p);
    after_change(tx, ctx, c, "payment_instructed", c.state, payment_details(p));
    created = row;
    return PaymentResult{p, true};
  };
  Result<PaymentResult> r = Error::of("internal_error");
  try {
    r = db_.write(write);
  } catch (const std::exception&) {
    // A concurrent request with the same key won the unique index: answer with its payment.
    created.reset();
    auto prior = db_.read([&](db::Tx& tx) -> std::optional<store::PaymentRow> {
      auto c = store::find_claim(tx, id);
      return c ? store::find_payment_by_key(tx, c->insurer_org_id, in.idempotency_key) : std::nullopt;
    });
    if (!prior) throw;
    return stored(*prior);
  }
  if (r.ok() && created) send_instruction(*created);
  return r;
}

Result<Payment> ClaimsService::retry_payment(const RequestContext& ctx, std::int64_t id, std::int64_t payment_id) {
  std::optional<store::PaymentRow> resend;
  auto r = db_.write([&](db::Tx& tx) -> Result<Payment> {
    MEDRISK_TRY(Claim c, load_for(tx, ctx, id, "payments.instruct"));
    auto row = store::find_payment(tx, payment_id);
    if (!row || row->p.claim_id != c.id) return Error::of("resource_not_found");
    if (row->p.state != "failed") return err(errors::payment_retry_only_after_failure);
    PaymentFacts f{
        c.state,          c.materials_complete_on.has_value(), c.payable_fen, c.paid_fen, in_flight(tx, c.id),
        c.outstanding_fen};
    MEDRISK_CHECK(check_payment(f, row->p.kind, row->p.amount_fen));
    Payment& p = row->p;
    p.attempt += 1;
    p.reference = payment_reference(p.id, p.attempt);
    p.state = "instructed";
    p.failure_reason.reset();
    p.sent_at.reset();
    store::update_payment(tx, p);
    after_change(tx, ctx, c, "payment_retried", c.state, payment_details(p));
    resend = row;
    return p;
  });
  if (r.ok() && resend) send_instruction(*resend);
  return r;
}

void ClaimsService::send_instruction(const store::PaymentRow& row, bool only_unsent) {
  try {
    // Several servers may send the same payment at once (the request that instructed it, another
    // server's bank channel job, a start-up resend): the claim's row lock orders them, and the
    // second finds it sent. The file is written inside the transaction; if the commit fails, the
    // next resend finds the identical file and counts it as sent.
    db_.write([&](db::Tx& tx) {
      store::lock_claim(tx, row.p.claim_id);
      auto now_row = store::find_payment(tx, row.p.id);
      if (!now_row || now_row->p.state != "instructed" || now_row->p.reference != row.p.reference) return;
      if (only_unsent && now_row->p.sent_at) return;
      json account = json::parse(keys_.decrypt(now_row->account_enc, kAccountAad));
      Instruction i{now_row->p.reference,
                    now_row->p.id,
                    now_row->p.claim_id,
                    now_row->p.kind,
                    now_row->p.payee,
                    now_row->p.amount_fen,
                    {account.at("holder"), account.at("bank"), account.at("number")}};
      if (auto s = channel_.send(i); !s.ok()) {
        spdlog::error("claims: instruction {} not sent: {}", row.p.reference, s.error().detail);
        return;
      }
      store::mark_sent(tx, row.p.id, row.p.reference, clock_.now().to_iso_utc());
    });
  } catch (const std::exception& e) {
    spdlog::error("claims: instruction {} not sent: {}", row.p.reference, e.what());
  }
}

int ClaimsService::resend_instructions(bool all) {
  auto rows = db_.read([&](db::Tx& tx) { return store::instructed_payments(tx, !all, kMaxResendsPerRun); });
  for (const auto& row : rows) send_instruction(row, !all);
  return static_cast<int>(rows.size());
}

BankRun ClaimsService::poll_bank() {
  BankRun run;
  for (const auto& conf : channel_.receive(kMaxConfirmationsPerPoll)) {
    try {
      if (apply_confirmation(conf, run).ok()) channel_.done(conf);
    } catch (const std::exception& e) {
      spdlog::error("claims: confirmation {} not applied: {}", conf.reference, e.what());
    }
  }
  return run;
}

Status ClaimsService::apply_confirmation(const Confirmation& conf, BankRun& run) {
  RequestContext ctx = system_context("bank-confirmations");
  return db_.write([&](db::Tx& tx) -> Status {
    auto row = store::find_payment_by_reference(tx, conf.reference);
    if (!row || row->p.state != "instructed") {
      // Unknown, stale (an earlier attempt) or already applied: nothing changes.
      spdlog::warn("claims: confirmation for {} ignored ({})", conf.reference,
                   row ? row->p.state : "unknown reference");
      ++run.ignored;
      return {};
    }
    store::lock_claim(tx, row->p.claim_id);
    // Read again under the lock: another server may have applied this confirmation meanwhile.
    row = store::find_payment(tx, row->p.id);
    if (!row || row->p.state != "instructed" || row->p.reference != conf.reference) {
      ++run.ignored;
      return {};
    }
    Claim c = *store::find_claim(tx, row->p.claim_id);
    if (conf.status == "failed") {
      row->p.state = "failed";
      row->p.failure_reason = conf.reason.value_or("failed");
      store::update_payment(tx, row->p);
      after_change(tx, ctx, c, "payment_failed", c.state, payment_details(row->p));
      ++run.failed;
      return {};
    }
    confirm_payment(tx, ctx, c, *row, conf);
    ++run.confirmed;
    return {};
  });
}

void ClaimsService::confirm_payment(db::Tx& tx, const RequestContext& ctx, Claim& c, store::PaymentRow& row,
                                    const Confirmation& conf) {
  Payment& p = row.p;
  std::string now = ctx.now().to_iso_utc();
  p.state = "confirmed";
  p.bank_transaction_id = conf.bank_transaction_id;
  p.confirmed_at = now;
  store::update_payment(tx, p);
  // Double entry per co-insurer share: Dr claims_paid, Cr bank, the same fen on both sides.
  auto parts = split_by_shares(p.amount_fen, c.shares);
  if (!parts.ok()) throw std::runtime_error("claim shares invalid: " + parts.error().code);
  Money booked = Money::zero();
  for (const auto& part : *parts) booked += part;
  MEDRISK_ASSERT(booked == p.amount_fen, "a payment's ledger lines add up to the payment");
  for (std::size_t i = 0; i < c.shares.size(); ++i) {
    if ((*parts)[i].is_zero()) continue;
    store::insert_ledger(tx, {p.id, c.id, c.shares[i].insurer_org_id, "claims_paid", (*parts)[i], Money::zero(), now});
    store::insert_ledger(tx, {p.id, c.id, c.shares[i].insurer_org_id, "bank", Money::zero(), (*parts)[i], now});
  }
  MEDRISK_ASSERT(ledger_balanced(store::trial_balance_of_claim(tx, c.id)), "a claim's ledger balances after a payment");
  Money outstanding = std::max(Money::zero(), c.outstanding_fen - p.amount_fen);
  store::insert_reserve(tx, {0, c.id, outstanding, c.outstanding_fen, "payment", std::nullopt, now});
  c.outstanding_fen = outstanding;
  c.paid_fen += p.amount_fen;
  json details = payment_details(p);
  details["bank_transaction_id"] = conf.bank_transaction_id;
  after_change(tx, ctx, c, "payment_confirmed", c.state, details);
  bool all_paid =
      c.state == "approved" && c.payable_fen && c.paid_fen >= *c.payable_fen && in_flight(tx, c.id).is_zero();
  if (!all_paid) return;
  if (!c.outstanding_fen.is_zero())
    store::insert_reserve(tx, {0, c.id, Money::zero(), c.outstanding_fen, "claim_paid", std::nullopt, now});
  c.outstanding_fen = Money::zero();
  c.state = *next_state(c.state, "pay_all");
  c.paid_on = clock_.today().to_string();
  after_change(tx, ctx, c, "paid", std::string("approved"), json::object());
  if (c.case_id && cases_)
    if (auto s = cases_->settle(tx, *c.case_id); !s.ok())
      throw std::runtime_error("case settlement: " + s.error().code);
}

Result<TrialBalance> ClaimsService::trial_balance(const RequestContext& ctx) {
  const Actor& a = ctx.actor;
  std::optional<std::int64_t> scope;
  if (!(a.user_id != 0 && (a.has_role("platform_admin") || a.has_role("regulator")))) {
    MEDRISK_CHECK(accounts::authorize(a, "claims.read"));
    scope = a.organization_id;
  }
  return db_.read([&](db::Tx& tx) -> Result<TrialBalance> {
    TrialBalance tb;
    tb.accounts = store::trial_balance(tx, scope);
    for (const auto& acc : tb.accounts) {
      tb.debit_fen += acc.debit_fen;
      tb.credit_fen += acc.credit_fen;
    }
    tb.balanced = ledger_balanced(tb.accounts);
    return tb;
  });
}

}  // namespace medrisk::claims
