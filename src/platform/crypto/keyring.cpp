// Key file handling and field encryption in both suites (see keyring.hpp). Ciphertext formats:
//   "enc1:<key id>:<base64(24-byte nonce ‖ ciphertext ‖ 16-byte tag)>"  default: XChaCha20-Poly1305
//   "gm1:<key id>:<base64(16-byte IV ‖ ciphertext ‖ 32-byte tag)>"      gm: gm::seal, header "gm1:<key id>"
// Key file (JSON, mode 0600):
//   {"format": "medrisk-keyring-1", "crypto": {"suite": "gm"}, "active": "k2",
//    "keys": [{"id": "k1", "suite": "default", "key": "<base64>"}, {"id": "k2", "suite": "gm", …}],
//    "index_key": "<base64>", "index_suite": "default", "sm2_private_key": "-----BEGIN PRIVATE KEY-----…"}
// A file without "crypto", a key without "suite" and a file without "index_suite" are "default", so key
// files written before the gm suite existed load unchanged.
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
#include "platform/crypto/gm.hpp"
#include "platform/db/database.hpp"

namespace medrisk::crypto {
namespace {

constexpr std::string_view kDefaultPrefix = "enc1:";
constexpr std::string_view kGmPrefix = "gm1:";
constexpr std::size_t kKeyBytes = 32;
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == kKeyBytes);

std::string_view prefix_of(Suite suite) {
  return suite == Suite::gm ? kGmPrefix : kDefaultPrefix;
}

std::string random_key() {
  std::string k(kKeyBytes, '\0');
  randombytes_buf(k.data(), k.size());
  return k;
}

std::string next_key_id(const auto& keys) {
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

Suite suite_field(const nlohmann::json& j, const char* name) {
  if (!j.contains(name)) return Suite::standard;
  try {
    return parse_suite(j.at(name).get<std::string>());
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("key file: ") + e.what());
  }
}

std::string xchacha_encrypt(const std::string& key, std::string_view plaintext, std::string_view aad) {
  std::string buf(
      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES,
      '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(buf.data());
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen,
                                             reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                                             reinterpret_cast<const unsigned char*>(aad.data()), aad.size(), nullptr,
                                             nonce, reinterpret_cast<const unsigned char*>(key.data()));
  return buf;
}

std::optional<std::string> xchacha_decrypt(const std::string& key, const std::string& raw, std::string_view aad) {
  constexpr std::size_t overhead =
      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (raw.size() < overhead) return std::nullopt;
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw.data());
  std::string out(raw.size() - overhead, '\0');
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(out.data()), &mlen, nullptr,
                                                 nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                 raw.size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                 reinterpret_cast<const unsigned char*>(aad.data()), aad.size(), nonce,
                                                 reinterpret_cast<const unsigned char*>(key.data())) != 0)
    return std::nullopt;
  out.resize(mlen);
  return out;
}

}  // namespace

std::string KeyRing::to_json() const {
  nlohmann::json j;
  j["format"] = "medrisk-keyring-1";
  j["crypto"] = {{"suite", suite_name(suite())}};
  j["active"] = active_;
  j["index_key"] = base64_encode(index_key_);
  j["index_suite"] = suite_name(index_suite_);
  for (const auto& [id, key] : keys_)
    j["keys"].push_back({{"id", id}, {"suite", suite_name(key.suite)}, {"key", base64_encode(key.bytes)}});
  if (!sm2_private_pem_.empty()) j["sm2_private_key"] = sm2_private_pem_;
  if (!ledger_active_.empty()) {
    j["ledger_active"] = ledger_active_;
    for (const auto& [id, seed] : ledger_seeds_) j["ledger_keys"].push_back({{"id", id}, {"seed", base64_encode(seed)}});
  }
  return j.dump(2);
}

