// Module registration helpers (see module.hpp).
#include "platform/modules/module.hpp"

namespace medrisk::modules {

std::vector<db::Migration> owned(const std::string& module, std::vector<db::Migration> migrations) {
  for (auto& m : migrations) m.module = module;
  return migrations;
}

}  // namespace medrisk::modules
