// The PushSender port: posts one signed webhook event (docs/operations.md "Offline push
// webhook"). The host implements it over HTTP(S) to the configured URL only; the event never
// names where it goes, so no user input ever chooses a host.
#pragma once

#include <string>

namespace im {

struct PushRequest {
  const std::string& key;        // Idempotency-Key
  const std::string& body;       // application/json
  const std::string& signature;  // X-IM-Signature
};

class PushSender {
 public:
  virtual ~PushSender() = default;
  // Blocks until answered or timed out: the HTTP status, or 0 when nothing usable came back
  // (no connection, TLS failure, timeout). Called from one thread at a time.
  virtual int post(const PushRequest& request) = 0;
  // Ends a post() in progress at once (it returns 0) and every later one: a stop must not wait
  // for a slow endpoint. Called from another thread. The default has nothing to end.
  virtual void cancel() {}
};

}  // namespace im