KeyRing KeyRing::from_json(const std::string& text) {
  auto j = nlohmann::json::parse(text);
  KeyRing ring;
  ring.active_ = j.at("active").get<std::string>();
  ring.index_key_ = base64_decode(j.at("index_key").get<std::string>());
  ring.index_suite_ = suite_field(j, "index_suite");
  for (const auto& k : j.at("keys"))
    ring.keys_[k.at("id").get<std::string>()] =
        make_key(base64_decode(k.at("key").get<std::string>()), suite_field(k, "suite"));
  if (!ring.keys_.contains(ring.active_)) throw std::runtime_error("key file: active key is not in the file");
  for (const auto& [id, key] : ring.keys_)
    if (key.bytes.size() != kKeyBytes) throw std::runtime_error("key file: bad key " + id);
  if (ring.index_key_.size() < 32) throw std::runtime_error("key file: index key too short");
  Suite declared = j.contains("crypto") ? suite_field(j.at("crypto"), "suite") : Suite::standard;
  if (declared != ring.suite())
    throw std::runtime_error(
        "key file: crypto.suite is \"" + std::string(suite_name(declared)) + "\" but the active key " + ring.active_ +
        " is \"" + std::string(suite_name(ring.suite())) + "\"; change suites with `medrisk keys rotate --suite`");
  if (j.contains("sm2_private_key")) {
    ring.sm2_private_pem_ = j.at("sm2_private_key").get<std::string>();
    gm::sm2_public_pem(ring.sm2_private_pem_);  // throws on a malformed key
  }
  if (j.contains("ledger_keys")) {
    for (const auto& k : j.at("ledger_keys")) {
      std::string seed = base64_decode(k.at("seed").get<std::string>());
      if (seed.size() != crypto_sign_SEEDBYTES) throw std::runtime_error("key file: bad ledger key");
      ring.ledger_seeds_[k.at("id").get<std::string>()] = seed;
    }
    ring.ledger_active_ = j.at("ledger_active").get<std::string>();
    if (!ring.ledger_seeds_.contains(ring.ledger_active_))
      throw std::runtime_error("key file: the active ledger key is not in the file");
  }
  return ring;
}

KeyRing::Key KeyRing::make_key(std::string bytes, Suite suite) {
  Key key{std::move(bytes), suite, {}};
  if (suite == Suite::gm && key.bytes.size() == kKeyBytes) key.seal = gm::derive_seal_key(key.bytes);
  return key;
}

void KeyRing::add_key(Suite suite) {
  std::string id = next_key_id(keys_);
  keys_[id] = make_key(random_key(), suite);
  active_ = id;
  if (suite == Suite::gm && sm2_private_pem_.empty()) sm2_private_pem_ = gm::sm2_generate().private_pem;
}

void KeyRing::add_ledger_key() {
  std::string id = "l" + std::to_string(ledger_seeds_.size() + 1);
  ledger_seeds_[id] = random_key();
  ledger_active_ = id;
}

namespace {
struct Ed25519Pair {
  std::string pk, sk;
};
Ed25519Pair ed25519_from_seed(const std::string& seed) {
  Ed25519Pair p{std::string(crypto_sign_PUBLICKEYBYTES, '\0'), std::string(crypto_sign_SECRETKEYBYTES, '\0')};
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(p.pk.data()), reinterpret_cast<unsigned char*>(p.sk.data()),
                           reinterpret_cast<const unsigned char*>(seed.data()));
  return p;
}
}  // namespace

KeyRing::LedgerSignature KeyRing::ledger_sign(std::string_view message) const {
  if (ledger_active_.empty()) throw std::logic_error("the key file holds no ledger signing key");
  auto pair = ed25519_from_seed(ledger_seeds_.at(ledger_active_));
  std::string sig(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(pair.sk.data()));
  sodium_memzero(pair.sk.data(), pair.sk.size());
  return {ledger_active_, sig};
}

std::optional<std::string> KeyRing::ledger_public_key(std::string_view key_id) const {
  auto it = ledger_seeds_.find(std::string(key_id));
  if (it == ledger_seeds_.end()) return std::nullopt;
  auto pair = ed25519_from_seed(it->second);
  sodium_memzero(pair.sk.data(), pair.sk.size());
  return pair.pk;
}

std::vector<std::string> KeyRing::ledger_key_ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, seed] : ledger_seeds_) ids.push_back(id);
  return ids;
}

KeyRing KeyRing::ensure_ledger_key_file(const std::filesystem::path& path) {
  KeyRing ring = load(path);
  if (ring.has_ledger_key()) return ring;
  ring.add_ledger_key();
  write_private_file(path, ring.to_json());
  return ring;
}

