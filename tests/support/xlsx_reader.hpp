// Reading an .xlsx back in tests with an independent reader (python3's zipfile + ElementTree over the
// sheet XML): rows of cells, each a string, a number, a boolean or null for an empty cell.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace medrisk::testing {

// The first worksheet's rows as a JSON array of arrays; numbers stay numbers.
nlohmann::json read_xlsx_rows(const std::string& xlsx);
// The index of the column headed `title` in a header row; a test failure (and 0) when there is none.
int column_of(const nlohmann::json& header, const std::string& title);
// One part of the package (e.g. "xl/styles.xml") as text.
std::string read_xlsx_part(const std::string& xlsx, const std::string& part);

}  // namespace medrisk::testing
