// The protobuf frames of typing, presence and the pushed read counts (proto/im_ext.proto,
// docs/protocol-extensions.md), on top of the protoc-generated classes. Internal: shared with
// the Node binding, whose core.typing encodes a Typing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "im/read_count_pusher.hpp"
#include "im/types.hpp"

namespace im::ext {

// A client's Typing: the target, `sender` ignored.
struct TypingIn {
  std::optional<UserId> to;
  std::optional<GroupId> group_id;
};
// nullopt when `bytes` are not a Typing.
std::optional<TypingIn> decode_typing(std::string_view bytes);

std::string encode_typing(UserId sender, std::optional<UserId> to, std::optional<GroupId> group);
std::string encode_presence(UserId user, bool online);
std::string encode_read_counts(GroupId group, const std::vector<MessageReadCount>& counts);

}  // namespace im::ext
