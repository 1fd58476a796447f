// The PDF renderer of platform/documents as a reader meets its output (through poppler's pdftotext):
// Chinese text is extractable, long paragraphs and tables continue on the next page with the table
// header repeated, pages are numbered "第 x 页 / 共 y 页", no line starts with closing punctuation, the
// footer carries the content digest, the same inputs give the same bytes, and a character the fonts lack
// is counted (so the "no missing glyphs" checks elsewhere can fail).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "platform/crypto/crypto.hpp"
#include "platform/documents/renderer.hpp"
#include "platform/documents/template.hpp"

namespace medrisk::documents {
namespace {

using nlohmann::json;

std::filesystem::path source_dir() {
  const char* env = std::getenv("MEDRISK_SOURCE_DIR");
  return env && *env ? std::filesystem::path(env) : std::filesystem::current_path();
}

// pdftotext of the given pages (0 = all), UTF-8.
std::string pdf_text(const std::string& pdf, int first = 0, int last = 0) {
  auto dir = std::filesystem::temp_directory_path() / ("medrisk-doc-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto in = dir / "in.pdf", out = dir / "out.txt";
  std::ofstream(in, std::ios::binary) << pdf;
  std::string cmd = "pdftotext -enc UTF-8";
  if (first) cmd += " -f " + std::to_string(first) + " -l " + std::to_string(last);
  cmd += " '" + in.string() + "' '" + out.string() + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream t(out, std::ios::binary);
  std::stringstream s;
  s << t.rdbuf();
  std::filesystem::remove_all(dir);
  return s.str();
}

// pdftotext keeps the glyphs but may space CJK text out; compare without whitespace.
std::string squeeze(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\n' && c != '\t' && c != '\f') out += c;
  return out;
}

DocumentSet test_set() {
  DocumentSet set;
  set.verify_url = "https://verify.example/{{sha256}}";
  set.labels.digest_note = "摘要按模板编号、版本与填写内容计算。";
  return set;
}

Template long_template() {
  return parse_template(json::parse(R"({
    "id": "test_doc", "version": 3, "title": "测试文书", "number_prefix": "测", "source": "unit test",
    "blocks": [
      {"type": "title", "text": "医疗损害赔偿计算书"},
      {"type": "fields", "rows": [["患方", "{{patient}}"], ["医方", "{{hospital}}"]]},
      {"type": "heading", "text": "一、事实"},
      {"type": "paragraph", "text": "{{long}}"},
      {"type": "paragraph", "when": "absent_key", "text": "不应出现的段落"},
      {"type": "table", "rows_from": "items",
       "columns": [{"title": "赔偿项目", "cell": "{{name}}", "width": 2}, {"title": "金额（元）", "cell": "{{amount}}", "align": "right"}],
       "total": ["合计", "{{total}}"]},
      {"type": "signatures", "parties": [{"role": "患方（签名）", "name": "{{patient}}", "date": "日期：2026年3月2日"},
                                         {"role": "医方（盖章）", "name": "{{hospital}}", "date": "日期：2026年3月2日"}]}
    ]})"));
}

json long_values() {
  std::string sentence = "患者术后出现切口感染，经二次手术清创，住院治疗二十一天，产生医疗费、护理费、误工费等损失，";
  std::string text;
  for (int i = 0; i < 40; ++i) text += sentence;
  text += "以上事实，双方无异议。";
  json items = json::array();
  for (int i = 1; i <= 60; ++i)
    items.push_back({{"name", "赔偿项目第" + std::to_string(i) + "项（医疗费）"}, {"amount", "1,234.56"}});
  return {{"patient", "郑晓禾"},
          {"hospital", "明湖市第一人民医院"},
          {"long", text},
          {"items", items},
          {"total", "74,073.60"}};
}

DocumentMeta meta() {
  return {"明湖市医疗纠纷人民调解委员会", "测〔2026〕7号（第1版）", Date::from_ymd(2026, 3, 2).value()};
}

TEST(PdfRenderer, ChineseTextIsExtractableAndLongContentContinuesOnNumberedPages) {
  crypto::init();
  auto pdf = render_pdf(test_set(), long_template(), long_values(), meta());
  ASSERT_GE(pdf.pages, 3) << "40 sentences and 60 rows do not fit on two pages";
  EXPECT_EQ(pdf.unknown_glyphs, 0);
  EXPECT_EQ(pdf.bytes.rfind("%PDF-", 0), 0u);
  std::string all = squeeze(pdf_text(pdf.bytes));
  for (const char* s :
       {"医疗损害赔偿计算书", "郑晓禾", "明湖市第一人民医院", "以上事实，双方无异议。", "赔偿项目第60项（医疗费）",
        "74,073.60", "明湖市医疗纠纷人民调解委员会", "测〔2026〕7号（第1版）"})
    EXPECT_NE(all.find(s), std::string::npos) << s;
  EXPECT_EQ(all.find("不应出现的段落"), std::string::npos) << "a block whose `when` value is absent is left out";
  for (int p = 1; p <= pdf.pages; ++p) {
    std::string page = squeeze(pdf_text(pdf.bytes, p, p));
    EXPECT_NE(page.find("第" + std::to_string(p) + "页/共" + std::to_string(pdf.pages) + "页"), std::string::npos)
        << page;
    EXPECT_NE(page.find(pdf.content_sha256), std::string::npos) << "footer digest on page " << p;
    EXPECT_NE(page.find("测〔2026〕7号"), std::string::npos) << "header on page " << p;
  }
  // The table runs over a page break: the page holding its last row repeats the header.
  std::string last = squeeze(pdf_text(pdf.bytes, pdf.pages, pdf.pages));
  ASSERT_NE(last.find("赔偿项目第60项"), std::string::npos);
  EXPECT_EQ(last.find("赔偿项目第1项（"), std::string::npos);
  EXPECT_NE(last.find("赔偿项目金额（元）"), std::string::npos) << last;
}

TEST(PdfRenderer, NoLineStartsWithClosingPunctuation) {
  crypto::init();
  auto pdf = render_pdf(test_set(), long_template(), long_values(), meta());
  std::istringstream lines(pdf_text(pdf.bytes));
  int checked = 0;
  for (std::string line; std::getline(lines, line);) {
    std::size_t start = line.find_first_not_of(' ');
    if (start == std::string::npos) continue;
    ++checked;
    for (const char* p : {"，", "。", "、", "）", "；", "："})
      EXPECT_NE(line.compare(start, std::strlen(p), p), 0) << line;
  }
  EXPECT_GT(checked, 50);
}

TEST(PdfRenderer, SameInputsGiveTheSameBytesAndChangedInputsOthers) {
  crypto::init();
  auto a = render_pdf(test_set(), long_template(), long_values(), meta());
  auto b = render_pdf(test_set(), long_template(), long_values(), meta());
  EXPECT_EQ(a.bytes, b.bytes);
  EXPECT_EQ(a.pdf_sha256, crypto::sha256_hex(a.bytes));
  auto at = a.bytes.find("/CreationDate");
  ASSERT_NE(at, std::string::npos);
  // The document's date (Asia/Shanghai), not the time of rendering (cairo 1.16 omits the "D:" prefix).
  EXPECT_NE(a.bytes.substr(at, 40).find("20260302000000+08'00"), std::string::npos) << a.bytes.substr(at, 40);
  auto values = long_values();
  values["total"] = "74,073.61";
  auto c = render_pdf(test_set(), long_template(), values, meta());
  EXPECT_NE(c.content_sha256, a.content_sha256);
  EXPECT_NE(c.bytes, a.bytes);
}

TEST(PdfRenderer, TheFooterDigestIsTheHashOfTheCanonicalContent) {
  crypto::init();
  auto t = parse_template(json::parse(
      R"({"id": "t", "version": 2, "title": "x", "number_prefix": "x", "source": "s", "blocks": [{"type": "paragraph", "text": "{{b}}{{a}}"}]})"));
  json values = {{"b", "乙"}, {"a", "甲"}};
  EXPECT_EQ(content_digest(t, values),
            crypto::sha256_hex(R"({"template":"t","values":{"a":"甲","b":"乙"},"version":2})"));
  auto pdf = render_pdf(test_set(), t, values, meta());
  EXPECT_EQ(pdf.verify_url, "https://verify.example/" + pdf.content_sha256);
  EXPECT_NE(squeeze(pdf_text(pdf.bytes)).find("乙甲"), std::string::npos);
}

TEST(PdfRenderer, CountsCharactersTheFontsCannotShow) {
  crypto::init();
  auto t = parse_template(json::parse(
      R"({"id": "t", "version": 1, "title": "x", "number_prefix": "x", "source": "s", "blocks": [{"type": "paragraph", "text": "{{v}}"}]})"));
  // U+13000 EGYPTIAN HIEROGLYPH A001 is in no font of fonts-noto-cjk.
  auto pdf = render_pdf(test_set(), t, {{"v", "患者\xF0\x93\x80\x80"}}, meta());
  EXPECT_GT(pdf.unknown_glyphs, 0);
}

TEST(PdfRenderer, QrCodesCarryTheThreeFinderPatterns) {
  auto qr = qr_encode("https://yixiantong.example.cn/api/v1/document-verifications/" + std::string(64, 'a'));
  ASSERT_GE(qr.size, 29);  // version 3 or more for 100 bytes at level M
  auto finder = [&](int x0, int y0) {
    for (int y = 0; y < 7; ++y)
      for (int x = 0; x < 7; ++x) {
        bool ring = x == 0 || y == 0 || x == 6 || y == 6, core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
        EXPECT_EQ(qr.at(x0 + x, y0 + y), ring || core) << x0 << "," << y0 << " +" << x << "," << y;
      }
  };
  finder(0, 0);
  finder(qr.size - 7, 0);
  finder(0, qr.size - 7);
}

TEST(DocumentTemplates, EveryTemplateInDataLoadsAndNamesItsSource) {
  auto set = load_document_set(source_dir() / "data" / "documents");
  EXPECT_FALSE(set.templates.empty());
  EXPECT_NE(set.verify_url.find("{{sha256}}"), std::string::npos);
  for (const auto& [id, t] : set.templates) {
    EXPECT_FALSE(t.source.empty()) << id;
    EXPECT_FALSE(t.blocks.empty()) << id;
  }
}

}  // namespace
}  // namespace medrisk::documents
