// Building and checking triangles from cell records (CSV rows, or payments and reserve history from
// the claims module), and converting between cumulative and incremental values.
#pragma once

#include <span>

#include "kernel/result.hpp"
#include "modules/actuarial/model.hpp"

namespace medrisk::actuarial {

struct BuildOptions {
  bool incremental_input = false;  // records carry increments (e.g. payments); they are cumulated
  bool sum_duplicates = false;     // several records for one cell are summed (transactions)
  bool allow_negative = false;     // cumulative values below zero are refused unless allowed
};

// Origins are ordered numerically when every label is an integer, else lexicographically.
// Errors: development_lag_invalid, triangle_cell_duplicate, triangle_cell_missing, triangle_ragged,
// triangle_too_large, triangle_value_not_finite, triangle_value_negative, triangle_too_small.
Result<Triangle> triangle_from_records(std::span<const CellRecord> records, const BuildOptions& options = {});

// Shape and value checks shared by every builder: contiguous rows, latest diagonal not younger than a
// later origin's (no ragged edge), finite values, at least one origin and one development period.
Status validate_triangle(const Triangle& triangle, bool allow_negative = false);

Triangle to_incremental(const Triangle& cumulative);
Triangle to_cumulative(const Triangle& incremental);

}  // namespace medrisk::actuarial
