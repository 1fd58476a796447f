// Field encryption for sensitive personal information (ID numbers, phones, bank accounts, medical
// narratives, attachments): XChaCha20-Poly1305 (IETF) under data keys from a key file made by
// `medrisk keys init` (mode 0600). Every ciphertext names its key id, so `medrisk keys rotate` can add
// a key and re-encrypt; equality look-ups use a keyed blind index (HMAC-SHA256) that is not rotated.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

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
  // Creates a new key file (mode 0600) with one data key and the index key; refuses to overwrite.
  static void create_file(const std::filesystem::path& path);
  // Reads a key file; throws std::runtime_error when it is missing, malformed or readable by others.
  static KeyRing load(const std::filesystem::path& path);
  // Adds a fresh data key to the file and makes it the active one; returns the new ring.
  static KeyRing rotate_file(const std::filesystem::path& path);
  // A ring with random keys that exists only in memory (tests and throw-away demo runs).
  static KeyRing ephemeral();

  std::string encrypt(std::string_view plaintext, std::string_view aad) const;
  // Throws std::runtime_error when the ciphertext is malformed, its key unknown or it was altered.
  std::string decrypt(std::string_view ciphertext, std::string_view aad) const;
  bool is_current(std::string_view ciphertext) const;  // encrypted under the active key
  // Keyed blind index of a normalized value, per domain ("phone", "id_number"): equal inputs give
  // equal indexes; the index reveals nothing without the key.
  std::string blind_index(std::string_view domain, std::string_view normalized_value) const;
  const std::string& active_key_id() const { return active_; }

 private:
  std::string to_json() const;
  static KeyRing from_json(const std::string& text);
  std::map<std::string, std::string> keys_;  // id → 32 raw bytes
  std::string active_;
  std::string index_key_;
};

// Re-encrypts every value of the given columns that is not under the active key, in batches, each
// batch in one transaction. Returns the number of values re-encrypted.
std::size_t reencrypt_columns(db::Database& db, const KeyRing& ring, const std::vector<EncryptedColumn>& columns);

}  // namespace medrisk::crypto
