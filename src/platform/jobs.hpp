// Background work of the server: a job runs now and then every `interval` on its own thread until
// stopped (compliance check, nonce purge, deadline reminders, the bank channel). Exceptions are
// logged and the next run goes ahead.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace medrisk {

class PeriodicJob {
 public:
  PeriodicJob(std::string name, std::chrono::milliseconds interval, std::function<void()> job);
  ~PeriodicJob();
  PeriodicJob(const PeriodicJob&) = delete;
  PeriodicJob& operator=(const PeriodicJob&) = delete;
  void start();
  void stop();
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::chrono::milliseconds interval_;
  std::function<void()> job_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
};

}  // namespace medrisk
