// Engine.IO polling payloads (packets joined by 0x1e, binary ones as b<base64>): decode_payload,
// then encode_payload of the result decoding to the same packets. Not encode(decode(x)) == x:
// base64 with non-zero padding bits decodes, and is re-encoded canonically.
#include "server/socketio/engineio_packet.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

bool same_packets(const std::vector<im::eio::Packet>& a, const std::vector<im::eio::Packet>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].type != b[i].type || a[i].binary != b[i].binary || a[i].view() != b[i].view())
      return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto packets = im::eio::decode_payload(im::fuzz::as_text(data, size));
  if (!packets) return 0;
  im::fuzz::require(!packets->empty(), "a decoded payload has a packet");
  auto again = im::eio::decode_payload(im::eio::encode_payload(*packets));
  im::fuzz::require(again && same_packets(*again, *packets), "decode(encode(packets)) == packets");
  return 0;
}
