// Configuration of the core (what the services need); the host maps its `.env` keys onto it.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace im {

struct EngineConfig {
  std::string secret_key;                   // SECRET_KEY: HS256 key
  std::string user_auth_key = "user_auth";  // USER_AUTH_KEY: token-store key prefix
  std::int64_t default_role_id = 1;         // DEFAULT_ROLE_ID (B11)
  bool require_friendship = true;           // REQUIRE_FRIENDSHIP (J19)
  std::chrono::seconds token_ttl{43200};
  std::chrono::seconds user_cache_ttl{60};
  int bcrypt_cost = 10;

  // S9 login rate limiting.
  std::int64_t login_fail_window_s = 900;
  std::int64_t login_fail_limit_account = 5;
  std::int64_t login_fail_limit_address = 100;
  std::int64_t register_limit_address = 0;

  // Realtime (docs/contract/realtime.md 6.1).
  std::chrono::milliseconds push_ack_timeout{6000};
  // Delivery outcomes wait up to this long to be recorded together (one transaction for many;
  // one lost in a crash counts as a failed delivery, docs/contract/realtime.md 8.2). Reads of the
  // delivery state (the offline pull) flush them first, so no reader sees the delay.
  std::chrono::milliseconds delivery_record_linger{50};
  // Message batches (one transaction, one fsync each) start at most this often; under load a
  // commit then carries every message of the interval. A message arriving at an idle writer is
  // committed at once.
  std::chrono::microseconds message_commit_interval{2000};

  // Per-user send limits (SendLimiter): chat messages per second a user may send, sustained
  // (SEND_RATE_PER_USER, 0 = no limit), and at once after an idle spell (SEND_BURST_PER_USER).
  double send_rate_per_user = 20;
  double send_burst_per_user = 40;

  // How long after sending a message its sender may recall it (RECALL_WINDOW_SECONDS;
  // docs/protocol-extensions.md "Recall and edit").
  std::chrono::seconds recall_window{120};
};

}  // namespace im
