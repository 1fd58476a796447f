// HTTP ↔ reviews service: decode (JsonReader), call one service function, encode. What a reader sees
// of a review (raw comment, masked comment, who wrote it) is decided by the service's Reader.
#include "modules/reviews/routes.hpp"

#include <nlohmann/json.hpp>

#include "kernel/json.hpp"
#include "modules/reviews/errors.hpp"
#include "platform/http/params.hpp"

namespace medrisk::reviews {
namespace {

using http::context_of;
using http::id_param;
using http::nullable;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kMaxNoteLength = 2000;
constexpr std::size_t kMaxFilterLength = 100;

std::string_view reader_name(Reader r) {
  switch (r) {
    case Reader::author:
      return "author";
    case Reader::moderator:
      return "moderator";
    case Reader::institution:
      return "institution";
    case Reader::regulator:
      return "regulator";
  }
  return "institution";
}

json to_json(const ReviewView& v) {
  const Review& r = v.review;
  json j = {{"id", r.id},
            {"institution_id", r.institution_org_id},
            {"institution_name", nullable(v.institution_name)},
            {"department", r.department},
            {"care_month", r.care_date.to_string().substr(0, 7)},
            {"overall", r.overall},
            {"scores", r.scores},
            {"moderation_state", r.moderation_state},
            {"findings", r.findings},
            {"comment_masked", nullable(r.comment_masked)},
            {"outreach_proposed", r.outreach_id.has_value()},
            {"created_at", r.created_at},
            {"reader", reader_name(v.reader)}};
  // The institution learns which of its visits/cases was rated (to reach the patient); the regulator
  // sees no subject at all; the author and moderators see everything, the raw comment included.
  if (v.reader != Reader::regulator) {
    j["subject_kind"] = r.subject_kind;
    j["subject_id"] = r.subject_id;
    j["care_date"] = r.care_date.to_string();
  }
  if (v.reader == Reader::author || v.reader == Reader::moderator) {
    j["comment"] = nullable(r.comment);
    j["moderated_at"] = nullable(r.moderated_at);
  }
  if (v.reader == Reader::institution || v.reader == Reader::moderator) j["outreach_id"] = nullable(r.outreach_id);
  if (v.reader == Reader::moderator) j["patient_user_id"] = r.patient_user_id;
  return j;
}

json to_json(const OutreachTask& t) {
  return {{"id", t.id},
          {"review_id", t.review_id},
          {"institution_id", t.institution_org_id},
          {"department", t.department},
          {"state", t.state},
          {"reasons", t.reasons},
          {"keywords", t.keywords},
          {"due_on", t.due_on.to_string()},
          {"overdue", t.overdue},
          {"note", nullable(t.note)},
          {"complaint_id", nullable(t.complaint_id)},
          {"reminded_at", nullable(t.reminded_at)},
          {"overall", t.overall},
          {"comment_masked", nullable(t.comment_masked)},
          {"created_at", t.created_at},
          {"updated_at", t.updated_at}};
}

json to_json(const AggregateView& v) {
  json cells = json::array();
  for (const auto& c : v.cells) {
    json cell = {{"key", c.key}, {"suppressed", c.suppressed}};
    if (v.grouping == "institution") {
      auto it = v.institution_names.find(std::stoll(c.key));
      cell["label"] = it == v.institution_names.end() ? c.key : it->second;
    } else {
      cell["label"] = c.key;
    }
    if (c.suppressed) {
      cell["count"] = nullptr;
      cell["means"] = nullptr;
      cell["distribution"] = nullptr;
    } else {
      cell["count"] = c.count;
      cell["means"] = c.means;
      cell["distribution"] = c.distribution;
    }
    cells.push_back(std::move(cell));
  }
  return {{"grouping", v.grouping},
          {"institution_id", nullable(v.institution_id)},
          {"min_count", v.min_count},
          {"cells", cells}};
}

json aspects_json(const AspectSet& a) {
  auto one = [](const Aspect& x) { return json{{"key", x.key}, {"zh-CN", x.zh}, {"en-US", x.en}}; };
  json list = json::array();
  for (const auto& x : a.aspects) list.push_back(one(x));
  return {{"version", a.version},      {"min_stars", a.min_stars}, {"max_stars", a.max_stars},
          {"overall", one(a.overall)}, {"aspects", list},          {"max_comment_length", kMaxCommentLength}};
}

Result<NewReview> decode_review(const json& body) {
  JsonReader in(body);
  NewReview n;
  n.subject_kind = in.one_of("subject_kind", {kSubjectVisit, kSubjectCase});
  n.subject_id = in.integer("subject_id", 1, INT64_MAX);
  n.overall = static_cast<int>(in.integer("overall", 0, 100));
  if (const json* scores = in.object("scores")) {
    for (const auto& [key, value] : scores->items()) {
      if (!value.is_number_integer() || key.size() > kMaxFilterLength)
        in.add("scores", "field_wrong_type", key);
      else
        n.scores[key] = static_cast<int>(std::clamp<std::int64_t>(value.get<std::int64_t>(), -1, 100));
    }
  }
  n.comment = in.optional_string("comment", kMaxCommentLength);
  in.allow_only({"subject_kind", "subject_id", "overall", "scores", "comment"});
  MEDRISK_CHECK(in.finish());
  return n;
}

std::optional<std::string> filter(const Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  return v->substr(0, kMaxFilterLength);
}

}  // namespace

void add_routes(http::Router& r, ReviewsService& s, const Clock& clock) {
  r.get("/api/v1/reviews/aspects", [&s, &clock](Request& req) -> Result<Response> {
    if (context_of(req, clock).actor.user_id == 0) return err(errors::permission_denied);
    return Response::json(200, aspects_json(s.parameters().aspects));
  });

  r.post("/api/v1/reviews", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    MEDRISK_TRY(NewReview n, decode_review(body));
    MEDRISK_TRY(ReviewView v, s.create(context_of(req, clock), n));
    return Response::json(201, to_json(v));
  });

