// Field encryption for sensitive personal information (ID numbers, phones, bank accounts, medical
// narratives, attachments) under data keys from a key file made by `medrisk keys init` (mode 0600), in
// one of two suites (crypto.hpp `Suite`, chosen by the file's `"crypto": {"suite": …}`):
//   default  XChaCha20-Poly1305 (IETF), ciphertext "enc1:<key id>:<base64(nonce ‖ ct ‖ tag)>",
//            blind index HMAC-SHA256;
//   gm       SM4-CTR + HMAC-SM3 encrypt-then-MAC (gm::seal; not SM4-GCM, see gm.hpp), ciphertext
//            "gm1:<key id>:<base64(IV ‖ ct ‖ tag)>", blind index HMAC-SM3, an SM2 key pair.
// Every ciphertext names its suite (the prefix) and key id, so `medrisk keys rotate [--suite]` can add a
// key (of the same or the other suite) and re-encrypt; equality look-ups use a keyed blind index whose key
// and suite are never rotated (the stored indexes could not be recomputed — see src/platform/README.md).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/crypto/crypto.hpp"
#include "platform/crypto/gm.hpp"

namespace medrisk::db {
class Database;
}

namespace medrisk::crypto {

// A column that holds ciphertext, for re-encryption on rotation. `aad` binds each ciphertext to its
// column so a value cannot be moved to another field unnoticed.
struct EncryptedColumn {
  std::string table;
  std::string id_column;
  std::string column;
  std::string aad() const { return table + "." + column; }
};

class KeyRing {
 public:
  // Creates a new key file (mode 0600) with one data key, the index key (and under gm an SM2 key pair) of
  // the given suite; refuses to overwrite.
  static void create_file(const std::filesystem::path& path, Suite suite = Suite::standard);
  // Reads a key file; throws std::runtime_error when it is missing, malformed or readable by others.
  static KeyRing load(const std::filesystem::path& path);
  // Adds a fresh data key to the file — of `to` when given, else of the current suite — and makes it the
  // active one; returns the new ring. The index key and its suite stay as they are.
  static KeyRing rotate_file(const std::filesystem::path& path, std::optional<Suite> to = std::nullopt);
  // A ring with random keys that exists only in memory (tests and throw-away demo runs).
  static KeyRing ephemeral(Suite suite = Suite::standard);

  std::string encrypt(std::string_view plaintext, std::string_view aad) const;
  // Throws std::runtime_error when the ciphertext is malformed, its key unknown or of another suite, or
  // it was altered.
  std::string decrypt(std::string_view ciphertext, std::string_view aad) const;
  bool is_current(std::string_view ciphertext) const;  // encrypted under the active key
  // What every ciphertext under the active key starts with ("enc1:k1:", "gm1:k2:").
  std::string current_prefix() const;
  // Keyed blind index of a normalized value, per domain ("phone", "id_number"): equal inputs give
  // equal indexes; the index reveals nothing without the key.
  std::string blind_index(std::string_view domain, std::string_view normalized_value) const;
  const std::string& active_key_id() const { return active_; }
  Suite suite() const;  // of the active key: new ciphertext and the audit chain
  Suite index_suite() const { return index_suite_; }

  // SM2 signatures with the ring's key pair (gm rings only; throws std::logic_error on a ring without one).
  bool has_signing_key() const { return !sm2_private_pem_.empty(); }
  std::string sign(std::string_view message) const;
  bool verify_signature(std::string_view message, std::string_view signature) const;
  std::string signing_public_key_pem() const;

  // Ed25519 keys that sign the verifiable ledger's tree heads (platform/ledger). The key file holds them
  // ("ledger_keys": [{"id": "l1", "seed": "<32 bytes, base64>"}], "ledger_active": "l1"); the database
  // holds only key ids and signatures. `keys init` creates one, `keys rotate` adds one (the older ones stay
  // to verify older heads); a key file from before the ledger gets one at the first `serve`.
  bool has_ledger_key() const { return !ledger_active_.empty(); }
  const std::string& ledger_key_id() const { return ledger_active_; }
  struct LedgerSignature {
    std::string key_id;
    std::string signature;  // 64 raw bytes
  };
  LedgerSignature ledger_sign(std::string_view message) const;  // throws std::logic_error without a key
  // The 32-byte public key of a ledger key id, nullopt when the file does not hold it.
  std::optional<std::string> ledger_public_key(std::string_view key_id) const;
  std::vector<std::string> ledger_key_ids() const;
  // Adds a ledger key to a key file that has none (a file from before the ledger); returns the ring.
  static KeyRing ensure_ledger_key_file(const std::filesystem::path& path);

 private:
  struct Key {
    std::string bytes;  // 32 random bytes; under gm the SM4 and MAC keys are derived from them
    Suite suite = Suite::standard;
    gm::SealKey seal;  // gm keys: the sub-keys derived from `bytes`
  };
  static Key make_key(std::string bytes, Suite suite);
  std::string to_json() const;
  static KeyRing from_json(const std::string& text);
  void add_key(Suite suite);
  std::map<std::string, Key> keys_;  // id → key
  std::string active_;
  std::string index_key_;
  Suite index_suite_ = Suite::standard;
  std::string sm2_private_pem_;
  void add_ledger_key();
  std::map<std::string, std::string> ledger_seeds_;  // id → 32-byte Ed25519 seed
  std::string ledger_active_;
};

// Re-encrypts every value of the given columns that is not under the active key, in batches, each
// batch in one transaction. Returns the number of values re-encrypted.
std::size_t reencrypt_columns(db::Database& db, const KeyRing& ring, const std::vector<EncryptedColumn>& columns);

}  // namespace medrisk::crypto
