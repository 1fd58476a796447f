// A fixed set of worker threads with a bounded queue, for handlers that block (database, Argon2id).
// try_post refuses instead of queueing without bound, so overload becomes a fast 503, not latency.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace medrisk::http {

class WorkerPool {
 public:
  WorkerPool(std::size_t threads, std::size_t queue_limit);
  ~WorkerPool();  // shutdown()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job` unless `queue_limit` jobs are already waiting or the pool is shut down.
  // A job must not throw (an escaping exception is swallowed).
  bool try_post(std::function<void()> job);
  // Refuses new jobs, runs the ones already queued, joins the threads. Idempotent.
  void shutdown();

  std::size_t queued() const;
  std::size_t busy() const;

 private:
  void work();

  const std::size_t queue_limit_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  std::size_t busy_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace medrisk::http
