// libFuzzer target: a bank's confirmation file (claims' FileBankChannel: <bank dir>/inbox/*.json, bytes
// written by the bank, not by us). Each input is written as one inbox file and received: it is either
// taken as a confirmation (status confirmed or failed, a reference) and marked done, or set aside in
// inbox/rejected — never a crash, and never left in the inbox to be read again.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "modules/claims/channel.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fs::path dir = [] {
    auto d = fs::temp_directory_path() / ("medrisk-fuzz-bank-" + std::to_string(::getpid()));
    fs::remove_all(d);
    std::atexit([] { std::error_code ec; fs::remove_all(fs::temp_directory_path() / ("medrisk-fuzz-bank-" + std::to_string(::getpid())), ec); });
    return d;
  }();
  static medrisk::claims::FileBankChannel channel(dir);
  {
    std::ofstream out(dir / "inbox" / "PAY-1-1.json", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  auto received = channel.receive(10);
  if (received.size() > 1) __builtin_trap();
  for (const auto& c : received) {
    if (c.status != "confirmed" && c.status != "failed") __builtin_trap();
    channel.done(c);
  }
  if (fs::exists(dir / "inbox" / "PAY-1-1.json")) __builtin_trap();
  fs::remove(dir / "inbox" / "done" / "PAY-1-1.json");
  fs::remove(dir / "inbox" / "rejected" / "PAY-1-1.json");
  return 0;
}
