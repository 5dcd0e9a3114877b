// Engine.IO text packets (a websocket text frame, one element of a polling payload): parse_text,
// and encode_text giving the same text back, since the packet keeps its data verbatim.
#include "server/socketio/engineio_packet.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = im::fuzz::as_text(data, size);
  auto packet = im::eio::parse_text(text);
  if (packet) im::fuzz::require(im::eio::encode_text(*packet) == text, "encode(parse(x)) == x");
  return 0;
}
