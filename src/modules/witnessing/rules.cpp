// Pure rules of the witnessing module (see rules.hpp).
#include "modules/witnessing/rules.hpp"

#include <algorithm>
#include <stdexcept>

#include "kernel/json.hpp"
#include "modules/witnessing/errors.hpp"
#include "platform/crypto/crypto.hpp"

namespace medrisk::witnessing {

using nlohmann::json;

const ProcedureTemplate* Templates::find(const std::string& code) const {
  for (const auto& p : procedures)
    if (p.code == code) return &p;
  return nullptr;
}

Templates parse_templates(const json& j) {
  Templates t;
  try {
    t.version = j.at("version").get<std::string>();
    for (const auto& p : j.at("procedures")) {
      ProcedureTemplate pt{p.at("code"), p.at("name_zh"), p.at("name_en"), {}, {}};
      for (const auto& r : p.at("risks")) pt.risks.push_back({r.at("key"), r.at("zh"), r.at("en")});
      for (const auto& a : p.at("alternatives")) pt.alternatives.push_back({a.at("zh"), a.at("en")});
      if (pt.risks.empty()) throw std::runtime_error("procedure " + pt.code + " has no risks");
      for (std::size_t i = 0; i < pt.risks.size(); ++i)
        for (std::size_t k = i + 1; k < pt.risks.size(); ++k)
          if (pt.risks[i].key == pt.risks[k].key) throw std::runtime_error("procedure " + pt.code + ": risk key twice");
      if (t.find(pt.code)) throw std::runtime_error("procedure " + pt.code + " defined twice");
      t.procedures.push_back(std::move(pt));
    }
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("data/witnessing/procedures.json: ") + e.what());
  }
  return t;
}

std::vector<Risk> risks_from(const ProcedureTemplate& t) {
  std::vector<Risk> out;
  for (const auto& r : t.risks) out.push_back({r.key, r.text_zh, r.text_en, std::nullopt});
  return out;
}

const std::vector<std::string>& relationships() {
  static const std::vector<std::string> v = {"spouse", "parent", "child", "sibling", "guardian", "other"};
  return v;
}

namespace {

// The UTF-8 code points of `s` as separate strings (the input is valid UTF-8: checked at the boundary).
std::vector<std::string> code_points(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    out.emplace_back(s.substr(i, n));
    i += n;
  }
  return out;
}

bool is_ascii_letter(const std::string& cp) {
  return cp.size() == 1 && std::isalpha(static_cast<unsigned char>(cp[0]));
}

}  // namespace

std::string initials(std::string_view name) {
  auto cps = code_points(name);
  cps.erase(std::remove(cps.begin(), cps.end(), std::string(" ")), cps.end());
  if (cps.empty()) return "";
  if (is_ascii_letter(cps[0])) {  // Latin script: the first letter of each word
    std::string out;
    bool start = true;
    for (char c : name) {
      if (c == ' ' || c == '-') {
        start = true;
      } else if (start && std::isalpha(static_cast<unsigned char>(c))) {
        if (!out.empty()) out += ' ';
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out += '.';
        start = false;
      } else {
        start = false;
      }
    }
    return out;
  }
  // Chinese: the surname character, the given name masked (a two-character name keeps one star).
  std::string out = cps[0];
  std::size_t rest = 0;
  for (std::size_t i = 1; i < cps.size(); ++i) ++rest;
  out += std::string(std::max<std::size_t>(rest, 1), '*');
  return out;
}

std::string stage(const WitnessRecord& r) {
  if (r.status == "sealed") return "sealed";
  bool s = r.personal.surgeon_signature.has_value(), p = r.personal.patient_signature.has_value();
  if (s && !p) return "awaiting_patient";
  if (p && !s) return "awaiting_surgeon";
  return "draft";
}

Status check_content_editable(const WitnessRecord& r) {
  if (r.status == "sealed") return err(errors::witness_record_sealed);
  if (r.personal.surgeon_signature || r.personal.patient_signature) return err(errors::witness_record_signed);
  return {};
}

Status check_acknowledge(const WitnessRecord& r, const std::string& risk_key) {
  if (r.status == "sealed") return err(errors::witness_record_sealed);
  if (r.personal.patient_signature) return err(errors::witness_already_signed);
  for (const auto& risk : r.risks)
    if (risk.key == risk_key) {
      if (risk.acknowledged_at) return err(errors::witness_risk_already_acknowledged);
      return {};
    }
  return err(errors::witness_risk_unknown);
}

int acknowledged_count(const WitnessRecord& r) {
  return static_cast<int>(std::count_if(r.risks.begin(), r.risks.end(),
                                        [](const Risk& k) { return k.acknowledged_at.has_value(); }));
}

Status check_sign(const WitnessRecord& r, bool as_surgeon) {
  if (r.status == "sealed") return err(errors::witness_record_sealed);
  if (as_surgeon) return r.personal.surgeon_signature ? err(errors::witness_already_signed) : Status{};
  if (r.personal.patient_signature) return err(errors::witness_already_signed);
  if (acknowledged_count(r) != static_cast<int>(r.risks.size())) return err(errors::witness_risks_not_all_acknowledged);
  return {};
}

bool both_signed(const WitnessRecord& r) {
  return r.personal.surgeon_signature.has_value() && r.personal.patient_signature.has_value();
}

