// Small builders shared by the conformance cases. They REQUIRE success, so a broken setup
// step fails the case where it happens.
#pragma once

#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "im/storage.hpp"

namespace im_test {

// 2026-11-26 19:18:35 UTC, the time of the spec's observed runs.
inline constexpr im::Seconds kNow = 1795720715;

inline im::User add_user(im::Storage& store, const std::string& account,
                         std::optional<std::string> email = std::nullopt,
                         std::int64_t role_id = 1) {
  im::NewUser u;
  u.account = account;
  u.pwd_hash = "$2b$10$abcdefghijklmnopqrstuv0123456789012345678901234567890";
  u.email = std::move(email);
  u.role_id = role_id;
  u.now = kNow;
  auto created = store.users->create_user(u);
  REQUIRE(created.ok());
  return created.value();
}

inline im::Notify make_notify(const std::string& id, im::UserId sender, im::UserId receiver,
                              im::Millis timer = kNow * 1000,
                              im::NotifyStatus status = im::NotifyStatus::initial,
                              im::NotifyType type = im::NotifyType::add_friend) {
  im::Notify n;
  n.id = id;
  n.type = type;
  n.sender = sender;
  n.receiver = receiver;
  n.status = status;
  n.timer = timer;
  n.created_at = n.updated_at = kNow;
  return n;
}

// A request from `requester` accepted by `accepter` (F1 then F6).
inline void make_friends(im::Storage& store, im::UserId accepter, im::UserId requester) {
  static int counter = 0;
  auto id = "00000000-0000-4000-8000-" + std::to_string(100000000000 + counter++);
  REQUIRE(store.notifies->create_notify(make_notify(id, requester, accepter)).ok());
  REQUIRE(store.friends->accept_friend_request(id, accepter, requester, kNow).ok());
}

inline im::Message chat(im::UserId sender, im::UserId receiver, im::Millis timer,
                        std::optional<im::GroupId> group = std::nullopt) {
  static std::atomic<int> counter{0};  // writer threads of the sync tests call it at once
  im::Message m;
  m.msg_id = "msg-" + std::to_string(counter++) + "-" + std::to_string(timer);
  m.type = "text";
  m.sender = sender;
  m.group_id = group;
  m.receiver = group ? *group : receiver;
  m.content = "hello";
  m.timer = timer;
  return m;
}

inline im::Message group_chat(im::UserId sender, im::GroupId group, im::Millis timer) {
  return chat(sender, group, timer, group);
}

inline im::MessageId send(im::Storage& store, const im::Message& m, im::Seconds at = kNow) {
  const im::Message one[] = {m};
  auto ids = store.messages->append_messages(one, at);
  REQUIRE(ids.ok());
  REQUIRE(ids->size() == 1);
  return ids->front();
}

inline im::Group add_group(im::Storage& store, im::UserId creator, std::vector<im::UserId> members,
                           std::string name = "g") {
  im::NewGroup g;
  g.name = std::move(name);
  g.type = 1;
  g.creator = creator;
  g.members = std::move(members);
  auto created = store.groups->create_group(g, kNow);
  REQUIRE(created.ok());
  return created.value();
}

inline std::vector<im::MessageId> ids_of(const im::MessagePage& page) {
  std::vector<im::MessageId> ids;
  for (const auto& item : page.items) ids.push_back(item.message.id);
  return ids;
}

inline std::vector<im::MessageId> ids_of(const std::vector<im::Message>& rows) {
  std::vector<im::MessageId> ids;
  for (const auto& m : rows) ids.push_back(m.id);
  return ids;
}

}  // namespace im_test
