// The frames the Redis bus publishes (binary-safe: a space-separated text header, a newline,
// then the payload bytes untouched).
//   push    P <request id> <reply node> <user id> <event>\n<payload>
//   result  R <request id> <status>\n
//   close   C <origin node> <user id> <token or ->\n         (S7; "-" = every token)
//   session K <origin node> <user id> <session id>\n         (admin API: close one session)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "im/features.hpp"
#include "im/types.hpp"

namespace im::host::redis {

struct BusFrame {
  enum class Kind { push, result, close, signal, close_session } kind = Kind::push;
  std::uint64_t request = 0;
  std::string node;  // push: where the result goes; close: who sent it
  UserId user = 0;
  std::string event;
  int status = 0;
  std::optional<std::string> token;
  Feature feature = Feature::sync;  // signal
  std::string session;              // close_session: the session's id
  std::string payload;
};

std::string encode_push(std::uint64_t request, std::string_view reply_node, UserId user,
                        std::string_view event, std::string_view payload);
std::string encode_result(std::uint64_t request, int status);
std::string encode_close(std::string_view origin, UserId user,
                         const std::optional<std::string>& token);
std::string encode_signal(UserId user, Feature feature, std::string_view event,
                          std::string_view payload);
std::string encode_close_session(std::string_view origin, UserId user, std::string_view session);
// nullopt for anything malformed (another program on the channel, a newer version).
std::optional<BusFrame> decode_frame(std::string_view bytes);

}  // namespace im::host::redis
