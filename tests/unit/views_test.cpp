// The JSON views against the golden bodies of docs/contract/http-api.md (TZ=UTC, set by ctest).
#include <catch2/catch.hpp>

#include <boost/json/serialize.hpp>

#include "server/json/views.hpp"

using namespace im;
using boost::json::serialize;

namespace {

constexpr Seconds k183835 = 1795720715;  // 2026-11-26T19:18:35Z
constexpr Seconds k183837 = 1795720717;
constexpr Seconds k183838 = 1795720718;

User user_a() {
  User u;
  u.id = 10000;
  u.account = "13800000001";
  u.pwd_hash = "$2b$10$w9vAZGN4ZtJ7LoRVwi14e.7kF5uThUB2ciwqnUX4zWhKtkoT86O/e";
  u.avatar = "http://127.0.0.1/a.png";
  u.email = "a@example.com";
  u.regis_time = k183835;
  u.update_time = k183837;
  u.role_id = 5;
  return u;
}

User user_b() {
  User u;
  u.id = 10001;
  u.account = "13800000002";
  u.regis_time = k183835;
  u.update_time = k183835;
  u.role_id = 5;
  return u;
}

GroupDetails group_g2() {
  GroupDetails d;
  d.group.id = 1;
  d.group.name = "g2";
  d.group.type = 1;
  d.group.creator = 10000;
  d.group.created_at = d.group.updated_at = k183838;
  d.members.push_back({Member{1, 1, 10000, k183838, k183838}, user_a()});
  d.members.push_back({Member{2, 1, 10001, k183838, k183838}, user_b()});
  return d;
}

}  // namespace

TEST_CASE("UserPublic and UserPublicRaw never show the hash", "[views]") {
  CHECK(serialize(host::views::user_public(user_b())) ==
        R"({"regisTime":"2026-11-26 19:18:35","updateTime":"2026-11-26 19:18:35","id":10001,)"
        R"("account":"13800000002","avatar":null,"email":null,"roleId":5})");
  CHECK(serialize(host::views::user_public_raw(user_a())) ==
        R"({"id":10000,"account":"13800000001","avatar":"http://127.0.0.1/a.png",)"
        R"("email":"a@example.com","regisTime":"2026-11-26T19:18:35.000Z",)"
        R"("updateTime":"2026-11-26T19:18:37.000Z","roleId":5})");
}

TEST_CASE("G1 data matches the golden create reply", "[views]") {
  CHECK(
      serialize(host::views::group_created(group_g2(), false)) ==
      R"({"createdAt":"2026-11-26 19:18:38","updatedAt":"2026-11-26 19:18:38","id":1,"name":"g2",)"
      R"("type":1,"creator":10000,"count":2,"members":[{"regisTime":"2026-11-26 19:18:35",)"
      R"("updateTime":"2026-11-26 19:18:37","id":10000,"account":"13800000001",)"
      R"("avatar":"http://127.0.0.1/a.png","email":"a@example.com","roleId":5,)"
      R"("Member":{"createdAt":"2026-11-26 19:18:38","updatedAt":"2026-11-26 19:18:38","id":1,)"
      R"("groupId":1,"userId":10000}},{"regisTime":"2026-11-26 19:18:35",)"
      R"("updateTime":"2026-11-26 19:18:35","id":10001,"account":"13800000002","avatar":null,)"
      R"("email":null,"roleId":5,"Member":{"createdAt":"2026-11-26 19:18:38",)"
      R"("updatedAt":"2026-11-26 19:18:38","id":2,"groupId":1,"userId":10001}}]})");
}

TEST_CASE("G5 shows raw members, G6 flat I-format rows", "[views]") {
  auto g5 = serialize(host::views::group_with_raw_members(group_g2()));
  CHECK(
      g5.rfind(
          R"({"createdAt":"2026-11-26 19:18:38","updatedAt":"2026-11-26 19:18:38","id":1,)"
          R"("name":"g2","avatar":null,"type":1,"creator":10000,"count":2,"members":[{"id":10000,)",
          0) == 0);
  CHECK(
      serialize(host::views::group_row({group_g2().group, 2})) ==
      R"({"id":1,"name":"g2","avatar":null,"type":1,"creator":10000,)"
      R"("createdAt":"2026-11-26T19:18:38.000Z","updatedAt":"2026-11-26T19:18:38.000Z","count":2})");
}

TEST_CASE("E1 rows have flat senderInfo keys and no pwd (S5)", "[views]") {
  NotifyWithSender row;
  row.notify.id = "ccdbc5ee-9539-4bcd-bb67-20568092525e";
  row.notify.sender = 10000;
  row.notify.receiver = 10001;
  row.notify.timer = 1795720717288;
  row.notify.remark = "hi B";
  row.notify.created_at = row.notify.updated_at = k183837;
  row.sender = user_a();
  auto text = serialize(host::views::pending_notify(row));
  CHECK(text ==
        R"({"id":"ccdbc5ee-9539-4bcd-bb67-20568092525e","type":1,"sender":10000,"receiver":10001,)"
        R"("status":1,"timer":1795720717288,"remark":"hi B","ext":null,)"
        R"("createdAt":"2026-11-26T19:18:37.000Z","updatedAt":"2026-11-26T19:18:37.000Z",)"
        R"("senderInfo.id":10000,"senderInfo.account":"13800000001",)"
        R"("senderInfo.avatar":"http://127.0.0.1/a.png","senderInfo.email":"a@example.com",)"
        R"("senderInfo.regisTime":"2026-11-26T19:18:35.000Z",)"
        R"("senderInfo.updateTime":"2026-11-26T19:18:37.000Z","senderInfo.roleId":5})");
  CHECK(text.find("pwd") == std::string::npos);
  CHECK(text.find("$2b$") == std::string::npos);
}

TEST_CASE("E4 rows and friend entries keep the spec's key order", "[views]") {
  MessageWithSender m;
  m.message.id = 2;
  m.message.msg_id = "03a2769f-a752-4693-a6d3-2f70b694689f";
  m.message.type = "text";
  m.message.sender = 10000;
  m.message.receiver = 10001;
  m.message.content = "hello B";
  m.message.timer = 1795720722626;
  m.sender = user_a();
  auto text = serialize(host::views::offline_message(m));
  CHECK(text.rfind(R"({"id":2,"msgId":"03a2769f-a752-4693-a6d3-2f70b694689f","type":"text",)"
                   R"("sender":10000,"groupId":null,"receiver":10001,"content":"hello B",)"
                   R"("timer":1795720722626,"ext":null,"senderInfo":{"regisTime":)",
                   0) == 0);

  FriendEntry f;
  f.user = user_b();
  f.setting = FriendSetting{2, 10000, 10001, std::nullopt, false, false, k183838, k183838};
  CHECK(serialize(host::views::friend_entry(f)) ==
        R"({"regisTime":"2026-11-26 19:18:35","updateTime":"2026-11-26 19:18:35","id":10001,)"
        R"("account":"13800000002","avatar":null,"email":null,"roleId":5,)"
        R"("createdAt":"2026-11-26 19:18:38","updatedAt":"2026-11-26 19:18:38","remark":null,)"
        R"("astrolabe":false,"block":false})");
}
