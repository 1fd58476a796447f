// See server_process.hpp.
#include "support/server_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <httplib.h>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/test_env.hpp"

namespace medrisk::testing {

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

namespace {

pid_t spawn(const std::vector<std::string>& args, const std::filesystem::path& log, int stdin_fd) {
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(out, 1);
    ::dup2(out, 2);
    if (stdin_fd >= 0) ::dup2(stdin_fd, 0);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

ServerProcess::ServerProcess(std::string db_url, std::filesystem::path keys, std::vector<std::string> serve_args)
    : db_url_(std::move(db_url)), keys_(std::move(keys)), serve_args_(std::move(serve_args)) {}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) kill9();
}

void ServerProcess::start() {
  port_ = free_port();
  log_path_ = temp_dir("serverlog") / "server.log";
  std::vector<std::string> args = {binary_path().string(), "--db", db_url_, "--keys", keys_.string(), "serve",
                                   "--port", std::to_string(port_)};
  args.insert(args.end(), serve_args_.begin(), serve_args_.end());
  pid_ = spawn(args, log_path_, -1);
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(std::chrono::milliseconds(200));
  // The demo seeds three years of history (issue 14): a few seconds on an idle machine, far more on a
  // loaded one (on PostgreSQL with six builds running, over 90 s: 240 s).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(240);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("server exited during start-up:\n" + log());
    }
    if (auto res = client.Get("/healthz"); res && res->status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("server did not become healthy:\n" + log());
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ServerProcess::log() const { return slurp(log_path_); }

int run_cli(const std::vector<std::string>& args, std::string& output, const std::string& stdin_text) {
  auto dir = temp_dir("cli");
  auto log = dir / "out.log";
  auto in_path = dir / "in.txt";
  std::ofstream(in_path) << stdin_text;
  int in_fd = ::open(in_path.c_str(), O_RDONLY);
  std::vector<std::string> argv = {binary_path().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  pid_t pid = spawn(argv, log, in_fd);
  ::close(in_fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  output = slurp(log);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace medrisk::testing
