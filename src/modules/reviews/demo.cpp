// Demo evaluations (`medrisk serve --demo`): a year of fictitious history across the four demo
// hospitals and their departments (about 320 reviews, realistic star distributions, some low ratings
// with outreach still open, comments with invented phone, ID and card numbers that moderation masks or
// holds), written in one transaction from a fixed seed; then two reviews by the demo patient through
// the real use case: a visit (phone number masked, outreach opened) and a dispute case (an ID number
// with a wrong check character: held for the moderator). The demo patient's visit MH1-MZ-0001 is left
// for them to rate. History authors are patients without an account here (ids from 9,000,001) and
// their visits have ids from 1,000,001: invented, like every name and number in this file.
#include <spdlog/spdlog.h>

#include "modules/accounts/api.hpp"
#include "modules/reviews/demo.hpp"

namespace medrisk::reviews {
namespace {

constexpr std::int64_t kHistoryAuthorBase = 9'000'000;
constexpr std::int64_t kHistoryVisitBase = 1'000'000;

template <class T>
T demo_ok(Result<T> r, const std::string& what) {
  if (!r.ok()) throw std::runtime_error("demo reviews: " + what + ": " + r.error().code + " " + r.error().detail);
  return std::move(r).value();
}

// A fixed linear congruential generator: the same demo on every machine.
struct Lcg {
  std::uint64_t state;
  std::uint32_t next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state >> 33);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint32_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }
};

struct Department {
  std::string hospital, name;
  int reviews;
  int quality;  // 0 (many low ratings) … 3 (mostly five stars)
};

const std::vector<Department>& departments() {
  static const std::vector<Department> list = {
      {"hospital1", "骨科", 40, 1},      {"hospital1", "内科", 35, 2},   {"hospital1", "普外科", 28, 2},
      {"hospital1", "心内科", 22, 3},    {"hospital1", "急诊科", 25, 0}, {"hospital2", "产科", 36, 2},
      {"hospital2", "儿科", 30, 1},      {"hospital2", "妇科", 18, 3},   {"hospital3", "针灸科", 24, 3},
      {"hospital3", "内科", 20, 2},      {"hospital3", "骨伤科", 16, 1}, {"hospital4", "全科", 24, 2},
      {"hospital4", "预防保健科", 2, 3},
  };
  return list;
}

// Overall stars: a five-star-heavy distribution shifted by the department's quality.
int overall_stars(Lcg& rng, int quality) {
  static const int weights[4][5] = {{10, 14, 22, 30, 24}, {6, 8, 18, 34, 34}, {3, 5, 12, 35, 45}, {1, 2, 7, 30, 60}};
  int roll = rng.below(100), acc = 0;
  for (int s = 0; s < 5; ++s) {
    acc += weights[quality][s];
    if (roll < acc) return s + 1;
  }
  return 5;
}

int near(Lcg& rng, int stars, int bias) {
  int v = stars + rng.below(3) - 1 + bias;
  return std::clamp(v, 1, 5);
}

std::string digits(Lcg& rng, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out.push_back(static_cast<char>('0' + rng.below(10)));
  return out;
}

// An invented resident ID number of 明湖市 (area 440190) with a valid or a wrong check character.
std::string id_number(Lcg& rng, bool valid) {
  std::string first = "440190" + std::to_string(1950 + rng.below(50)) + "0" + std::to_string(1 + rng.below(9)) + "1" +
                      std::to_string(rng.below(9)) + digits(rng, 3);
  char check = gb11643_check_character(first);
  if (!valid) check = check == '0' ? '1' : (check == 'X' ? '0' : static_cast<char>(check == '9' ? '0' : check + 1));
  return first + check;
}

// An invented 19-digit card number whose last digit makes the Luhn check pass.
std::string card_number(Lcg& rng) {
  std::string base = "622848" + digits(rng, 12);
  for (char last = '0'; last <= '9'; ++last)
    if (luhn_valid(base + last)) return base + last;
  return base + '0';
}

std::string comment_for(Lcg& rng, int overall, const std::string& department) {
  static const std::vector<std::string> good = {
      "医生很耐心，把病情和治疗方案解释得很清楚。", "护士态度很好，流程顺畅。", "术前把风险讲得很明白，谢谢团队。",
      "复诊预约很方便，候诊时间不长。", "The doctor explained the risks clearly and answered every question."};
  static const std::vector<std::string> mixed = {"候诊时间有点长，但医生很专业。", "检查排队比较久，希望能优化流程。",
                                                 "医生讲得有些快，没完全听懂用药方法。"};
  static const std::vector<std::string> bad = {"排队两个多小时，医生只看了三分钟。", "收费不透明，问了也没人解释。",
                                               "术后伤口感染，没人及时处理。", "怀疑误诊，换了医院才查出来。",
                                               "Waited four hours and nobody told us what was going on."};
  int kind = rng.below(100);
  if (kind < 12) return "有问题请联系我 170" + digits(rng, 8) + "，希望" + department + "回电。";
  if (kind < 16) return "我的身份证号 " + id_number(rng, true) + "，挂号信息登记错了，请更正。";
  if (kind < 18) return "退费请退到卡号 " + card_number(rng) + "，谢谢。";
  if (kind < 20) return "结果请发邮箱 minghu.patient" + digits(rng, 3) + "@example.com。";
  if (kind < 21) return "请核实身份证 " + id_number(rng, false) + " 的登记信息。";
  const auto& pool = overall >= 4 ? good : overall == 3 ? mixed : bad;
  return pool[static_cast<std::size_t>(rng.below(static_cast<int>(pool.size())))];
}