  r.get("/api/v1/reviews", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(http::Page page, http::page_params(req, kMaxPageSize));
    MEDRISK_TRY(auto institution, http::id_query(req, "institution_id"));
    ReviewFilterInput f{filter(req, "moderation_state"), filter(req, "department"), institution};
    MEDRISK_TRY(auto list, s.list(context_of(req, clock), f, page.after_id, page.limit));
    json items = json::array();
    for (const auto& v : list) items.push_back(to_json(v));
    return Response::json(
        200, http::page_json(std::move(items), list.size(), page.limit, list.empty() ? 0 : list.back().review.id));
  });

  r.get("/api/v1/reviews/aggregates", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto institution, http::id_query(req, "institution_id"));
    std::string grouping = filter(req, "by").value_or("department");
    MEDRISK_TRY(AggregateView v, s.aggregates(context_of(req, clock), grouping, institution));
    return Response::json(200, to_json(v));
  });

  r.get("/api/v1/reviews/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req));
    MEDRISK_TRY(ReviewView v, s.get(context_of(req, clock), id));
    return Response::json(200, to_json(v));
  });

  r.post("/api/v1/reviews/{id}/moderation", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    std::string action = in.one_of("action", {"publish", "reject"});
    auto text = in.optional_string("comment_masked", kMaxCommentLength);
    in.allow_only({"action", "comment_masked"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(ReviewView v, s.moderate(context_of(req, clock), id, action, text));
    return Response::json(200, to_json(v));
  });

  r.get("/api/v1/review-outreach", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(http::Page page, http::page_params(req, kMaxPageSize));
    MEDRISK_TRY(auto list, s.list_outreach(context_of(req, clock), filter(req, "state"), page.after_id, page.limit));
    json items = json::array();
    for (const auto& t : list) items.push_back(to_json(t));
    return Response::json(200, http::page_json(list, items, page.limit));
  });

  r.get("/api/v1/review-outreach/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req));
    MEDRISK_TRY(OutreachTask t, s.get_outreach(context_of(req, clock), id));
    return Response::json(200, to_json(t));
  });

  r.post("/api/v1/review-outreach/{id}/actions", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    OutreachAction a;
    a.action = in.one_of("action", {"contact", "resolve", "escalate"});
    a.note = in.optional_string("note", kMaxNoteLength);
    a.complaint_id = in.optional_integer("complaint_id", 1, INT64_MAX);
    in.allow_only({"action", "note", "complaint_id"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(OutreachTask t, s.outreach_action(context_of(req, clock), id, a));
    return Response::json(200, to_json(t));
  });
}

}  // namespace medrisk::reviews
