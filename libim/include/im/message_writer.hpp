// The batching writer (design.md "Threading and performance rules"): one dedicated thread
// collects pending message appends and stores up to `max_batch` of them with one
// Storage::append_messages call (group commit), and likewise records delivery outcomes many per
// transaction (Storage::record_deliveries), so throughput follows the database's batch rate, not
// its commit latency. One thread also serialises every receiver's bookkeeping (realtime.md 8.2),
// including the periodic sweep of pending records that nobody will ever resolve.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "im/clock.hpp"
#include "im/storage.hpp"

namespace im {

class MessageWriter {
 public:
  // Called on the writer thread, in input order, once the row is durable (or failed).
  using Done = std::function<void(StoreResult<MessageId>)>;

  // With `abandoned_after` > 0, every `abandoned_after` / 2 the pending-delivery records queued
  // longer ago than that are recorded as failed (their node died while sharing the database).
  MessageWriter(Storage& storage, Clock& clock, std::size_t max_batch = 256,
                std::chrono::seconds abandoned_after = std::chrono::seconds{0});
  // Stores what is still queued, then joins the thread.
  ~MessageWriter();
  MessageWriter(const MessageWriter&) = delete;
  MessageWriter& operator=(const MessageWriter&) = delete;

  void append(Message message, Done done);
  // Queues one delivery outcome; recorded in order with the others of its batch.
  void record(DeliveryOutcome outcome);

 private:
  struct Pending {
    Message message;
    Done done;
  };
  void run();
  void store(std::deque<Pending>& batch);
  void store(std::vector<DeliveryOutcome>& outcomes);
  void recover_abandoned();

  Storage& storage_;
  Clock& clock_;
  std::size_t max_batch_;
  std::chrono::seconds abandoned_after_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  std::vector<DeliveryOutcome> outcomes_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace im
