// The ledger's public routes (see ledger.hpp): no session needed, no personal data — leaves appear by hash.
#include <charconv>

#include "platform/http/router.hpp"
#include "platform/ledger/ledger.hpp"

namespace medrisk::ledger {
namespace {

std::optional<std::uint64_t> parse_size(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

Error bad_query(std::string_view name) {
  return Error::of("request_invalid").with("/" + std::string(name), "field_wrong_type");
}

std::string public_key_hex(const Ledger& l, const std::string& key_id) {
  auto pk = l.keys().ledger_public_key(key_id);
  return pk ? to_hex(*pk) : std::string();
}

}  // namespace

void add_routes(http::Router& router, Ledger& ledger) {
  router.get(
      "/api/v1/ledger/tree-head",
      [&ledger](http::Request&) -> Result<http::Response> {
        return ledger.db_read([&](db::Tx& tx) -> Result<http::Response> {
          auto head = ledger.latest_head(tx);
          if (!head) return err(kNoTreeHead);
          auto j = to_json(*head);
          j["public_key"] = public_key_hex(ledger, head->key_id);
          j["algorithm"] = "Ed25519";
          j["signed_message"] = signed_message(head->fields());
          return http::Response::json(200, j);
        });
      },
      http::Access::public_);
  router.get(
      "/api/v1/ledger/leaves/{index}/proof",
      [&ledger](http::Request& req) -> Result<http::Response> {
        auto index = parse_size(req.path_params.at("index"));
        if (!index) return err(kLeafNotFound);
        std::optional<std::uint64_t> size;
        if (auto q = req.query_param("tree_size"); q && !q->empty()) {
          size = parse_size(*q);
          if (!size) return bad_query("tree_size");
        }
        return ledger.db_read([&](db::Tx& tx) -> Result<http::Response> {
          auto leaf = ledger.leaf(tx, *index);
          if (!leaf) return err(kLeafNotFound, std::to_string(*index));
          // Default: the newest signed head (the proof then goes with its signature).
          std::optional<SignedTreeHead> head;
          if (!size) {
            head = ledger.latest_head(tx);
            if (!head || head->tree_size <= *index) return err(kNoTreeHead);
            size = head->tree_size;
          }
          MEDRISK_TRY(InclusionProof p, ledger.prove_inclusion(tx, *index, *size));
          auto j = to_json(p);
          j["kind"] = leaf->kind;
          j["at"] = leaf->at;
          if (head) {
            j["tree_head"] = to_json(*head);
            j["public_key"] = public_key_hex(ledger, head->key_id);
          } else {
            MEDRISK_TRY(std::string root, ledger.root(tx, *size));
            j["root_hash"] = root;
          }
          return http::Response::json(200, j);
        });
      },
      http::Access::public_);
  router.get(
      "/api/v1/ledger/consistency",
      [&ledger](http::Request& req) -> Result<http::Response> {
        auto from_q = req.query_param("from"), to_q = req.query_param("to");
        auto from = parse_size(from_q.value_or("")), to = parse_size(to_q.value_or(""));
        if (!from) return bad_query("from");
        if (!to) return bad_query("to");
        return ledger.db_read([&](db::Tx& tx) -> Result<http::Response> {
          MEDRISK_TRY(ConsistencyProof p, ledger.prove_consistency(tx, *from, *to));
          auto j = to_json(p);
          MEDRISK_TRY(std::string old_root, ledger.root(tx, *from));
          MEDRISK_TRY(std::string new_root, ledger.root(tx, *to));
          j["from_root"] = old_root;
          j["to_root"] = new_root;
          return http::Response::json(200, j);
        });
      },
      http::Access::public_);
}

}  // namespace medrisk::ledger
