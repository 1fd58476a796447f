// File exchange with the bank (see channel.hpp). Instruction files are written atomically (temporary
// file, fsync, rename) so the bank never reads half a file; a reference already in outbox/ or
// outbox/done/ with the same content counts as sent.
#include "modules/claims/channel.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "platform/files.hpp"

namespace medrisk::claims {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string instruction_text(const Instruction& i) {
  json j{{"reference", i.reference},
         {"payment_id", i.payment_id},
         {"claim_id", i.claim_id},
         {"kind", i.kind},
         {"payee", i.payee},
         {"amount_fen", i.amount_fen.fen()},
         {"account", {{"holder", i.account.holder}, {"bank", i.account.bank}, {"number", i.account.number}}}};
  return j.dump(2) + "\n";
}

bool safe_reference(const std::string& r) {
  if (r.empty() || r.size() > 100) return false;
  return std::all_of(r.begin(), r.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
}

void move_to(const fs::path& file, const fs::path& folder) {
  fs::create_directories(folder);
  std::error_code ec;
  fs::rename(file, folder / file.filename(), ec);
  if (ec) spdlog::warn("bank channel: cannot move {}: {}", file.filename().string(), ec.message());
}

}  // namespace

FileBankChannel::FileBankChannel(fs::path dir) : dir_(std::move(dir)) {
  for (const char* sub : {"outbox", "outbox/done", "inbox", "inbox/done", "inbox/rejected"})
    fs::create_directories(dir_ / sub);
}

Status FileBankChannel::send(const Instruction& i) {
  if (!safe_reference(i.reference)) return Error::of("internal_error", "bad payment reference");
  std::string text = instruction_text(i);
  std::string name = i.reference + ".json";
  for (const fs::path& existing : {dir_ / "outbox" / name, dir_ / "outbox" / "done" / name}) {
    if (!fs::exists(existing)) continue;
    if (read_text(existing) == text) return {};
    spdlog::error("bank channel: instruction {} exists with other content", i.reference);
    return Error::of("internal_error", "instruction file differs");
  }
  files::write_atomically(dir_ / "outbox" / name, text);
  return {};
}

std::vector<Confirmation> FileBankChannel::receive(int limit) {
  // Oldest first (the bank's write time, then the name): by name alone PAY-999 sorts after PAY-1000, and
  // while a backlog of `limit` longer names waited, the shorter ones were never read.
  std::vector<std::pair<fs::file_time_type, fs::path>> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_ / "inbox")) {
    if (!e.is_regular_file(ec) || e.path().extension() != ".json" || e.path().filename().string()[0] == '.') continue;
    auto written = e.last_write_time(ec);
    if (ec) continue;  // moved by another server meanwhile
    files.emplace_back(written, e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Confirmation> out;
  for (const auto& [written, f] : files) {
    if (static_cast<int>(out.size()) >= limit) break;
    try {
      json j = json::parse(read_text(f));
      Confirmation c;
      c.reference = j.at("reference").get<std::string>();
      c.status = j.at("status").get<std::string>();
      c.bank_transaction_id = j.value("bank_transaction_id", "");
      if (j.contains("reason") && j.at("reason").is_string()) c.reason = j.at("reason").get<std::string>();
      if (c.status != "confirmed" && c.status != "failed") throw std::runtime_error("unknown status");
      c.handle = f.filename().string();
      out.push_back(std::move(c));
    } catch (const std::exception& e) {
      spdlog::warn("bank channel: confirmation {} set aside: {}", f.filename().string(), e.what());
      move_to(f, dir_ / "inbox" / "rejected");
    }
  }
  return out;
}

void FileBankChannel::done(const Confirmation& c) {
  move_to(dir_ / "inbox" / c.handle, dir_ / "inbox" / "done");
}

int DemoBank::run_once() {
  fs::create_directories(dir_ / "outbox" / "done");
  fs::create_directories(dir_ / "inbox");
  int confirmed = 0;
  auto now = fs::file_time_type::clock::now();
  for (const auto& e : fs::directory_iterator(dir_ / "outbox")) {
    const fs::path& f = e.path();
    if (!e.is_regular_file() || f.extension() != ".json" || f.filename().string()[0] == '.') continue;
    if (now - fs::last_write_time(f) < delay_) continue;
    std::string reference = f.stem().string();
    if (!fs::exists(dir_ / "outbox" / "done" / f.filename())) {
      json c{{"reference", reference}, {"status", "confirmed"}, {"bank_transaction_id", "DEMO-" + reference}};
      files::write_atomically(dir_ / "inbox" / f.filename(), c.dump() + "\n");
      ++confirmed;
    }
    move_to(f, dir_ / "outbox" / "done");
  }
  return confirmed;
}

}  // namespace medrisk::claims
