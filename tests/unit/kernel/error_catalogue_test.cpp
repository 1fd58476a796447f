// Error catalogue: every kernel error code has a kind and real messages, kinds map to the HTTP
// status that means what it says, and a broken or duplicated entry stops start-up.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include "kernel/error_catalogue.hpp"
#include "unit/kernel/kernel_test_support.hpp"

namespace medrisk {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the system temp dir, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() / ("medrisk-kernel-" + std::string(info->name()) + "-" +
                                         std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path_ / name) << text; }

 private:
  fs::path path_;
};

std::string read(const fs::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const char* kEntry = R"({"kind": "conflict", "zh-CN": "保单已存在。", "en-US": "The policy already exists."})";

std::string load_error(const TempDir& dir) {
  ErrorCatalogue catalogue;
  try {
    catalogue.load_directory(dir.path());
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(ErrorKind, MapsToHttpStatuses) {
  const std::pair<const char*, int> cases[] = {
      {"invalid_input", 400}, {"unauthenticated", 401}, {"forbidden", 403},         {"not_found", 404},
      {"conflict", 409},      {"too_large", 413},       {"rule_violated", 422},     {"too_many_requests", 429},
      {"unavailable", 503},   {"internal", 500},
  };
  for (const auto& [name, status] : cases) {
    ErrorKind kind{};
    ASSERT_TRUE(parse_error_kind(name, kind)) << name;
    EXPECT_EQ(http_status(kind), status) << name;
    EXPECT_EQ(to_string(kind), name);
  }
  ErrorKind kind{};
  EXPECT_FALSE(parse_error_kind("teapot", kind));
}

TEST(ErrorCatalogue, KernelCodesAllHaveEntries) {
  TempDir dir;
  fs::copy_file(test::source_dir() / "data/errors/kernel.json", dir.path() / "kernel.json");
  ErrorCatalogue catalogue;
  catalogue.load_directory(dir.path());

  std::string header = read(test::source_dir() / "src/kernel/errors.hpp");
  std::regex declared(R"re(= "([a-z0-9_]+)";)re");
  int count = 0;
  for (std::sregex_iterator it(header.begin(), header.end(), declared), end; it != end; ++it, ++count) {
    std::string code = (*it)[1];
    ASSERT_TRUE(catalogue.contains(code)) << code;
    EXPECT_FALSE(catalogue.find(code).zh_cn.empty());
    EXPECT_NE(catalogue.find(code).zh_cn, catalogue.find(code).en_us) << code;
  }
  EXPECT_GT(count, 10);
  EXPECT_EQ(std::size_t(count), catalogue.all().size()) << "an entry in kernel.json has no constant";
  EXPECT_EQ(http_status(catalogue.find("invalid_money_format").kind), 400);
}

TEST(ErrorCatalogue, LoadsEveryJsonFileAndPicksTheLanguage) {
  TempDir dir;
  dir.write("policies.json", std::string(R"({"policy_already_exists": )") + kEntry + "}");
  dir.write("README.md", "not an error file");
  ErrorCatalogue catalogue;
  catalogue.load_directory(dir.path());
  const ErrorInfo& info = catalogue.find("policy_already_exists");
  EXPECT_EQ(http_status(info.kind), 409);
  EXPECT_EQ(info.message("zh-CN"), "保单已存在。");
  EXPECT_EQ(info.message("en-US"), "The policy already exists.");
  EXPECT_EQ(info.message("en"), "The policy already exists.");
  EXPECT_EQ(info.message(""), "保单已存在。");
  // An unknown code is a bug; it still yields a safe 500 message.
  EXPECT_FALSE(catalogue.contains("no_such_code"));
  EXPECT_EQ(http_status(catalogue.find("no_such_code").kind), 500);
}

TEST(ErrorCatalogue, DuplicateCodeAcrossFilesNamesFileAndCode) {
  TempDir dir;
  dir.write("a.json", std::string(R"({"policy_already_exists": )") + kEntry + "}");
  dir.write("b.json", std::string(R"({"policy_already_exists": )") + kEntry + "}");
  std::string error = load_error(dir);
  EXPECT_NE(error.find("b.json"), std::string::npos) << error;
  EXPECT_NE(error.find("policy_already_exists"), std::string::npos) << error;
}

TEST(ErrorCatalogue, DuplicateCodeInOneFileIsCaught) {
  TempDir dir;
  dir.write("a.json", std::string(R"({"x_taken": )") + kEntry + R"(, "x_taken": )" + kEntry + "}");
  std::string error = load_error(dir);
  EXPECT_NE(error.find("a.json"), std::string::npos) << error;
  EXPECT_NE(error.find("x_taken"), std::string::npos) << error;
}

TEST(ErrorCatalogue, MalformedFilesAreRefused) {
  const std::pair<const char*, const char*> cases[] = {
      {"not JSON", "{"},
      {"top level an array", "[]"},
      {"entry not an object", R"({"c": "text"})"},
      {"unknown kind", R"({"c": {"kind": "teapot", "zh-CN": "甲", "en-US": "a"}})"},
      {"missing kind", R"({"c": {"zh-CN": "甲", "en-US": "a"}})"},
      {"missing en-US", R"({"c": {"kind": "conflict", "zh-CN": "甲"}})"},
      {"empty zh-CN", R"({"c": {"kind": "conflict", "zh-CN": "", "en-US": "a"}})"},
  };
  for (const auto& [scenario, text] : cases) {
    TempDir dir;
    dir.write("bad.json", text);
    std::string error = load_error(dir);
    EXPECT_NE(error.find("bad.json"), std::string::npos) << scenario << ": " << error;
  }
  ErrorCatalogue catalogue;
  EXPECT_THROW(catalogue.load_directory("/nonexistent/errors"), std::runtime_error);
  catalogue.add("c", ErrorInfo{});
  EXPECT_THROW(catalogue.add("c", ErrorInfo{}), std::runtime_error);
}

}  // namespace
}  // namespace medrisk
