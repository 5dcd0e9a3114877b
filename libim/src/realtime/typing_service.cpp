#include "im/typing_service.hpp"

#include <algorithm>

#include "im/extension_frames.hpp"
#include "im/features.hpp"
#include "im/log_format.hpp"

namespace im {

namespace {
constexpr std::string_view kOnTyping = "on-typing";
}

TypingService::TypingService(Stores stores, Hub& hub, Executor workers, Options options)
    : stores_(stores), hub_(hub), workers_(std::move(workers)), options_(options) {}

bool TypingService::on_typing(const std::shared_ptr<Session>& from, std::string_view bytes,
                              TimePoint now) {
  auto typing = ext::decode_typing(bytes);
  if (!typing) return false;
  // Exactly one of `to` and `groupId`, a positive id; not to oneself.
  if (typing->to.has_value() == typing->group_id.has_value()) return true;
  const Target target{typing->group_id.has_value(),
                      typing->group_id.value_or(typing->to.value_or(0))};
  const UserId me = from->user().id;
  if (target.id < 1 || (!target.group && target.id == me)) return true;

  bool cached = false;
  std::vector<UserId> audience;
  {
    std::lock_guard lock(mutex_);
    auto& s = sockets_[from.get()];
    // The rate (a GCRA): each indicator moves next_free on by 1/rate; up to `burst` may be
    // ahead of now.
    const auto interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(1.0 / options_.per_second));
    const auto tolerance = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        interval * (options_.burst - 1));
    if (s.next_free > now + tolerance) return true;  // over the rate: dropped
    s.next_free = std::max(s.next_free, now) + interval;
    if (s.admitted == target && now < s.admitted_until) {
      cached = true;
      audience = s.audience;
    }
  }
  if (cached && target.group) {  // a member a moment ago: no storage read
    deliver(me, target, audience);
    return true;
  }
  workers_([this, weak = std::weak_ptr<Session>(from), me, target, now, cached,
            audience = std::move(audience)]() mutable {
    if (!cached) {
      auto admitted = admit(me, target);
      if (!admitted) return;
      audience = std::move(*admitted);
      if (auto session = weak.lock()) {
        std::lock_guard lock(mutex_);
        auto it = sockets_.find(session.get());
        if (it != sockets_.end()) {
          it->second.admitted = target;
          it->second.admitted_until = now + options_.admit_for;
          it->second.audience = audience;
        }
      }
    }
    // A block takes effect at once: read for every one-to-one indicator (the Blocks table and
    // S8 in one read); a blocked sender is dropped like a non-friend.
    if (!target.group) {
      auto refused = stores_.blocks.refuses(target.id, me);
      if (!refused || *refused) return;
    }
    deliver(me, target, audience);
  });
  return true;
}

std::optional<std::vector<UserId>> TypingService::admit(UserId sender, const Target& target) {
  if (target.group) {
    // One query: whether the group exists, the sender is a member, and who else is.
    auto members = stores_.groups.group_member_ids(target.id);
    if (!members) {
      log::warn("typing: member lookup failed: {}", members.error().detail);
      return std::nullopt;
    }
    if (std::find(members->begin(), members->end(), sender) == members->end()) return std::nullopt;
    std::erase(*members, sender);
    if (members->empty()) return std::nullopt;
    return std::move(*members);
  }
  if (options_.require_friendship) {  // J19
    auto friends = stores_.friends.are_friends(sender, target.id);
    if (!friends || !*friends) return std::nullopt;
  }
  return std::vector<UserId>{target.id};
}

void TypingService::deliver(UserId sender, const Target& target,
                            const std::vector<UserId>& audience) {
  auto bytes = std::make_shared<const std::string>(
      ext::encode_typing(sender, target.group ? std::nullopt : std::optional<UserId>(target.id),
                         target.group ? std::optional<GroupId>(target.id) : std::nullopt));
  for (UserId user : audience) hub_.signal(user, Feature::typing, kOnTyping, bytes);
}

void TypingService::forget(const Session& session) {
  std::lock_guard lock(mutex_);
  sockets_.erase(&session);
}

}  // namespace im
