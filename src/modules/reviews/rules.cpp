// Pure rules of patient evaluations (see rules.hpp).
#include "modules/reviews/rules.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "kernel/json.hpp"
#include "modules/reviews/errors.hpp"

namespace medrisk::reviews {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The code point at `i` (UTF-8) and its length; invalid bytes count as one.
std::pair<char32_t, std::size_t> code_point_at(std::string_view s, std::size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
  if (i + len > s.size()) return {b, 1};
  if (len == 1) return {b, 1};
  char32_t cp = b & (0xFF >> (len + 1));
  for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return {cp, len};
}

// Full-width digits (U+FF10–FF19) become ASCII so that "１３８…" is found like "138…".
std::string normalize_digits(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto [cp, len] = code_point_at(s, i);
    if (cp >= 0xFF10 && cp <= 0xFF19)
      out.push_back(static_cast<char>('0' + (cp - 0xFF10)));
    else
      out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

bool real_date(int y, int m, int d) {
  return Date::from_ymd(y, m, d).ok();
}

bool accepts(const std::string& validator, std::string_view span) {
  if (validator == "none") return true;
  if (validator == "gb11643_18") return gb11643_valid(span);
  if (validator == "id15_birth_date") return id15_valid(span);
  if (validator == "luhn") return luhn_valid(span);
  return false;  // an unknown validator masks nothing (parameters.cpp refuses it at load)
}

void add_once(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

// The longest run of digits in `s`, single spaces or hyphens between digits ignored.
int longest_digit_run(std::string_view s) {
  int best = 0, run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (is_digit(s[i])) {
      best = std::max(best, ++run);
    } else if ((s[i] == ' ' || s[i] == '-') && run > 0 && i + 1 < s.size() && is_digit(s[i + 1])) {
      continue;
    } else {
      run = 0;
    }
  }
  return best;
}

bool is_chinese_numeral(char32_t cp) {
  static const std::u32string numerals = U"〇零一二三四五六七八九幺壹贰贰叁肆伍陆柒捌玖";
  return numerals.find(cp) != std::u32string::npos;
}

int longest_numeral_run(std::string_view s) {
  int best = 0, run = 0;
  for (std::size_t i = 0; i < s.size();) {
    auto [cp, len] = code_point_at(s, i);
    run = is_chinese_numeral(cp) ? run + 1 : 0;
    best = std::max(best, run);
    i += len;
  }
  return best;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_han(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

// The code points of `s` as UTF-8 strings, one each.
std::vector<std::string> characters_of(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    auto [cp, len] = code_point_at(s, i);
    out.emplace_back(s.substr(i, len));
    i += len;
  }
  return out;
}

bool all_han(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto [cp, len] = code_point_at(s, i);
    if (!is_han(cp)) return false;
    i += len;
  }
  return true;
}

// The surname `name` starts with (compound first), empty when none of the list.
std::string surname_of(std::string_view name, const StaffNameRules& rules) {
  for (const auto& c : rules.compound_surnames)
    if (name.starts_with(c) && name.size() > c.size()) return c;
  auto chars = characters_of(name);
  if (chars.size() > 1 && std::find(rules.surnames.begin(), rules.surnames.end(), chars[0]) != rules.surnames.end())
    return chars[0];
  return {};
}

std::vector<std::string> tokens_of(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  for (std::size_t i = 0; i < s.size();) {
    auto [cp, len] = code_point_at(s, i);
    if (cp == U' ' || cp == U'\t' || cp == 0x3000 || cp == U'·' || cp == U'/' || cp == U'(' || cp == U')' ||
        cp == 0xFF08 || cp == 0xFF09)
      flush();
    else
      cur.append(s.substr(i, len));
    i += len;
  }
  flush();
  return out;
}

}  // namespace

std::vector<std::string> staff_personal_names(const std::vector<std::string>& display_names, const StaffNameRules& rules) {
  std::vector<std::string> out;
  for (const auto& display : display_names)
    for (const auto& token : tokens_of(display)) {
      auto n = characters_of(token).size();
      if (n < static_cast<std::size_t>(rules.min_length) || n > static_cast<std::size_t>(rules.max_length)) continue;
      if (!all_han(token) || surname_of(token, rules).empty()) continue;
      bool title = std::any_of(rules.title_suffixes.begin(), rules.title_suffixes.end(),
                               [&](const std::string& t) { return token.ends_with(t); });
      if (!title) add_once(out, token);
    }
  std::stable_sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return out;
}

std::string mask_staff_name(std::string_view name, const StaffNameRules& rules, char mask) {
  std::string surname = surname_of(name, rules);
  std::string out = surname;
  out.append(characters_of(name.substr(surname.size())).size(), mask);
  return out;
}

char gb11643_check_character(std::string_view first17) {
  static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char checks[] = "10X98765432";
  if (first17.size() != 17) return '?';
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (!is_digit(first17[i])) return '?';
    sum += (first17[i] - '0') * weights[i];
  }
  return checks[sum % 11];
}

