#include "im/extension_frames.hpp"

#include "im/wire/im_ext.pb.h"

namespace im::ext {

std::optional<TypingIn> decode_typing(std::string_view bytes) {
  wire::ext::Typing m;
  if (bytes.size() > 1024 || !m.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return std::nullopt;
  TypingIn in;
  if (m.has_to()) in.to = m.to();
  if (m.has_groupid()) in.group_id = m.groupid();
  return in;
}

std::string encode_typing(UserId sender, std::optional<UserId> to, std::optional<GroupId> group) {
  wire::ext::Typing m;
  m.set_sender(sender);
  if (to) m.set_to(*to);
  if (group) m.set_groupid(*group);
  return m.SerializeAsString();
}

std::string encode_presence(UserId user, bool online) {
  wire::ext::Presence m;
  m.set_userid(user);
  m.set_online(online);
  return m.SerializeAsString();
}

std::string encode_read_counts(GroupId group, const std::vector<MessageReadCount>& counts) {
  wire::ext::GroupReadCounts m;
  m.set_groupid(group);
  for (const auto& c : counts) {
    auto* one = m.add_counts();
    one->set_id(c.id);
    one->set_readers(c.readers);
  }
  return m.SerializeAsString();
}

}  // namespace im::ext