RequestContext author_context(std::int64_t user_id, const Clock& clock) {
  RequestContext ctx;
  ctx.actor.user_id = user_id;
  ctx.actor.roles = {"patient"};
  ctx.actor.permissions = accounts::permissions_for(ctx.actor.roles);
  ctx.request_id = "system:demo";
  ctx.clock = &clock;
  return ctx;
}

std::vector<ReviewsService::HistoryReview> history(const ReviewsService& service, const modules::DemoDirectory& dir,
                                                   const Clock& clock) {
  Lcg rng{20261207};
  Date today = clock.today();
  std::vector<ReviewsService::HistoryReview> out;
  std::int64_t n = 0;
  for (const auto& d : departments()) {
    auto officer = accounts::demo_context(dir, clock, "officer", "medical_officer", d.hospital);
    for (int i = 0; i < d.reviews; ++i, ++n) {
      ReviewsService::HistoryReview h;
      h.author = author_context(kHistoryAuthorBase + 1 + n, clock);
      h.officer = officer;
      int days_back = 4 + rng.below(360);
      Date care = today.add_days(-days_back);
      h.subject = {dir.org(d.hospital), d.name, care};
      h.at = Timestamp::start_of_shanghai_day(care.add_days(1 + rng.below(3))) + std::chrono::hours(9 + rng.below(10));
      h.review.subject_kind = std::string(kSubjectVisit);
      h.review.subject_id = kHistoryVisitBase + 1 + n;
      h.review.overall = overall_stars(rng, d.quality);
      for (const auto& a : service.parameters().aspects.aspects)
        h.review.scores[a.key] = near(rng, h.review.overall, a.key == "waiting" ? -1 : 0);
      if (rng.chance(35) || h.review.overall <= 2) h.review.comment = comment_for(rng, h.review.overall, d.name);
      // What the medical affairs office did: older tasks are settled, recent ones still open.
      if (days_back > 25) {
        int r = rng.below(100);
        if (r < 70)
          h.follow_up = OutreachAction{"resolve", "已电话回访，患者表示理解，已协调复诊。", std::nullopt};
        else if (r < 85)
          h.follow_up = OutreachAction{"escalate", "患者坚持投诉，已引导至投诉渠道。", std::nullopt};
        else
          h.follow_up = OutreachAction{"contact", "已联系患者，等待科室回复。", std::nullopt};
      }
      out.push_back(std::move(h));
    }
  }
  return out;
}

}  // namespace

void seed_demo_reviews(ReviewsService& service, insurance::VisitPolicyService& visits,
                       disputes::DisputesService& disputes, const modules::DemoDirectory& dir, const Clock& clock) {
  int seeded = demo_ok(service.seed_history(history(service, dir, clock)), "history");

  auto patient = accounts::demo_context(dir, clock, "patient", "patient");
  for (const auto& v : demo_ok(visits.list(patient, 0, 50), "visits"))
    if (v.visit_id == "MH1-MZ-0002") {
      NewReview r{std::string(kSubjectVisit),
                  v.id,
                  2,
                  {},
                  "内科候诊三个小时，医生态度敷衍，没解释检查结果。请回电 17012340001。"};
      for (const auto& a : service.parameters().aspects.aspects) r.scores[a.key] = a.key == "communication" ? 1 : 2;
      demo_ok(service.create(patient, r), "visit review");
    }
  disputes::CaseFilter filter;
  auto cases = demo_ok(disputes.list_cases(patient, filter), "cases");
  if (!cases.empty()) {
    NewReview r{std::string(kSubjectCase),
                cases.back().c.id,
                1,
                {},
                "术后感染至今未愈。我的身份证 440190198807150012 请核实住院登记。"};
    for (const auto& a : service.parameters().aspects.aspects) r.scores[a.key] = 1;
    demo_ok(service.create(patient, r), "case review");
  }
  spdlog::info("demo mode: {} evaluations of history and the demo patient's reviews", seeded);
}

}  // namespace medrisk::reviews