bool gb11643_valid(std::string_view id) {
  if (id.size() != 18) return false;
  char check = gb11643_check_character(id.substr(0, 17));
  char last = id[17] == 'x' ? 'X' : id[17];
  if (check == '?' || last != check) return false;
  auto num = [&](int from, int n) { return std::stoi(std::string(id.substr(from, n))); };
  return real_date(num(6, 4), num(10, 2), num(12, 2));
}

bool id15_valid(std::string_view id) {
  if (id.size() != 15 || !std::all_of(id.begin(), id.end(), is_digit)) return false;
  auto num = [&](int from, int n) { return std::stoi(std::string(id.substr(from, n))); };
  return real_date(1900 + num(6, 2), num(8, 2), num(10, 2));
}

bool luhn_valid(std::string_view number) {
  std::string digits;
  for (char c : number) {
    if (is_digit(c))
      digits.push_back(c);
    else if (c != ' ' && c != '-')
      return false;
  }
  if (digits.size() < 16 || digits.size() > 19) return false;
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

Moderation moderate(std::string_view comment, const ModerationRules& rules,
                    const std::vector<std::string>& staff_display_names) {
  Moderation out;
  out.masked = normalize_digits(comment);
  // Staff names first, longest first (欧阳澄 before a shorter name inside it).
  for (const auto& name : staff_personal_names(staff_display_names, rules.staff_names)) {
    std::string masked = mask_staff_name(name, rules.staff_names, rules.mask);
    for (std::size_t at = out.masked.find(name); at != std::string::npos; at = out.masked.find(name, at + masked.size())) {
      out.masked.replace(at, name.size(), masked);
      add_once(out.findings, "staff_name");
    }
  }
  for (const auto& d : rules.detectors) {
    const std::string text = out.masked;  // spans of this detector refer to this snapshot
    for (auto it = std::sregex_iterator(text.begin(), text.end(), d.regex); it != std::sregex_iterator(); ++it) {
      const auto& group = (*it)[1];
      if (!group.matched) continue;
      auto from = static_cast<std::size_t>(group.first - text.begin());
      auto length = static_cast<std::size_t>(group.length());
      if (!accepts(d.validator, std::string_view(text).substr(from, length))) continue;
      std::fill_n(out.masked.begin() + static_cast<std::ptrdiff_t>(from), length, rules.mask);
      add_once(out.findings, d.kind);
    }
  }
  if (longest_digit_run(out.masked) >= rules.residual_digit_run) {
    out.held = true;
    out.findings.push_back("unmaskable_number");
  }
  if (longest_numeral_run(out.masked) >= rules.residual_numeral_run) {
    out.held = true;
    out.findings.push_back("unmaskable_number_in_words");
  }
  for (const auto& c : rules.residual_characters)
    if (out.masked.find(c) != std::string::npos) {
      out.held = true;
      add_once(out.findings, "unmaskable_email");
    }
  return out;
}

Status check_new_review(const NewReview& r, const AspectSet& aspects) {
  if (r.subject_kind != kSubjectVisit && r.subject_kind != kSubjectCase)
    return err(errors::review_subject_kind_unknown, r.subject_kind);
  auto in_scale = [&](int s) { return s >= aspects.min_stars && s <= aspects.max_stars; };
  if (!in_scale(r.overall)) return err(errors::review_stars_out_of_range, "overall");
  for (const auto& [key, stars] : r.scores) {
    bool known =
        std::any_of(aspects.aspects.begin(), aspects.aspects.end(), [&k = key](const Aspect& a) { return a.key == k; });
    if (!known) return err(errors::review_aspect_unknown, key);
    if (!in_scale(stars)) return err(errors::review_stars_out_of_range, key);
  }
  for (const auto& a : aspects.aspects)
    if (!r.scores.count(a.key)) return err(errors::review_aspect_missing, a.key);
  if (r.comment) {
    auto n = utf8_length(*r.comment);
    if (!n || *n > kMaxCommentLength) return err(errors::review_comment_too_long);
  }
  return {};
}

std::vector<std::string> harm_keywords_in(std::string_view comment, const OutreachRules& rules) {
  std::string text = lower_ascii(comment);
  std::vector<std::string> out;
  for (const auto& k : rules.harm_keywords)
    if (!k.empty() && text.find(lower_ascii(k)) != std::string::npos) out.push_back(k);
  return out;
}

std::vector<std::string> outreach_reasons(int overall, const std::vector<std::string>& keywords,
                                          const OutreachRules& rules) {
  std::vector<std::string> out;
  if (overall <= rules.low_overall_max) out.push_back("low_rating");
  if (!keywords.empty()) out.push_back("harm_keyword");
  return out;
}

std::optional<std::string> outreach_next_state(std::string_view from, std::string_view action) {
  if (!outreach_is_open(from)) return std::nullopt;
  if (action == "contact") return from == "open" ? std::optional<std::string>("contacted") : std::nullopt;
  if (action == "resolve") return std::string("resolved");
  if (action == "escalate") return std::string("escalated");
  return std::nullopt;
}

bool outreach_is_open(std::string_view state) {
  return state == "open" || state == "contacted";
}

bool outreach_overdue(const OutreachTask& t, Date today) {
  return outreach_is_open(t.state) && today > t.due_on;
}

std::vector<AggregateCell> aggregate(const std::vector<ScoreCount>& counts, const AspectSet& aspects,
                                     const AggregateRules& rules) {
  struct Acc {
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> sums;  // aspect → (stars sum, n)
    std::vector<int> distribution;
  };
  const int scale = aspects.max_stars - aspects.min_stars + 1;
  std::map<std::string, Acc> by_key;
  for (const auto& c : counts) {
    Acc& a = by_key[c.key];
    if (a.distribution.empty()) a.distribution.assign(static_cast<std::size_t>(scale), 0);
    auto& [sum, n] = a.sums[c.aspect];
    sum += static_cast<std::int64_t>(c.stars) * c.count;
    n += c.count;
    if (c.aspect == aspects.overall.key && c.stars >= aspects.min_stars && c.stars <= aspects.max_stars)
      a.distribution[static_cast<std::size_t>(c.stars - aspects.min_stars)] += static_cast<int>(c.count);
  }
  std::vector<AggregateCell> out;
  for (auto& [key, a] : by_key) {
    AggregateCell cell;
    cell.key = key;
    auto overall = a.sums.find(aspects.overall.key);
    int count = overall == a.sums.end() ? 0 : static_cast<int>(overall->second.second);
    if (count < rules.min_count) {
      cell.suppressed = true;
    } else {
      cell.count = count;
      for (const auto& [aspect, s] : a.sums)
        if (s.second > 0) cell.means[aspect] = std::round(100.0 * double(s.first) / double(s.second)) / 100.0;
      cell.distribution = a.distribution;
    }
    out.push_back(std::move(cell));
    if (static_cast<int>(out.size()) >= rules.max_cells) break;
  }
  return out;
}

}  // namespace medrisk::reviews
