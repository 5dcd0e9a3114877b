// The offline push webhook's outbox (docs/operations.md "Offline push webhook"): events are
// stored first (PushOutboxStore, the same database as the messages), then one sender thread per
// node claims the due rows with a lease, signs and posts each through the PushSender port,
// deletes it on 2xx and otherwise schedules it again (PushRetrySchedule) until it is too old.
// At least once: a row goes only after a 2xx, and survives a restart or a dead node (its lease
// runs out and another node takes it). The receiver deduplicates by the Idempotency-Key.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "im/clock.hpp"
#include "im/push_sender.hpp"
#include "im/result.hpp"
#include "im/services/push_retry.hpp"
#include "im/storage/push_outbox_store.hpp"

namespace im {

class PushOutbox {
 public:
  struct Options {
    std::string secret;   // signs every body (X-IM-Signature); empty = no signature header
    bool preview = true;  // events carry a preview of the text
    PushRetrySchedule retry;
    // How often the sender looks for due rows when nothing woke it: retries, and the rows
    // other nodes enqueued or left behind.
    std::chrono::milliseconds poll_interval{1000};
    // The longest one post can take (the PushSender's timeout): a claim lasts `batch` of them
    // plus a margin, so a row is never posted twice at once by two live nodes.
    std::chrono::milliseconds post_timeout{10000};
    int batch = 16;  // rows claimed at once
  };

  PushOutbox(PushOutboxStore& store, PushSender& sender, Clock& clock, Options options);
  // stop().
  ~PushOutbox();
  PushOutbox(const PushOutbox&) = delete;
  PushOutbox& operator=(const PushOutbox&) = delete;

  bool preview() const { return options_.preview; }

  // Stores the events (a blocking storage call: not on an I/O thread) and wakes the sender;
  // false (logged) when the storage failed.
  bool enqueue(std::span<const PushEvent> events);

  // Starts the sender thread.
  void start();
  // Joins the sender thread after its current post; rows it had claimed but not posted are
  // released for whoever comes next. Idempotent.
  void stop();

  // One round on the calling thread (what the sender thread repeats): claims the due rows,
  // posts them, finishes or reschedules each. Returns how many rows it claimed.
  int send_due();

 private:
  void run();
  // Posts one claimed row and records the answer.
  void send(const PushOutboxRow& row, const std::string& claim);
  void release(const PushOutboxRow& row, const std::string& claim);  // unposted, due now
  bool stopping();

  PushOutboxStore& store_;
  PushSender& sender_;
  Clock& clock_;
  Options options_;
  const std::string node_;  // this process' claim prefix
  std::uint64_t claims_ = 0;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace im