namespace {

struct MediaType {
  std::string_view type, kind;
  bool (*matches)(std::string_view);
};

bool starts(std::string_view b, std::string_view magic) { return b.substr(0, magic.size()) == magic; }

const std::vector<MediaType>& media_types() {
  static const std::vector<MediaType> v = {
      {"audio/mpeg", "audio",
       [](std::string_view b) {
         return starts(b, "ID3") || (b.size() > 1 && static_cast<unsigned char>(b[0]) == 0xFF &&
                                     (static_cast<unsigned char>(b[1]) & 0xE0) == 0xE0);
       }},
      {"audio/mp4", "audio", [](std::string_view b) { return b.size() > 8 && b.substr(4, 4) == "ftyp"; }},
      {"audio/wav", "audio", [](std::string_view b) { return starts(b, "RIFF") && b.size() > 12 && b.substr(8, 4) == "WAVE"; }},
      {"video/mp4", "video", [](std::string_view b) { return b.size() > 8 && b.substr(4, 4) == "ftyp"; }},
      {"video/webm", "video", [](std::string_view b) { return starts(b, "\x1A\x45\xDF\xA3"); }},
      {"image/jpeg", "photo", [](std::string_view b) { return starts(b, "\xFF\xD8\xFF"); }},
      {"image/png", "photo", [](std::string_view b) { return starts(b, "\x89PNG\r\n\x1A\n"); }},
      {"application/pdf", "photo", [](std::string_view b) { return starts(b, "%PDF-"); }},
  };
  return v;
}

}  // namespace

Status check_attachment(std::string_view content_type, std::string_view bytes) {
  if (bytes.empty()) return err(errors::witness_attachment_empty);
  if (bytes.size() > kMaxAttachmentBytes) return err(errors::witness_attachment_too_large);
  for (const auto& m : media_types())
    if (m.type == content_type)
      return m.matches(bytes) ? Status{} : err(errors::witness_attachment_content_does_not_match_type);
  return err(errors::witness_attachment_type_not_allowed);
}

std::string attachment_kind(std::string_view content_type) {
  for (const auto& m : media_types())
    if (m.type == content_type) return std::string(m.kind);
  return "photo";
}

namespace {

json signature_json(const std::optional<Signature>& s) {
  if (!s) return nullptr;
  return {{"text", s->text}, {"signed_at", s->signed_at}, {"user_id", s->user_id}, {"session_digest", s->session_digest}};
}

}  // namespace

std::string personal_digest(const Personal& p) {
  json qs = json::array();
  for (const auto& q : p.questions) qs.push_back({{"question", q.question}, {"answer", q.answer}});
  json j = {{"patient_name", p.patient_name},
            {"patient_phone", p.patient_phone},
            {"representative_name", p.representative_name ? json(*p.representative_name) : json(nullptr)},
            {"representative_relationship",
             p.representative_relationship ? json(*p.representative_relationship) : json(nullptr)},
            {"questions", qs},
            {"alternatives", p.alternatives},
            {"surgeon_signature", signature_json(p.surgeon_signature)},
            {"patient_signature", signature_json(p.patient_signature)}};
  return crypto::sha256_hex(p.salt + ":" + j.dump());
}

std::string session_digest(std::int64_t session_id, const std::string& public_id) {
  return crypto::sha256_hex(std::to_string(session_id) + ":" + public_id);
}

json canonical_json(const WitnessRecord& r, const std::string& sealed_at) {
  json risks = json::array();
  for (const auto& k : r.risks)
    risks.push_back({{"key", k.key}, {"acknowledged_at", k.acknowledged_at ? json(*k.acknowledged_at) : json(nullptr)}});
  json files = json::array();
  for (const auto& a : r.attachments)
    files.push_back({{"kind", a.kind}, {"content_type", a.content_type}, {"sha256", a.sha256}, {"size_bytes", a.size_bytes}});
  auto sig = [](const std::optional<Signature>& s) -> json {
    if (!s) return nullptr;
    return {{"signed_at", s->signed_at}, {"session_digest", s->session_digest}};
  };
  return {{"format", kCanonicalFormat},
          {"public_id", r.public_id},
          {"institution", {{"id", r.institution_id}, {"name", r.institution_name}}},
          {"procedure",
           {{"code", r.procedure_code}, {"name_zh", r.procedure_name_zh}, {"templates_version", r.templates_version}}},
          {"procedure_date", r.procedure_date.to_string()},
          {"surgeon", {{"user_id", r.surgeon_user_id}, {"initials", initials(r.surgeon_name)}}},
          {"patient", {{"initials", initials(r.personal.patient_name)}}},
          {"risks", risks},
          {"questions_count", r.personal.questions.size()},
          {"alternatives_count", r.personal.alternatives.size()},
          {"attachments", files},
          {"signatures", {{"surgeon", sig(r.personal.surgeon_signature)}, {"patient", sig(r.personal.patient_signature)}}},
          {"personal_digest", personal_digest(r.personal)},
          {"corrects", r.corrects_public_id ? json(*r.corrects_public_id) : json(nullptr)},
          {"sealed_at", sealed_at}};
}

std::string canonical_form(const WitnessRecord& r, const std::string& sealed_at) {
  return canonical_json(r, sealed_at).dump();
}

}  // namespace medrisk::witnessing
