// The delivery bookkeeping rule of docs/contract/realtime.md 8.2, shared by every Storage adapter.
#pragma once

#include "im/types.hpp"

namespace im {

// Applies one per-user outcome of delivering `message` (ok = result 200; a failure is 408, or
// 204 offline per J22) to the receiver's watermark, on 64-bit integers (B5). A NULL lastAck
// counts as 0 (B6) and is written back as a number.
inline void apply_delivery_outcome(MessageAck& ack, MessageId message, bool ok) {
  MessageId a = ack.last_ack.value_or(0);
  auto& e = ack.last_ack_err;
  if (ok) {
    if (!e) {
      if (message > a) a = message;
    } else if (message < *e) {
      a = message;  // may move backwards; harmless
    }
  } else {
    if (!e || message < *e) e = message;
    if (message <= a) a = message - 1;
  }
  ack.last_ack = a;
}

}  // namespace im
