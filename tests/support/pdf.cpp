// PDF read-back helpers (see pdf.hpp).
#include "support/pdf.hpp"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace medrisk::testing {
namespace {

std::string run(const std::string& cmd) {
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
  if (!p) throw std::runtime_error("cannot run " + cmd);
  std::string out;
  std::array<char, 4096> buf{};
  while (std::size_t n = fread(buf.data(), 1, buf.size(), p.get())) out.append(buf.data(), n);
  return out;
}

std::filesystem::path write_temp(const std::string& pdf) {
  static int counter = 0;
  auto p = std::filesystem::temp_directory_path() /
           ("medrisk-pdf-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".pdf");
  std::ofstream(p, std::ios::binary) << pdf;
  return p;
}

std::vector<std::pair<char32_t, char32_t>> charset_of(const std::string& family) {
  std::string file = run("fc-match -f '%{file}' '" + family + "'");
  std::vector<std::pair<char32_t, char32_t>> ranges;
  // A .ttc holds every language's face; take the simplified-Chinese one.
  std::istringstream faces(run("fc-query --format='%{family}|%{charset}\\n' '" + file + "'"));
  for (std::string line; std::getline(faces, line);) {
    auto bar = line.find('|');
    if (bar == std::string::npos || line.substr(0, bar).find(family) == std::string::npos) continue;
    std::istringstream rs(line.substr(bar + 1));
    for (std::string r; rs >> r;) {
      auto dash = r.find('-');
      char32_t lo = static_cast<char32_t>(std::stoul(r.substr(0, dash), nullptr, 16));
      char32_t hi = dash == std::string::npos ? lo : static_cast<char32_t>(std::stoul(r.substr(dash + 1), nullptr, 16));
      ranges.emplace_back(lo, hi);
    }
  }
  if (ranges.empty()) throw std::runtime_error("no charset for " + family + " in " + file);
  return ranges;
}

std::vector<char32_t> decode_utf8(const std::string& s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

}  // namespace

std::string pdf_to_text(const std::string& pdf) {
  auto p = write_temp(pdf);
  std::string text = run("pdftotext -enc UTF-8 '" + p.string() + "' -");
  std::filesystem::remove(p);
  return text;
}

std::string without_whitespace(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\n' && c != '\t' && c != '\f' && c != '\r') out += c;
  return out;
}

std::vector<std::string> pdf_fonts(const std::string& pdf) {
  auto p = write_temp(pdf);
  std::istringstream lines(run("pdffonts '" + p.string() + "'"));
  std::filesystem::remove(p);
  std::vector<std::string> out;
  int n = 0;
  for (std::string line; std::getline(lines, line);)
    if (++n > 2 && !line.empty()) out.push_back(line);  // two header lines
  return out;
}

int rendered_pages(const std::string& pdf) {
  auto p = write_temp(pdf);
  auto dir = std::filesystem::path(p.string() + ".pages");
  std::filesystem::create_directories(dir);
  // 2>&1: anything poppler says while rendering is a defect of the document.
  std::string said = run("pdftoppm -r 36 -png '" + p.string() + "' '" + (dir / "page").string() + "' 2>&1; echo \"exit=$?\"");
  int pages = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".png" && std::filesystem::file_size(e.path()) > 0) ++pages;
  std::filesystem::remove_all(dir);
  std::filesystem::remove(p);
  return said == "exit=0\n" ? pages : -1;
}

std::vector<std::string> uncovered_code_points(const std::string& text) {
  static const auto ranges = [] {
    std::vector<std::pair<char32_t, char32_t>> all;
    for (const char* f : {"Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Sans Mono CJK SC"}) {
      auto r = charset_of(f);
      all.insert(all.end(), r.begin(), r.end());
    }
    return all;
  }();
  std::vector<std::string> out;
  for (char32_t cp : decode_utf8(text)) {
    if (cp == ' ' || cp == '\n' || cp == '\t' || cp == '\f' || cp == '\r') continue;
    bool covered = false;
    for (const auto& [lo, hi] : ranges)
      if (cp >= lo && cp <= hi) covered = true;
    if (!covered) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
      out.emplace_back(buf);
    }
  }
  return out;
}

}  // namespace medrisk::testing
