#include "server/socketio/socketio_packet.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace im::sio {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The payload each type may carry (socket.io-parser's isPayloadValid).
bool payload_fits(const Packet& p) {
  const auto& d = p.data;
  switch (p.type) {
    case PacketType::connect:
      return !d || d->is_object();
    case PacketType::disconnect:
      return !d;
    case PacketType::connect_error:
      return d && (d->is_object() || d->is_string());
    case PacketType::event:
    case PacketType::binary_event:
      return d && d->is_array() && !d->as_array().empty() &&
             (d->as_array()[0].is_string() || d->as_array()[0].is_int64() ||
              d->as_array()[0].is_uint64());
    case PacketType::ack:
    case PacketType::binary_ack:
      return d && d->is_array();
  }
  return false;
}

std::optional<std::size_t> placeholder_index(const boost::json::value& v) {
  if (!v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  auto ph = o.if_contains("_placeholder");
  auto num = o.if_contains("num");
  if (!ph || !ph->is_bool() || !ph->as_bool() || !num) return std::nullopt;
  if (num->is_int64() && num->as_int64() >= 0) return static_cast<std::size_t>(num->as_int64());
  if (num->is_uint64()) return static_cast<std::size_t>(num->as_uint64());
  return std::nullopt;
}

std::vector<Arg> args_from(const Packet& p, std::size_t skip) {
  std::vector<Arg> out;
  if (!p.data || !p.data->is_array()) return out;
  const auto& arr = p.data->as_array();
  for (std::size_t i = skip; i < arr.size(); ++i) {
    auto idx = placeholder_index(arr[i]);
    if (idx && *idx < p.buffers.size()) {
      out.push_back(Arg{true, p.buffers[*idx], {}, {}});
    } else {
      out.push_back(Arg::value(arr[i]));
    }
  }
  return out;
}

}  // namespace

std::string encode(const Packet& p) {
  std::string out;
  out += static_cast<char>('0' + static_cast<int>(p.type));
  if (p.type == PacketType::binary_event || p.type == PacketType::binary_ack) {
    out += std::to_string(p.attachments);
    out += '-';
  }
  if (p.nsp != "/") {
    out += p.nsp;
    out += ',';
  }
  if (p.id) out += std::to_string(*p.id);
  if (p.data) out += boost::json::serialize(*p.data);
  return out;
}

std::optional<Packet> parse(std::string_view s) {
  if (s.empty() || s[0] < '0' || s[0] > '6') return std::nullopt;
  Packet p;
  p.type = static_cast<PacketType>(s[0] - '0');
  std::size_t i = 1;
  if (p.type == PacketType::binary_event || p.type == PacketType::binary_ack) {
    std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start || i >= s.size() || s[i] != '-' || i - start > 3) return std::nullopt;
    p.attachments = std::stoul(std::string(s.substr(start, i - start)));
    if (p.attachments > kMaxAttachments) return std::nullopt;
    ++i;
  }
  if (i < s.size() && s[i] == '/') {
    std::size_t comma = s.find(',', i);
    std::size_t end = comma == std::string_view::npos ? s.size() : comma;
    p.nsp = std::string(s.substr(i, end - i));
    i = comma == std::string_view::npos ? s.size() : comma + 1;
  }
  {
    std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i > start) {
      if (i - start > 15) return std::nullopt;  // beyond any id a client counts to
      p.id = std::stoull(std::string(s.substr(start, i - start)));
    }
  }
  if (i < s.size()) {
    boost::system::error_code ec;
    auto v = boost::json::parse(s.substr(i), ec);
    if (ec) return std::nullopt;
    p.data = std::move(v);
  }
  if (!payload_fits(p)) return std::nullopt;
  return p;
}

boost::json::value placeholder(std::size_t num) {
  return boost::json::object{{"_placeholder", true}, {"num", num}};
}

std::optional<std::string> event_name(const Packet& p) {
  if (!p.data || !p.data->is_array() || p.data->as_array().empty()) return std::nullopt;
  const auto& first = p.data->as_array()[0];
  if (!first.is_string()) return std::nullopt;
  return std::string(first.as_string());
}

std::vector<Arg> event_args(const Packet& p) {
  return args_from(p, 1);
}

std::vector<Arg> ack_args(const Packet& p) {
  return args_from(p, 0);
}

Decoder::Status Decoder::feed_text(std::string_view text) {
  // A text packet while attachments are still expected is a protocol error (3.1).
  if (awaiting_attachments()) return Status::error;
  auto p = parse(text);
  if (!p) return Status::error;
  current_ = std::move(*p);
  return awaiting_attachments() ? Status::need_more : Status::packet;
}

Decoder::Status Decoder::feed_binary(std::string bytes) {
  if (!awaiting_attachments()) return Status::error;  // an attachment nobody announced
  current_->buffers.push_back(std::move(bytes));
  return awaiting_attachments() ? Status::need_more : Status::packet;
}

}  // namespace im::sio
