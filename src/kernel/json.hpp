// JsonReader: decodes the fields of one JSON request object into typed values, collecting every
// problem as a Violation instead of stopping at the first, so a client can fix all fields at once.
// finish() turns the collected violations into one request_invalid error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/date.hpp"
#include "kernel/money.hpp"
#include "kernel/result.hpp"

namespace medrisk {

// Number of Unicode code points in `text`, or nullopt if it is not valid UTF-8 (overlong forms,
// surrogates and code points above U+10FFFF are invalid).
std::optional<std::size_t> utf8_length(std::string_view text);

// Usage: JsonReader in(body); auto name = in.string("name", 200); … MEDRISK_CHECK(in.finish());
// A field that is absent or null is "missing". On a violation the getter returns a neutral
// default (empty, zero, false, 1970-01-01) that must not be used once finish() fails.
class JsonReader {
 public:
  // `path` prefixes every field in violations, e.g. "/patient" for a nested object. The reader
  // keeps a reference: `object` must outlive it.
  explicit JsonReader(const nlohmann::json& object, std::string path = {});

  std::string string(std::string_view field, std::size_t max_code_points, bool required = true);
  std::optional<std::string> optional_string(std::string_view field, std::size_t max_code_points);
  // A string that must be one of `allowed` (field_value_not_allowed otherwise).
  std::string one_of(std::string_view field, std::initializer_list<std::string_view> allowed);
  std::int64_t integer(std::string_view field, std::int64_t min, std::int64_t max);
  std::optional<std::int64_t> optional_integer(std::string_view field, std::int64_t min, std::int64_t max);
  bool boolean(std::string_view field);
  std::optional<bool> optional_boolean(std::string_view field);
  Date date(std::string_view field);
  std::optional<Date> optional_date(std::string_view field);
  Timestamp timestamp(std::string_view field);
  std::optional<Timestamp> optional_timestamp(std::string_view field);
  // An integer number of fen (the field is named `*_fen`), within [min, max].
  Money money_fen(std::string_view field, Money min, Money max);
  std::optional<Money> optional_money_fen(std::string_view field, Money min, Money max);
  // A nested object or array, or nullptr (with field_required / field_wrong_type if it must exist).
  const nlohmann::json* object(std::string_view field, bool required = true);
  const nlohmann::json* array(std::string_view field, std::size_t max_items, bool required = true);

  // Every other field of the object is a field_unknown violation.
  void allow_only(std::initializer_list<std::string_view> fields);
  // A cross-field rule the caller checks itself; `field` is relative like the getters'.
  void add(std::string_view field, std::string_view code, std::string detail = {});
  // Takes over the violations of a reader of a nested object.
  void merge(JsonReader&& nested);

  std::string path_of(std::string_view field) const;
  bool ok() const { return violations_.empty(); }
  const std::vector<Violation>& violations() const { return violations_; }
  Status finish();

 private:
  const nlohmann::json* find(std::string_view field, bool required);
  const nlohmann::json* typed(std::string_view field, bool required, bool (nlohmann::json::*is)() const noexcept);
  std::optional<std::string> read_string(std::string_view field, std::size_t max_code_points, bool required);
  std::optional<std::int64_t> read_integer(std::string_view field, std::int64_t min, std::int64_t max,
                                           bool required);

  const nlohmann::json& object_;
  std::string path_;
  std::vector<Violation> violations_;
};

}  // namespace medrisk
