// The demo province (`medrisk serve --demo`): fictitious organizations of every kind in the invented
// city of 明湖市 (Minghu), Guangdong, and one account per role, all with the password "medrisk-demo".
// No name or number here belongs to a real person or institution.
#include <spdlog/spdlog.h>

#include <soci/soci.h>

#include "modules/accounts/demo.hpp"

namespace medrisk::accounts {
namespace {

struct DemoOrg {
  std::string key, name, kind, region;
  std::optional<std::string> category, grade;
  std::string uscc;  // invented 统一社会信用代码 with a valid GB 32100 check character
};

const std::vector<DemoOrg>& demo_orgs() {
  static const std::vector<DemoOrg> orgs = {
      {"platform", "医险通平台运营中心", "platform", "440000", {}, {}, "91440000572100007T"},
      {"hospital1", "明湖市第一人民医院", "medical_institution", "440000", "general", "3A", "124400005721013179"},
      {"hospital2", "明湖市妇幼保健院", "medical_institution", "440000", "maternal_child", "2A", "12440000572102627J"},
      {"hospital3", "明湖市中医院", "medical_institution", "440000", "tcm", "2B", "12440000572103937U"},
      {"hospital4", "明湖市清溪社区卫生服务中心", "medical_institution", "440000", "primary", "1A", "12440000572105246G"},
      {"insurer1", "安和财产保险明湖分公司", "insurer", "440000", {}, {}, "91440000572106556L"},
      {"insurer2", "康泰财产保险明湖分公司", "insurer", "440000", {}, {}, "91440000572107866X"},
      {"committee", "明湖市医疗纠纷人民调解委员会", "mediation_committee", "440000", {}, {}, "51440000572109175N"},
      {"legal_aid", "明湖市法律援助中心", "legal_aid", "440000", {}, {}, "12440000572110483A"},
      {"pool", "明湖市医学会医疗损害鉴定专家库", "appraisal_pool", "440000", {}, {}, "51440000572111793J"},
      {"regulator", "明湖市卫生健康委员会", "regulator", "440000", {}, {}, "114400005721131076"},
  };
  return orgs;
}

struct DemoUser {
  std::string username, display_name, role, org_key;
  std::optional<std::string> phone;
};

std::vector<DemoUser> demo_users() {
  std::vector<DemoUser> users = {
      {"admin", "平台管理员 林一", "platform_admin", "platform", {}},
      {"officer", "医务科 周明远", "medical_officer", "hospital1", {}},
      {"doctor", "骨科 吴思齐 医师", "clinician", "hospital1", {}},
      {"patient", "患者 郑晓禾", "patient", "", "17012340001"},
      {"patient_minor", "患者 郑小满", "patient", "", {}},  // 郑晓禾's child, 9 years old (invented)
      {"underwriter", "核保 钱雨桐", "underwriter", "insurer1", {}},
      {"adjuster", "理赔 孙嘉木", "adjuster", "insurer1", {}},
      {"adjuster2", "理赔主管 欧阳澄", "adjuster", "insurer1", {}},  // claims supervisor (higher claim authority)
      {"actuary", "精算 李书言", "actuary", "insurer1", {}},
      {"mediator", "调解员 何静安", "mediator", "committee", {}},
      {"lawyer", "法援律师 冯以恒", "lawyer", "legal_aid", {}},
      {"regulator", "监管 陈立青", "regulator", "regulator", {}},
  };
  const char* experts[] = {"韩若谷", "曹文澜", "许知远", "邓清和", "袁修竹", "蒋望舒", "沈听松"};
  for (int i = 0; i < 7; ++i)
    users.push_back({"expert" + std::to_string(i + 1), std::string("专家 ") + experts[i], "expert", "pool", {}});
  return users;
}

}  // namespace

RequestContext demo_context(const modules::DemoDirectory& dir, const Clock& clock, const std::string& username,
                            const std::string& role, const std::string& org_key) {
  RequestContext ctx;
  ctx.actor.user_id = dir.user(username);
  ctx.actor.username = username;
  if (!org_key.empty()) ctx.actor.organization_id = dir.org(org_key);
  if (auto kind = organization_kind_for_role(role)) ctx.actor.organization_kind = std::string(*kind);
  ctx.actor.region_code = "440000";
  ctx.actor.roles = {role};
  ctx.actor.permissions = permissions_for(ctx.actor.roles);
  ctx.request_id = "system:demo";
  ctx.clock = &clock;
  return ctx;
}

void seed_demo_representation(RepresentationService& service, const modules::DemoDirectory& dir, const Clock& clock) {
  auto admin = demo_context(dir, clock, "admin", "platform_admin", "platform");
  NewRepresentation r;
  r.patient_user_id = dir.user("patient_minor");
  r.representative_user_id = dir.user("patient");
  r.basis = "guardian_minor";
  r.valid_from = clock.today().add_days(-30).to_string();
  r.evidence_ref = "出生医学证明 Q440190117（虚构）";
  auto made = service.create(admin, r);
  if (!made.ok()) throw std::runtime_error("demo seed: representation " + made.error().code);
}

bool seed_demo(AccountsService& accounts, db::Database& db, modules::DemoDirectory& dir) {
  int existing = 0;
  db.read([&](db::Tx& tx) {
    tx.sql() << "SELECT COUNT(*) FROM organizations WHERE name = :n", soci::use(demo_orgs().front().name),
        soci::into(existing);
  });
  for (const auto& u : demo_users()) dir.usernames.push_back(u.username);
  if (existing) return false;
  auto& ids = dir.organizations;
  for (const auto& o : demo_orgs()) {
    auto created = accounts.create_organization_as_system({o.name, o.kind, o.region, o.category, o.grade, o.uscc});
    if (!created.ok()) throw std::runtime_error("demo seed: " + created.error().code);
    ids[o.key] = created->id;
  }
  for (const auto& u : demo_users()) {
    NewUser nu{u.username, u.display_name, std::string(kDemoPassword), {u.role},
               u.org_key.empty() ? std::nullopt : std::optional<std::int64_t>(ids.at(u.org_key)), u.phone};
    auto created = accounts.create_user_as_system(nu);
    if (!created.ok()) throw std::runtime_error("demo seed: " + created.error().code + " for " + u.username);
    dir.users[u.username] = created->id;
  }
  return true;
}

}  // namespace medrisk::accounts
