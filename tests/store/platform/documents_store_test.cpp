// The documents register on both databases: issuing the same content again returns the recorded version
// and byte-identical PDF without a new row; changed content is the next version with its own number and
// an audit entry; another resource starts at version 1; only digests are stored, no values.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "platform/audit/audit_log.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/documents/registry.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

class DocumentsStore : public StoreTest {
 protected:
  documents::DocumentSet set = [] {
    documents::DocumentSet s;
    s.verify_url = "https://verify.example/{{sha256}}";
    s.templates.emplace("t", documents::parse_template(json::parse(R"({
      "id": "t", "version": 1, "title": "理赔决定通知书", "number_prefix": "赔通", "source": "test",
      "blocks": [{"type": "title", "text": "理赔决定通知书"}, {"type": "paragraph", "text": "{{who}}：核定赔款{{amount}}元。"}]})")));
    return s;
  }();
  documents::IssuedDocument issue(const std::string& resource_id, const json& values) {
    RequestContext ctx;
    ctx.request_id = "test";
    ctx.clock = &clock;
    return db->write([&](db::Tx& tx) {
      return documents::issue(
          tx, ctx, set,
          {"claim", resource_id, set.find("t"), values, "康泰财产保险明湖分公司", Date::from_ymd(2026, 3, 2).value()});
    });
  }
};

TEST_F(DocumentsStore, SameContentSameVersionAndBytesChangedContentANewVersion) {
  auto first = issue("7", {{"who", "郑晓禾"}, {"amount", "36,000.00"}});
  EXPECT_TRUE(first.created);
  EXPECT_EQ(first.record.version, 1);
  EXPECT_EQ(first.record.document_number, "赔通〔2026〕7号（第1版）");
  EXPECT_EQ(first.record.pdf_sha256, crypto::sha256_hex(first.pdf));

  clock.advance(std::chrono::duration_cast<Timestamp::Duration>(
      std::chrono::hours(30)));  // a later download the next day changes nothing
  auto again = issue("7", {{"who", "郑晓禾"}, {"amount", "36,000.00"}});
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.record.id, first.record.id);
  EXPECT_TRUE(again.pdf == first.pdf) << "byte-identical";

  auto changed = issue("7", {{"who", "郑晓禾"}, {"amount", "36,500.00"}});
  EXPECT_TRUE(changed.created);
  EXPECT_EQ(changed.record.version, 2);
  EXPECT_EQ(changed.record.document_number, "赔通〔2026〕7号（第2版）");
  EXPECT_NE(changed.record.content_sha256, first.record.content_sha256);
  // Back to the first content: its recorded version, not a third one.
  auto back = issue("7", {{"who", "郑晓禾"}, {"amount", "36,000.00"}});
  EXPECT_FALSE(back.created);
  EXPECT_EQ(back.record.version, 1);

  EXPECT_EQ(issue("8", {{"who", "郑晓禾"}, {"amount", "36,000.00"}}).record.version, 1) << "per resource";

  db->read([&](db::Tx& tx) -> int {
    auto versions = documents::versions(tx, "claim", "7", "t");
    EXPECT_EQ(versions.size(), 2u);
    EXPECT_EQ(documents::find_by_digest(tx, first.record.content_sha256).size(), 2u) << "resources 7 and 8";
    audit::Filter f;
    f.action = "document.issue";
    EXPECT_EQ(audit::list(tx, f).size(), 3u) << "one entry per new version";
    // Only digests: the values (a name, an amount) are nowhere in the register.
    std::string dump;
    soci::rowset<soci::row> rows = tx.sql().prepare
                                   << "SELECT resource_type, resource_id, template_id, document_number, "
                                      "content_sha256, pdf_sha256, document_date FROM documents";
    for (const auto& r : rows)
      for (std::size_t i = 0; i < r.size(); ++i) dump += r.get<std::string>(i) + "|";
    EXPECT_EQ(dump.find("郑晓禾"), std::string::npos);
    EXPECT_EQ(dump.find("36,000.00"), std::string::npos);
    return 0;
  });
}

}  // namespace
}  // namespace medrisk::testing
