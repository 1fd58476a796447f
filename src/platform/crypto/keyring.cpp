// Key file handling and AEAD field encryption (see keyring.hpp). Ciphertext format:
// "enc1:<key id>:<base64(24-byte nonce ‖ ciphertext ‖ 16-byte tag)>".
#include "platform/crypto/keyring.hpp"

#include <soci/soci.h>
#include <sodium.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "platform/crypto/crypto.hpp"
#include "platform/db/database.hpp"

namespace medrisk::crypto {
namespace {

constexpr std::string_view kPrefix = "enc1:";

std::string random_key() {
  std::string k(crypto_aead_xchacha20poly1305_ietf_KEYBYTES, '\0');
  crypto_aead_xchacha20poly1305_ietf_keygen(reinterpret_cast<unsigned char*>(k.data()));
  return k;
}

std::string next_key_id(const std::map<std::string, std::string>& keys) {
  return "k" + std::to_string(keys.size() + 1);
}

void write_private_file(const std::filesystem::path& path, const std::string& text) {
  auto tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write key file " + tmp.string());
    std::filesystem::permissions(tmp, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace);
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write key file " + tmp.string());
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace

std::string KeyRing::to_json() const {
  nlohmann::json j;
  j["format"] = "medrisk-keyring-1";
  j["active"] = active_;
  j["index_key"] = base64_encode(index_key_);
  for (const auto& [id, key] : keys_) j["keys"].push_back({{"id", id}, {"key", base64_encode(key)}});
  return j.dump(2);
}

KeyRing KeyRing::from_json(const std::string& text) {
  auto j = nlohmann::json::parse(text);
  KeyRing ring;
  ring.active_ = j.at("active").get<std::string>();
  ring.index_key_ = base64_decode(j.at("index_key").get<std::string>());
  for (const auto& k : j.at("keys")) ring.keys_[k.at("id").get<std::string>()] = base64_decode(k.at("key").get<std::string>());
  if (!ring.keys_.contains(ring.active_)) throw std::runtime_error("key file: active key is not in the file");
  for (const auto& [id, key] : ring.keys_)
    if (key.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES) throw std::runtime_error("key file: bad key " + id);
  if (ring.index_key_.size() < 32) throw std::runtime_error("key file: index key too short");
  return ring;
}

KeyRing KeyRing::ephemeral() {
  KeyRing ring;
  ring.active_ = "k1";
  ring.keys_["k1"] = random_key();
  ring.index_key_ = random_key();
  return ring;
}

void KeyRing::create_file(const std::filesystem::path& path) {
  if (std::filesystem::exists(path)) throw std::runtime_error("key file already exists: " + path.string());
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  write_private_file(path, ephemeral().to_json());
}

KeyRing KeyRing::load(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw std::runtime_error("key file not found: " + path.string());
  if ((st.st_mode & 077) != 0)
    throw std::runtime_error("key file " + path.string() + " is readable by group or others; chmod 600 it");
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return from_json(ss.str());
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("key file " + path.string() + " is malformed: " + e.what());
  }
}

KeyRing KeyRing::rotate_file(const std::filesystem::path& path) {
  KeyRing ring = load(path);
  std::string id = next_key_id(ring.keys_);
  ring.keys_[id] = random_key();
  ring.active_ = id;
  write_private_file(path, ring.to_json());
  return ring;
}

std::string KeyRing::encrypt(std::string_view plaintext, std::string_view aad) const {
  const std::string& key = keys_.at(active_);
  std::string buf(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plaintext.size() +
                      crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(buf.data());
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen,
      reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(aad.data()), aad.size(), nullptr, nonce,
      reinterpret_cast<const unsigned char*>(key.data()));
  std::string out(kPrefix);
  out += active_;
  out += ':';
  out += base64_encode(buf);
  return out;
}

std::string KeyRing::decrypt(std::string_view ciphertext, std::string_view aad) const {
  if (!ciphertext.starts_with(kPrefix)) throw std::runtime_error("value is not MedRisk ciphertext");
  auto rest = ciphertext.substr(kPrefix.size());
  auto colon = rest.find(':');
  if (colon == std::string_view::npos) throw std::runtime_error("ciphertext has no key id");
  auto it = keys_.find(std::string(rest.substr(0, colon)));
  if (it == keys_.end()) throw std::runtime_error("ciphertext key id is not in the key file");
  std::string raw = base64_decode(rest.substr(colon + 1));
  constexpr std::size_t overhead = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (raw.size() < overhead) throw std::runtime_error("ciphertext too short");
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw.data());
  std::string out(raw.size() - overhead, '\0');
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &mlen, nullptr,
          nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, raw.size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
          reinterpret_cast<const unsigned char*>(aad.data()), aad.size(), nonce,
          reinterpret_cast<const unsigned char*>(it->second.data())) != 0)
    throw std::runtime_error("ciphertext failed authentication (altered, or moved from another field)");
  out.resize(mlen);
  return out;
}

bool KeyRing::is_current(std::string_view ciphertext) const {
  std::string prefix(kPrefix);
  prefix += active_;
  prefix += ':';
  return ciphertext.starts_with(prefix);
}

std::string KeyRing::blind_index(std::string_view domain, std::string_view normalized_value) const {
  std::string message(domain);
  message += '\0';
  message += normalized_value;
  return hmac_sha256_hex(index_key_, message);
}

std::size_t reencrypt_columns(db::Database& db, const KeyRing& ring, const std::vector<EncryptedColumn>& columns) {
  constexpr int kBatch = 500;
  std::size_t total = 0;
  for (const auto& c : columns) {
    for (;;) {
      std::size_t changed = db.write([&](db::Tx& tx) {
        std::vector<long long> ids(kBatch);
        std::vector<std::string> values(kBatch);
        std::string prefix = std::string(kPrefix) + ring.active_key_id() + ":%";
        tx.sql() << "SELECT " + c.id_column + ", " + c.column + " FROM " + c.table + " WHERE " + c.column +
                        " IS NOT NULL AND " + c.column + " NOT LIKE :p ORDER BY " + c.id_column + " LIMIT " +
                        std::to_string(kBatch),
            soci::use(prefix), soci::into(ids), soci::into(values);
        for (std::size_t i = 0; i < ids.size(); ++i) {
          std::string fresh = ring.encrypt(ring.decrypt(values[i], c.aad()), c.aad());
          tx.sql() << "UPDATE " + c.table + " SET " + c.column + " = :v WHERE " + c.id_column + " = :id",
              soci::use(fresh), soci::use(ids[i]);
        }
        return ids.size();
      });
      total += changed;
      if (changed < static_cast<std::size_t>(kBatch)) break;
    }
  }
  return total;
}

}  // namespace medrisk::crypto
