#include "platform/files.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace medrisk::files {

void write_atomically(const std::filesystem::path& path, const std::string& data) {
  std::filesystem::create_directories(path.parent_path());
  auto tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (out) out.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(tmp, ignored);
      throw std::runtime_error("cannot write attachment file");
    }
  }
  std::filesystem::rename(tmp, path);
}

std::string read_whole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("attachment file missing");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace medrisk::files
