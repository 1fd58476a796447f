// Disputes use case: the institution's officer records the report of a death or serious-harm dispute to the
// health authority (医疗纠纷预防和处理条例 art. 28; reminder figure in data/deadlines/disputes.json).
#include <nlohmann/json.hpp>

#include "modules/disputes/errors.hpp"
#include "modules/disputes/api.hpp"
#include "modules/disputes/store.hpp"

namespace medrisk::disputes {

Result<CaseEvent> DisputesService::report_to_health_authority(const RequestContext& ctx, std::int64_t id,
                                                              const HealthReportInput& in) {
  return db_.write([&](db::Tx& tx) -> Result<CaseEvent> {
    MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, true));
    const Actor& a = ctx.actor;
    if (!a.has_role("medical_officer") || a.organization_id != row.c.institution_org_id)
      return Error::of(std::string(errors::health_authority_report_not_for_role));
    if (!health_authority_report_due(row.c.case_type, *Timestamp::parse(row.c.created_at), params_.deadlines))
      return Error::of(std::string(errors::health_authority_report_not_required), row.c.case_type);
    if (store::has_event_kind(tx, row.c.id, "report_to_health_authority"))
      return Error::of(std::string(errors::health_authority_report_already_made));
    nlohmann::json details{{"authority", in.authority}, {"reference", in.reference}, {"note", in.note}};
    std::string state = row.c.state;
    return after_change(tx, ctx, row, "report_to_health_authority", state, details);
  });
}

}  // namespace medrisk::disputes
