// The batching writer (design.md "Threading and performance rules"): one dedicated thread
// collects pending message appends and stores up to `max_batch` of them with one
// MessageStore::append_messages call (group commit), and likewise records delivery outcomes many
// per transaction (MessageStore::record_deliveries), so throughput follows the database's batch
// rate, not its commit latency. One thread also serialises every receiver's bookkeeping
// (docs/contract/realtime.md 8.2), including the periodic sweep of pending records that nobody will
// ever resolve.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "im/clock.hpp"
#include "im/storage/message_store.hpp"
#include "im/storage/push_outbox_store.hpp"

namespace im {

class MessageWriter {
 public:
  // Called in input order once the row is durable (or failed): on the writer thread, or through
  // the completion executor when one is set.
  using Done = std::function<void(StoreResult<MessageId>)>;
  // Runs a function elsewhere (e.g. posts it to the host's I/O threads).
  using Executor = std::function<void(std::function<void()>)>;

  struct Options {
    std::size_t max_batch = 256;
    // With a value > 0, every `abandoned_after` / 2 the pending-delivery records queued longer
    // ago than that are recorded as failed (their node died while sharing the database).
    std::chrono::seconds abandoned_after{0};
    // Delivery outcomes wait up to this long to share one transaction (0 = record at once). An
    // outcome lost in a crash counts as a failed delivery, so waiting costs no message
    // (docs/contract/realtime.md 8.2); flush() records them at once.
    std::chrono::milliseconds outcome_linger{0};
    // Message batches start at most this often (0 = whenever the previous one is done): under
    // load a commit (an fsync) then carries every message of the interval, while a lone
    // message on an idle writer is committed at once.
    std::chrono::microseconds commit_interval{0};
    // Where the Done callbacks of one committed batch run, together as one task (one hand-off
    // per batch instead of one per message); empty = on the writer thread.
    Executor completions;
    // Messages waiting for their batch, at most (0 = no limit): past it append() fails at once
    // with StoreErrc::unavailable, as if the database were down, instead of growing memory
    // while the database falls behind.
    std::size_t max_queued = 0;
    // Where the push events of receivers nobody could reach go, on the writer thread right after
    // their outcomes are recorded (PushOutbox::enqueue); empty = the offline push is off.
    std::function<void(std::span<const PushEvent>)> offline_pushes;
  };

  MessageWriter(MessageStore& store, Clock& clock, Options options);
  MessageWriter(MessageStore& store, Clock& clock, std::size_t max_batch = 256,
                std::chrono::seconds abandoned_after = std::chrono::seconds{0});
  // Stores what is still queued, then joins the thread.
  ~MessageWriter();
  MessageWriter(const MessageWriter&) = delete;
  MessageWriter& operator=(const MessageWriter&) = delete;

  // Past Options::max_queued, `done` gets StoreErrc::unavailable at once (through the
  // completion executor when one is set).
  void append(Message message, Done done);
  // Runs the checks that decide whether a message is stored: on the writer thread, just before
  // its batch, returning the row to store or nullopt (then `done` is not called; the check
  // answered the sender itself). Saves a hand-off per message where storage reads are cheap
  // and local (the embedded SQLite store).
  using Admit = std::function<std::optional<Message>()>;
  void append(Admit admit, Done done);
  // Queues one delivery outcome; recorded in order with the others of its batch.
  void record(DeliveryOutcome outcome);
  // The same, for a receiver no device of which was reached: `push` goes to
  // Options::offline_pushes after the outcome is recorded.
  void record(DeliveryOutcome outcome, PushEvent push);
  // Blocks until every append and outcome queued before the call is stored. Not from the
  // writer thread (a Done callback run there).
  void flush();

 private:
  struct Pending {
    Message message;
    Done done;
    Admit admit;  // when set, it decides (and yields) `message` on the writer thread
  };
  void run();
  void admit(std::deque<Pending>& batch);  // runs the admission checks, drops the refused
  void store(std::deque<Pending>& batch);
  void store(std::vector<DeliveryOutcome>& outcomes);
  void recover_abandoned();
  void enqueue(Pending pending);
  void refuse(Done done);  // not under mutex_: `done` may run at once
  bool due(std::size_t queued, std::chrono::steady_clock::time_point at) const;  // under mutex_
  bool batch_due() const;                                                        // under mutex_
  bool outcomes_due() const;                                                     // under mutex_

  MessageStore& store_;
  Clock& clock_;
  Options options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable flushed_;
  std::deque<Pending> queue_;
  std::vector<DeliveryOutcome> outcomes_;
  std::vector<PushEvent> pushes_;  // of the offline outcomes in outcomes_
  std::chrono::steady_clock::time_point outcomes_due_at_;
  std::chrono::steady_clock::time_point last_commit_;  // when the latest message batch started
  std::uint64_t flush_requests_ = 0;                   // flush() calls so far
  std::uint64_t flushes_done_ = 0;                     // of those, how many the writer has answered
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace im
