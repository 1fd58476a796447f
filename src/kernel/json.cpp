// JsonReader: typed field access with accumulated violations (see json.hpp).
#include "kernel/json.hpp"

#include <algorithm>
#include <limits>

#include "kernel/errors.hpp"

namespace medrisk {
namespace {

namespace ke = kernel_errors;
using Json = nlohmann::json;

// Length of the UTF-8 sequence led by `lead` and the smallest code point it may encode, or 0.
std::size_t sequence_length(unsigned char lead, char32_t& min_code_point) {
  if (lead < 0x80) { min_code_point = 0; return 1; }
  if ((lead & 0xE0) == 0xC0) { min_code_point = 0x80; return 2; }
  if ((lead & 0xF0) == 0xE0) { min_code_point = 0x800; return 3; }
  if ((lead & 0xF8) == 0xF0) { min_code_point = 0x10000; return 4; }
  return 0;
}

bool decode_one(std::string_view text, std::size_t& pos) {
  char32_t min_code_point = 0;
  auto lead = static_cast<unsigned char>(text[pos]);
  std::size_t length = sequence_length(lead, min_code_point);
  if (length == 0 || pos + length > text.size()) return false;
  char32_t cp = length == 1 ? lead : char32_t(lead & (0x7F >> length));
  for (std::size_t i = 1; i < length; ++i) {
    auto c = static_cast<unsigned char>(text[pos + i]);
    if ((c & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (c & 0x3F);
  }
  pos += length;
  return cp >= min_code_point && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
}

// JSON Pointer escaping (RFC 6901) of one path segment.
std::string escape_segment(std::string_view field) {
  std::string out;
  for (char c : field) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

}  // namespace

std::optional<std::size_t> utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < text.size(); ++count) {
    if (!decode_one(text, pos)) return std::nullopt;
  }
  return count;
}

JsonReader::JsonReader(const Json& object, std::string path) : object_(object), path_(std::move(path)) {
  if (!object_.is_object()) violations_.push_back({path_, std::string(ke::field_wrong_type), "expected an object"});
}

std::string JsonReader::path_of(std::string_view field) const { return path_ + "/" + escape_segment(field); }

void JsonReader::add(std::string_view field, std::string_view code, std::string detail) {
  violations_.push_back({path_of(field), std::string(code), std::move(detail)});
}

void JsonReader::merge(JsonReader&& nested) {
  for (auto& v : nested.violations_) violations_.push_back(std::move(v));
  nested.violations_.clear();
}

const Json* JsonReader::find(std::string_view field, bool required) {
  if (object_.is_object()) {
    auto it = object_.find(field);
    if (it != object_.end() && !it->is_null()) return &*it;
  }
  if (required && object_.is_object()) add(field, ke::field_required);
  return nullptr;
}

const Json* JsonReader::typed(std::string_view field, bool required, bool (Json::*is)() const noexcept) {
  const Json* value = find(field, required);
  if (value == nullptr || (value->*is)()) return value;
  add(field, ke::field_wrong_type);
  return nullptr;
}

std::optional<std::string> JsonReader::read_string(std::string_view field, std::size_t max_code_points,
                                                   bool required) {
  const Json* value = typed(field, required, &Json::is_string);
  if (value == nullptr) return std::nullopt;
  const auto& text = value->get_ref<const std::string&>();
  auto length = utf8_length(text);
  if (!length) {
    add(field, ke::field_invalid_utf8);
    return std::nullopt;
  }
  if (*length > max_code_points) {
    add(field, ke::field_too_long, "at most " + std::to_string(max_code_points) + " characters");
    return std::nullopt;
  }
  return text;
}

std::string JsonReader::string(std::string_view field, std::size_t max_code_points, bool required) {
  return read_string(field, max_code_points, required).value_or(std::string());
}

std::optional<std::string> JsonReader::optional_string(std::string_view field, std::size_t max_code_points) {
  return read_string(field, max_code_points, false);
}

std::string JsonReader::one_of(std::string_view field, std::initializer_list<std::string_view> allowed) {
  const Json* value = typed(field, true, &Json::is_string);
  if (value == nullptr) return {};
  const auto& text = value->get_ref<const std::string&>();
  if (std::find(allowed.begin(), allowed.end(), text) == allowed.end()) {
    add(field, ke::field_value_not_allowed);
    return {};
  }
  return text;
}

std::optional<std::int64_t> JsonReader::read_integer(std::string_view field, std::int64_t min, std::int64_t max,
                                                     bool required) {
  const Json* value = find(field, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number_integer()) {
    add(field, ke::field_wrong_type, "expected an integer");
    return std::nullopt;
  }
  bool too_big = value->is_number_unsigned() &&
                 value->get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max());
  std::int64_t n = too_big ? 0 : value->get<std::int64_t>();
  if (too_big || n < min || n > max) {
    add(field, ke::field_out_of_range, "expected " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::int64_t JsonReader::integer(std::string_view field, std::int64_t min, std::int64_t max) {
  return read_integer(field, min, max, true).value_or(0);
}

std::optional<std::int64_t> JsonReader::optional_integer(std::string_view field, std::int64_t min,
                                                         std::int64_t max) {
  return read_integer(field, min, max, false);
}

bool JsonReader::boolean(std::string_view field) {
  const Json* value = typed(field, true, &Json::is_boolean);
  return value != nullptr && value->get<bool>();
}

std::optional<bool> JsonReader::optional_boolean(std::string_view field) {
  const Json* value = typed(field, false, &Json::is_boolean);
  return value == nullptr ? std::nullopt : std::optional<bool>(value->get<bool>());
}

std::optional<Date> JsonReader::optional_date(std::string_view field) {
  const Json* value = typed(field, false, &Json::is_string);
  if (value == nullptr) return std::nullopt;
  auto d = Date::parse(value->get_ref<const std::string&>());
  if (!d) {
    add(field, ke::invalid_date, d.error().detail);
    return std::nullopt;
  }
  return *d;
}

Date JsonReader::date(std::string_view field) {
  if (find(field, true) == nullptr) return Date();
  return optional_date(field).value_or(Date());
}

std::optional<Timestamp> JsonReader::optional_timestamp(std::string_view field) {
  const Json* value = typed(field, false, &Json::is_string);
  if (value == nullptr) return std::nullopt;
  auto t = Timestamp::parse(value->get_ref<const std::string&>());
  if (!t) {
    add(field, ke::invalid_timestamp, t.error().detail);
    return std::nullopt;
  }
  return *t;
}

Timestamp JsonReader::timestamp(std::string_view field) {
  if (find(field, true) == nullptr) return Timestamp();
  return optional_timestamp(field).value_or(Timestamp());
}

std::optional<Money> JsonReader::optional_money_fen(std::string_view field, Money min, Money max) {
  auto fen = read_integer(field, min.fen(), max.fen(), false);
  return fen ? std::optional<Money>(Money::from_fen(*fen)) : std::nullopt;
}

Money JsonReader::money_fen(std::string_view field, Money min, Money max) {
  return Money::from_fen(read_integer(field, min.fen(), max.fen(), true).value_or(0));
}

const Json* JsonReader::object(std::string_view field, bool required) {
  return typed(field, required, &Json::is_object);
}

const Json* JsonReader::array(std::string_view field, std::size_t max_items, bool required) {
  const Json* value = typed(field, required, &Json::is_array);
  if (value != nullptr && value->size() > max_items) {
    add(field, ke::field_too_long, "at most " + std::to_string(max_items) + " items");
    return nullptr;
  }
  return value;
}

void JsonReader::allow_only(std::initializer_list<std::string_view> fields) {
  if (!object_.is_object()) return;
  for (const auto& [key, value] : object_.items()) {
    if (std::find(fields.begin(), fields.end(), key) == fields.end()) add(key, ke::field_unknown);
  }
}

Status JsonReader::finish() {
  if (violations_.empty()) return {};
  Error error = Error::of(std::string(ke::request_invalid),
                          std::to_string(violations_.size()) + " field(s) invalid");
  error.violations = violations_;
  return error;
}

}  // namespace medrisk
