// The extension event of recall and edit (proto/im_ext.proto MessageChange).
#include "im/codec.hpp"
#include "im/wire/im_ext.pb.h"

namespace im::codec {

Bytes encode_message_change(const Message& changed) {
  wire::ext::MessageChange m;
  m.set_id(changed.id);
  m.set_msgid(changed.msg_id);
  m.set_sender(changed.sender);
  if (changed.group_id) m.set_groupid(*changed.group_id);
  m.set_receiver(changed.receiver);
  m.set_seq(changed.seq);
  m.set_state(static_cast<std::int32_t>(changed.state));
  if (changed.state != MessageState::recalled && changed.content) m.set_content(*changed.content);
  m.set_timer(changed.timer);
  return m.SerializeAsString();
}

}  // namespace im::codec
