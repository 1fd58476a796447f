// Business time comes from an injected Clock so that deadlines, expiries and reminders can be tested
// at any instant: production uses SystemClock, tests a ManualClock they move by hand.
#pragma once

#include <atomic>
#include <cstdint>

#include "kernel/date.hpp"

namespace medrisk {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
  // Today's civil date in China, the date deadlines are counted from.
  Date today() const { return now().shanghai_date(); }
};

class SystemClock final : public Clock {
 public:
  Timestamp now() const override;
};

// Thread-safe so that a test can move time while server threads read it.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : micros_(start.micros()) {}
  Timestamp now() const override { return Timestamp::from_micros(micros_.load()); }
  void set(Timestamp t) { micros_.store(t.micros()); }
  void advance(Timestamp::Duration d) { micros_.fetch_add(d.count()); }

 private:
  std::atomic<std::int64_t> micros_;
};

}  // namespace medrisk
