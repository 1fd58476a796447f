// The risk commands (see cli.hpp). They act as "system" and are audited.
#include "modules/risk/cli.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "kernel/error_catalogue.hpp"
#include "modules/risk/api.hpp"
#include "platform/crypto/crypto.hpp"

namespace medrisk::risk {
namespace {

int import_exposure(const modules::CommandHost& host, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << file << std::endl;
    return 1;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  crypto::init();
  auto db = host.open_database();
  SystemClock clock;
  RiskService service(*db, clock, load_params(host.data_dir / "risk"), nullptr, {});
  auto started = std::chrono::steady_clock::now();
  auto r = service.import_csv_as_system(buf.str(), file);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (r.ok()) {
    std::cout << "imported " << r->rows << " rows (" << r->replaced << " replaced earlier figures) as import "
              << r->id << " in " << seconds << " s" << std::endl;
    return 0;
  }
  ErrorCatalogue catalogue;
  catalogue.load_directory(host.data_dir / "errors");
  const Error& e = r.error();
  std::cerr << catalogue.find(e.code).message("zh-CN") << "\n" << catalogue.find(e.code).message("en-US") << "\n";
  for (const auto& v : e.violations) {
    // "/rows/<line>/<column>"
    std::string where = v.field.substr(std::string("/rows/").size());
    auto slash = where.find('/');
    std::string line = where.substr(0, slash), column = slash == std::string::npos ? "" : where.substr(slash + 1);
    std::cerr << "第 " << line << " 行" << (column.empty() ? "" : "，列 " + column) << "：" << catalogue.find(v.code).message("zh-CN")
              << " | line " << line << (column.empty() ? "" : ", column " + column) << ": "
              << catalogue.find(v.code).message("en-US") << (v.detail.empty() ? "" : " (" + v.detail + ")") << "\n";
  }
  for (const auto& [name, value] : e.members)
    if (name == "issue_count" && value > static_cast<std::int64_t>(e.violations.size()))
      std::cerr << "… " << value << " problems in all (the first " << e.violations.size() << " listed)\n";
  std::cerr << "nothing was imported" << std::endl;
  return e.code == "exposure_import_refused" ? 2 : 1;
}

}  // namespace

void add_risk_commands(CLI::App& cli, const modules::CommandHost& host, int& exit_code) {
  auto file = std::make_shared<std::string>();
  auto* cmd = cli.add_subcommand("risk", "The medical risk database (exposure, rates, coefficients)")->require_subcommand(1);
  auto* imp = cmd->add_subcommand("import-exposure", "Import a CSV file of exposure (all rows or none)");
  imp->add_option("file", *file, "the CSV file")->required();
  imp->callback([host, file, &exit_code] { exit_code = import_exposure(host, *file); });
}

}  // namespace medrisk::risk
