// PeriodicJob (see jobs.hpp).
#include "platform/jobs.hpp"

#include <spdlog/spdlog.h>

namespace medrisk {

PeriodicJob::PeriodicJob(std::string name, std::chrono::milliseconds interval, std::function<void()> job)
    : name_(std::move(name)), interval_(interval), job_(std::move(job)) {}

PeriodicJob::~PeriodicJob() {
  stop();
}

void PeriodicJob::start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      try {
        job_();
      } catch (const std::exception& e) {
        spdlog::error("{}: {}", name_, e.what());
      }
      lock.lock();
      cv_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  });
}

void PeriodicJob::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace medrisk
