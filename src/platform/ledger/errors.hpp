// The ledger's problem codes (data/errors/platform.json).
#pragma once

#include <string_view>

namespace medrisk::ledger::errors {

inline constexpr std::string_view ledger_leaf_not_found = "ledger_leaf_not_found";                  // 404
inline constexpr std::string_view ledger_tree_size_out_of_range = "ledger_tree_size_out_of_range";  // 422
inline constexpr std::string_view ledger_no_tree_head = "ledger_no_tree_head";                      // 404

}  // namespace medrisk::ledger::errors
