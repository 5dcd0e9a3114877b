// Engine.IO v4 packets and polling payloads (docs/contract/realtime.md 2.3-2.5). Pure functions, no
// I/O.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace im::eio {

enum class PacketType : char {
  open = '0',
  close = '1',
  ping = '2',
  pong = '3',
  message = '4',
  upgrade = '5',
  noop = '6',
};

// One packet. Outgoing binary data is usually shared between many connections (fan-out), so the
// data may live in `shared` instead of `data`.
struct Packet {
  PacketType type = PacketType::message;
  bool binary = false;  // binary message packet (raw bytes, no type digit on the wire)
  std::string data;
  std::shared_ptr<const std::string> shared;

  std::string_view view() const { return shared ? std::string_view(*shared) : data; }

  static Packet text(PacketType type, std::string data = {}) {
    return {type, false, std::move(data), {}};
  }
  static Packet bytes(std::shared_ptr<const std::string> data) {
    return {PacketType::message, true, {}, std::move(data)};
  }
};

// A text packet: one type digit and its data (a websocket text frame, a payload element).
std::optional<Packet> parse_text(std::string_view text);
// The text form of a non-binary packet (type digit + data).
std::string encode_text(const Packet& packet);

// Polling payloads: packets joined by '\x1e', binary ones as 'b' + base64.
std::string encode_payload(const std::vector<Packet>& packets);
std::optional<std::vector<Packet>> decode_payload(std::string_view payload);

}  // namespace im::eio
