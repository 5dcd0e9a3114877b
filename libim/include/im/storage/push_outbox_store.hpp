// Storage port: the durable outbox of the offline push webhook (docs/operations.md "Offline push
// webhook"). Rows wait here until the webhook answered 2xx or they are too old; several nodes
// share the table through a claim lease, so each due row is sent by one node at a time.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "im/result.hpp"
#include "im/types.hpp"

namespace im {

// One event to send: `key` is unique (a second event with the same key is ignored) and goes out
// as the Idempotency-Key; `body` is the JSON that is signed and posted.
struct PushEvent {
  std::string key;
  std::string body;
};

// A claimed row: `created_at` is when it was enqueued, `attempts` how many posts failed so far.
struct PushOutboxRow {
  std::int64_t id = 0;
  std::string key;
  std::string body;
  int attempts = 0;
  Millis created_at = 0;
};

class PushOutboxStore {
 public:
  virtual ~PushOutboxStore() = default;

  // Inserts the events (due at once), one transaction; a key already waiting is left alone.
  virtual StoreResult<Done> enqueue_push_events(std::span<const PushEvent> events, Millis now) = 0;
  // Claims up to `limit` rows due at `now` whose lease has expired (or that have none) for
  // `claim` until `lease_until`, oldest due first, and returns them. `claim` must be unique per
  // call (node and sequence), as the rows are read back by it.
  virtual StoreResult<std::vector<PushOutboxRow>> claim_push_events(std::string_view claim,
                                                                    Millis now, Millis lease_until,
                                                                    int limit) = 0;
  // Deletes a row this claim holds (delivered, or given up).
  virtual StoreResult<Done> finish_push_event(std::int64_t id, std::string_view claim) = 0;
  // Releases a row this claim holds after a failed post: `attempts`, due again at `next_at`.
  virtual StoreResult<Done> retry_push_event(std::int64_t id, std::string_view claim, int attempts,
                                             Millis next_at) = 0;
  // Rows waiting, claimed or not (for the metrics and tests).
  virtual StoreResult<std::int64_t> count_push_events() = 0;
};

}  // namespace im