KeyRing KeyRing::ephemeral(Suite suite) {
  KeyRing ring;
  ring.add_key(suite);
  ring.add_ledger_key();
  ring.index_key_ = random_key();
  ring.index_suite_ = suite;
  return ring;
}

void KeyRing::create_file(const std::filesystem::path& path, Suite suite) {
  if (std::filesystem::exists(path)) throw std::runtime_error("key file already exists: " + path.string());
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  write_private_file(path, ephemeral(suite).to_json());
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

KeyRing KeyRing::rotate_file(const std::filesystem::path& path, std::optional<Suite> to) {
  KeyRing ring = load(path);
  ring.add_key(to.value_or(ring.suite()));
  ring.add_ledger_key();
  write_private_file(path, ring.to_json());
  return ring;
}

Suite KeyRing::suite() const {
  return keys_.at(active_).suite;
}

std::string KeyRing::current_prefix() const {
  std::string p(prefix_of(suite()));
  p += active_;
  p += ':';
  return p;
}

std::string KeyRing::encrypt(std::string_view plaintext, std::string_view aad) const {
  const Key& key = keys_.at(active_);
  std::string header = current_prefix();
  if (key.suite == Suite::gm) {
    header.pop_back();  // the sealed header is "gm1:<key id>"
    std::string sealed = gm::seal(key.seal, header, aad, plaintext);
    return header + ':' + base64_encode(sealed);
  }
  return header + base64_encode(xchacha_encrypt(key.bytes, plaintext, aad));
}

std::string KeyRing::decrypt(std::string_view ciphertext, std::string_view aad) const {
  Suite suite;
  if (ciphertext.starts_with(kDefaultPrefix))
    suite = Suite::standard;
  else if (ciphertext.starts_with(kGmPrefix))
    suite = Suite::gm;
  else
    throw std::runtime_error("value is not MedRisk ciphertext");
  auto rest = ciphertext.substr(prefix_of(suite).size());
  auto colon = rest.find(':');
  if (colon == std::string_view::npos) throw std::runtime_error("ciphertext has no key id");
  std::string id(rest.substr(0, colon));
  auto it = keys_.find(id);
  if (it == keys_.end()) throw std::runtime_error("ciphertext key id is not in the key file");
  if (it->second.suite != suite) throw std::runtime_error("ciphertext suite does not match its key's suite");
  std::string raw = base64_decode(rest.substr(colon + 1));
  std::optional<std::string> plain;
  if (suite == Suite::gm)
    plain = gm::open(it->second.seal, std::string(kGmPrefix) + id, aad, raw);
  else
    plain = xchacha_decrypt(it->second.bytes, raw, aad);
  if (!plain) throw std::runtime_error("ciphertext failed authentication (altered, or moved from another field)");
  return std::move(*plain);
}

bool KeyRing::is_current(std::string_view ciphertext) const {
  return ciphertext.starts_with(current_prefix());
}

std::string KeyRing::blind_index(std::string_view domain, std::string_view normalized_value) const {
  std::string message(domain);
  message += '\0';
  message += normalized_value;
  return index_suite_ == Suite::gm ? gm::hmac_sm3_hex(index_key_, message) : hmac_sha256_hex(index_key_, message);
}

std::string KeyRing::sign(std::string_view message) const {
  if (sm2_private_pem_.empty()) throw std::logic_error("this key ring has no SM2 key pair");
  return gm::sm2_sign(sm2_private_pem_, message);
}

bool KeyRing::verify_signature(std::string_view message, std::string_view signature) const {
  return gm::sm2_verify(signing_public_key_pem(), message, signature);
}

std::string KeyRing::signing_public_key_pem() const {
  if (sm2_private_pem_.empty()) throw std::logic_error("this key ring has no SM2 key pair");
  return gm::sm2_public_pem(sm2_private_pem_);
}

std::size_t reencrypt_columns(db::Database& db, const KeyRing& ring, const std::vector<EncryptedColumn>& columns) {
  constexpr int kBatch = 500;
  std::size_t total = 0;
  for (const auto& c : columns) {
    for (;;) {
      std::size_t changed = db.write([&](db::Tx& tx) {
        std::vector<long long> ids(kBatch);
        std::vector<std::string> values(kBatch);
        std::string prefix = ring.current_prefix() + "%";
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
