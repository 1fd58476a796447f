// Runs the real `medrisk serve` binary as a child process on a free port, for API tests: start,
// wait until /healthz answers, stop with SIGTERM (graceful) or SIGKILL (crash tests).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace medrisk::testing {

class ServerProcess {
 public:
  // `db_url` and `keys` are passed as --db and --keys; extra arguments follow `serve`.
  ServerProcess(std::string db_url, std::filesystem::path keys, std::vector<std::string> serve_args = {"--demo"});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  void start();  // throws when it does not become healthy within 30 s
  int stop();    // SIGTERM, waits; returns the exit status
  void kill9();  // SIGKILL, waits
  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string log() const;

 private:
  std::string db_url_;
  std::filesystem::path keys_;
  std::vector<std::string> serve_args_;
  std::filesystem::path log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// Runs `medrisk ARGS…` to completion; returns the exit code and fills `output` (stdout+stderr).
int run_cli(const std::vector<std::string>& args, std::string& output, const std::string& stdin_text = {});

int free_port();

}  // namespace medrisk::testing
