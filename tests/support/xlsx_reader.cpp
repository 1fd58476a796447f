// xlsx read-back through python3 (see xlsx_reader.hpp).
#include "support/xlsx_reader.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace medrisk::testing {
namespace {

constexpr const char* kReader = R"PY(
import json, re, sys, zipfile
import xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(sys.argv[1])
if len(sys.argv) > 2:
    sys.stdout.write(z.read(sys.argv[2]).decode('utf-8'))
    sys.exit(0)
shared = []
if 'xl/sharedStrings.xml' in z.namelist():
    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns):
        shared.append(''.join(t.text or '' for t in si.iter('{%s}t' % ns['m'])))
def col(ref):
    n = 0
    for ch in re.match(r'[A-Z]+', ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1
rows = []
for r in ET.fromstring(z.read('xl/worksheets/sheet1.xml')).find('m:sheetData', ns).findall('m:row', ns):
    cells = {}
    for c in r.findall('m:c', ns):
        t = c.get('t')
        v = c.find('m:v', ns)
        if t == 'inlineStr':
            val = ''.join(x.text or '' for x in c.iter('{%s}t' % ns['m']))
        elif t == 's':
            val = shared[int(v.text)]
        elif t == 'str':
            val = v.text
        elif t == 'b':
            val = v.text == '1'
        elif v is None:
            val = None
        else:
            f = float(v.text)
            val = int(f) if f.is_integer() else f
        cells[col(c.get('r'))] = val
    width = max(cells) + 1 if cells else 0
    rows.append([cells.get(i) for i in range(width)])
json.dump(rows, sys.stdout, ensure_ascii=False)
)PY";

std::string run_reader(const std::string& xlsx, const std::string& part) {
  static int counter = 0;
  auto dir = std::filesystem::temp_directory_path();
  auto file = dir / ("medrisk-xlsx-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".xlsx");
  auto script = dir / ("medrisk-xlsx-reader-" + std::to_string(::getpid()) + ".py");
  std::ofstream(file, std::ios::binary) << xlsx;
  std::ofstream(script) << kReader;
  std::string cmd =
      "python3 '" + script.string() + "' '" + file.string() + "'" + (part.empty() ? "" : " '" + part + "'");
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
  if (!p) throw std::runtime_error("cannot run python3");
  std::string out;
  std::array<char, 4096> buf{};
  while (std::size_t n = fread(buf.data(), 1, buf.size(), p.get())) out.append(buf.data(), n);
  std::filesystem::remove(file);
  return out;
}

}  // namespace

nlohmann::json read_xlsx_rows(const std::string& xlsx) {
  return nlohmann::json::parse(run_reader(xlsx, ""));
}

std::string read_xlsx_part(const std::string& xlsx, const std::string& part) {
  return run_reader(xlsx, part);
}

int column_of(const nlohmann::json& header, const std::string& title) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == title) return static_cast<int>(i);
  ADD_FAILURE() << "no column " << title << " in " << header.dump();
  return 0;
}

}  // namespace medrisk::testing
