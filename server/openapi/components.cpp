#include "server/openapi/components.hpp"

namespace im::host::openapi {
namespace {

Schema id(std::string_view description = {}) {
  return integer_type(description);
}

Schema user_public() {
  return object_type({{"regisTime", date_f()},
                      {"updateTime", date_f()},
                      {"id", id()},
                      {"account", string_type("mobile number, ^1[3-9]\\d{9}$")},
                      {"avatar", nullable(string_type())},
                      {"email", nullable(string_type())},
                      {"roleId", id()}},
                     {"regisTime", "updateTime", "id", "account", "avatar", "email", "roleId"});
}

Schema user_public_raw() {
  return object_type({{"id", id()},
                      {"account", string_type()},
                      {"avatar", nullable(string_type())},
                      {"email", nullable(string_type())},
                      {"regisTime", date_i()},
                      {"updateTime", date_i()},
                      {"roleId", id()}},
                     {"id", "account", "avatar", "email", "regisTime", "updateTime", "roleId"});
}

Schema permission() {
  return object_type({{"id", id()}, {"name", string_type()}, {"desc", string_type()}},
                     {"id", "name", "desc"});
}

Schema login_data() {
  return all_of(
      {ref("UserPublic"),
       object_type({{"roleName", string_type()},
                    {"roleDesc", string_type()},
                    {"permissions", array_of(ref("Permission"), "ascending id order")},
                    {"token", string_type("the opaque token (UUID v4) for the authorization "
                                          "header; not the JWT")}},
                   {"roleName", "roleDesc", "permissions", "token"})});
}

Schema setting_fields() {
  return object_type({{"createdAt", date_f()},
                      {"updatedAt", date_f()},
                      {"remark", nullable(string_type())},
                      {"astrolabe", boolean_type("starred")},
                      {"block", boolean_type("the caller blocks this friend")}},
                     {"createdAt", "updatedAt", "remark", "astrolabe", "block"});
}

Schema friend_setting() {
  return all_of(
      {object_type({{"id", id()}, {"userId", id("the owner (the caller)")}, {"friendId", id()}},
                   {"id", "userId", "friendId"}),
       setting_fields()});
}

Schema member_row() {
  return object_type({{"createdAt", date_f()},
                      {"updatedAt", date_f()},
                      {"id", id()},
                      {"groupId", id()},
                      {"userId", id()}},
                     {"createdAt", "updatedAt", "id", "groupId", "userId"});
}

Schema group_type() {
  return one_of_values(integer_type("1 = Basic (at most 200 members), 2 = Big (at most 2000)"),
                       {1, 2});
}

Schema group_with(Schema members) {
  return object_type(
      {{"createdAt", date_f()},
       {"updatedAt", date_f()},
       {"id", id()},
       {"name", string_type()},
       {"avatar", nullable(string_type())},
       {"type", group_type()},
       {"creator", id("user id of the creator")},
       {"count", integer_type("number of members")},
       {"members", array_of(std::move(members))}},
      {"createdAt", "updatedAt", "id", "name", "type", "creator", "count", "members"});
}

Schema group_row() {
  return object_type(
      {{"id", id()},
       {"name", string_type()},
       {"avatar", nullable(string_type())},
       {"type", group_type()},
       {"creator", id()},
       {"createdAt", date_i()},
       {"updatedAt", date_i()},
       {"count", integer_type("number of members")}},
      {"id", "name", "avatar", "type", "creator", "createdAt", "updatedAt", "count"});
}

Schema notify() {
  return object_type(
      {{"id", string_type("UUID v4")},
       {"type", one_of_values(integer_type("1 = AddFriend, 2 = DelFriend"), {1, 2})},
       {"sender", id()},
       {"receiver", id()},
       {"status", one_of_values(integer_type("1 Initial, 2 Received, 3 Read, 4 Fulfilled, "
                                             "5 Rejected"),
                                {1, 2, 3, 4, 5})},
       {"timer", integer_type("milliseconds since the epoch")},
       {"remark", nullable(string_type())},
       {"ext", nullable(string_type())},
       {"createdAt", date_i()},
       {"updatedAt", date_i()},
       {"senderInfo.id", id()},
       {"senderInfo.account", string_type()},
       {"senderInfo.avatar", nullable(string_type())},
       {"senderInfo.email", nullable(string_type())},
       {"senderInfo.regisTime", date_i()},
       {"senderInfo.updateTime", date_i()},
       {"senderInfo.roleId", id()}},
      {"id", "type", "sender", "receiver", "status", "timer", "createdAt", "updatedAt"});
}

Schema message() {
  return object_type(
      {{"id", integer_type("64-bit message id")},
       {"msgId", string_type("the client's message id")},
       {"type", string_type("e.g. text")},
       {"sender", id()},
       {"groupId", nullable(id())},
       {"receiver", id("the receiving user, or the group id for group messages")},
       {"content", string_type()},
       {"timer", integer_type("milliseconds since the epoch")},
       {"ext", nullable(string_type())}},
      {"id", "msgId", "type", "sender", "groupId", "receiver", "content", "timer", "ext"});
}

Schema release() {
  return object_type({{"id", id()},
                      {"platform", one_of_values(string_type(), {"macos", "windows"})},
                      {"archs", one_of_values(string_type(), {"x32", "x64", "arm64"})},
                      {"version", string_type()},
                      {"actived", one_of_values(integer_type("0 or 1"), {0, 1})},
                      {"type", one_of_values(string_type(), {"full", "asar"})},
                      {"ext", nullable(string_type())},
                      {"remark", nullable(string_type())},
                      {"forceUpdate", one_of_values(integer_type("0 or 1"), {0, 1})},
                      {"createdAt", date_i()},
                      {"updatedAt", date_i()}},
                     {"id", "platform", "archs", "version", "actived", "type", "forceUpdate",
                      "createdAt", "updatedAt"});
}

Schema error_shape(bool with_error) {
  if (with_error)
    return object_type({{"message", string_type()},
                        {"error", string_type("the reason phrase, e.g. Not Found")},
                        {"statusCode", integer_type()}},
                       {"message", "error", "statusCode"});
  return object_type(
      {{"message", string_type("the reason phrase")}, {"statusCode", integer_type()}},
      {"message", "statusCode"});
}

}  // namespace

boost::json::object shared_schemas() {
  boost::json::object s;
  s["UserPublic"] = user_public();
  s["UserPublicRaw"] = user_public_raw();
  s["Permission"] = permission();
  s["LoginData"] = login_data();
  s["FriendSetting"] = friend_setting();
  s["Friend"] = all_of({ref("UserPublic"), setting_fields()});
  s["GroupMember"] = all_of({ref("UserPublic"), object_type({{"Member", member_row()}})});
  s["GroupCreated"] = group_with(ref("GroupMember"));
  s["GroupWithMembers"] = group_with(ref("UserPublic"));
  s["GroupDetail"] = group_with(ref("UserPublicRaw"));
  s["GroupRow"] = group_row();
  s["Notify"] = notify();
  s["Message"] = message();
  s["OfflineMessage"] =
      all_of({ref("Message"), object_type({{"senderInfo", ref("UserPublic")}}, {"senderInfo"})});
  s["Release"] = release();
  s[kMessageError] = error_shape(true);
  s[kBareError] = error_shape(false);
  s[kGenericError] = object_type({{"statusCode", integer_type()}, {"message", string_type()}},
                                 {"statusCode", "message"});
  return s;
}

}  // namespace im::host::openapi
