// Socket.IO packets with binary attachments, as the server reads them from Engine.IO messages:
// the input is a sequence of frames separated by 0x1e; a frame starting with 'B' is a binary
// message (the rest are its bytes), any other a text message. Frames go through the real
// Decoder; each complete packet is taken apart as the endpoint does (event name, arguments with
// placeholders replaced by attachments). Text packets must also survive encode -> parse.
#include <cmath>
#include <utility>
#include <vector>

#include <boost/json/serialize.hpp>

#include "server/socketio/socketio_packet.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using im::fuzz::require;
namespace sio = im::sio;

// Equal JSON, except that numbers need only be of the same kind: Boost.JSON 1.81 parses long
// decimals to a neighbouring double (1.0000000000000001E127 comes back as 1E127).
bool same_shape(const boost::json::value& a, const boost::json::value& b) {
  std::vector<std::pair<const boost::json::value*, const boost::json::value*>> todo{{&a, &b}};
  while (!todo.empty()) {
    auto [x, y] = todo.back();
    todo.pop_back();
    if (x->kind() != y->kind()) return false;
    if (x->is_array()) {
      const auto &xs = x->as_array(), &ys = y->as_array();
      if (xs.size() != ys.size()) return false;
      for (std::size_t i = 0; i < xs.size(); ++i) todo.emplace_back(&xs[i], &ys[i]);
    } else if (x->is_object()) {
      const auto &xs = x->as_object(), &ys = y->as_object();
      if (xs.size() != ys.size()) return false;
      for (auto i = xs.begin(), j = ys.begin(); i != xs.end(); ++i, ++j) {
        if (i->key() != j->key()) return false;
        todo.emplace_back(&i->value(), &j->value());
      }
    } else if (!x->is_number() && *x != *y) {
      return false;
    }
  }
  return true;
}

// Boost.JSON 1.81 reads a number beyond the double range as infinity and writes it back as
// `Infinity`, which is not JSON: such packets cannot round-trip (the server never re-encodes
// what a client sent).
bool has_non_finite(const boost::json::value& root) {
  std::vector<const boost::json::value*> todo{&root};
  while (!todo.empty()) {
    const auto* v = todo.back();
    todo.pop_back();
    if (v->is_double() && !std::isfinite(v->get_double())) return true;
    if (v->is_array())
      for (const auto& e : v->as_array()) todo.push_back(&e);
    if (v->is_object())
      for (const auto& kv : v->as_object()) todo.push_back(&kv.value());
  }
  return false;
}

void check_reencoding(std::string_view text) {
  auto packet = sio::parse(text);
  if (!packet || (packet->data && has_non_finite(*packet->data))) return;
  auto again = sio::parse(sio::encode(*packet));
  require(again.has_value(), "parse(encode(parse(x))) succeeds");
  require(again->type == packet->type && again->nsp == packet->nsp && again->id == packet->id &&
              again->attachments == packet->attachments &&
              again->data.has_value() == packet->data.has_value() &&
              (!packet->data || same_shape(*again->data, *packet->data)),
          "a packet survives encode -> parse");
}

void inspect(const sio::Packet& packet) {
  require(packet.buffers.size() == packet.attachments, "a complete packet has every attachment");
  bool is_ack = packet.type == sio::PacketType::ack || packet.type == sio::PacketType::binary_ack;
  auto args = is_ack ? sio::ack_args(packet) : sio::event_args(packet);
  if (!is_ack) (void)sio::event_name(packet);
  for (const auto& arg : args) {
    if (!arg.binary) (void)boost::json::serialize(arg.json);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto input = im::fuzz::as_text(data, size);
  sio::Decoder decoder;
  while (true) {
    auto end = input.find('\x1e');
    auto frame = input.substr(0, end);
    sio::Decoder::Status status;
    if (!frame.empty() && frame[0] == 'B') {
      status = decoder.feed_binary(std::string(frame.substr(1)));
    } else {
      check_reencoding(frame);
      status = decoder.feed_text(frame);
    }
    if (status == sio::Decoder::Status::packet) inspect(decoder.take());
    // The server closes the connection on a protocol error; a new one starts afresh.
    if (status == sio::Decoder::Status::error) decoder = sio::Decoder{};
    if (end == std::string_view::npos) break;
    input.remove_prefix(end + 1);
  }
  return 0;
}
