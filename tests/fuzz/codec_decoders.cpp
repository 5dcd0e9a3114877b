// The protobuf decoders of every realtime message type (libim codec): each one reads the same
// input; whatever one accepts must come back unchanged through its encoder (decode(encode(v))
// == v), since the decoded structs hold exactly what the encoders write.
#include "im/codec.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

template <class Decode>
void round_trip(std::string_view bytes, Decode decode, const char* invariant) {
  auto value = decode(bytes);
  if (!value) return;
  auto again = decode(im::codec::encode(*value));
  im::fuzz::require(again && *again == *value, invariant);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace codec = im::codec;
  auto bytes = im::fuzz::as_text(data, size);
  round_trip(bytes, codec::decode_ack, "AckMessage round-trips");
  round_trip(bytes, codec::decode_message_up, "MessageUp round-trips");
  round_trip(bytes, codec::decode_message_down, "MessageDown round-trips");
  round_trip(bytes, codec::decode_message_read, "MessageRead round-trips");
  round_trip(bytes, codec::decode_notify, "Notify round-trips");
  round_trip(bytes, codec::decode_sender, "Sender round-trips");
  return 0;
}
