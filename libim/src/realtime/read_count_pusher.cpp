#include "im/read_count_pusher.hpp"

#include <algorithm>

#include "im/due_set.hpp"
#include "im/extension_frames.hpp"
#include "im/features.hpp"
#include "im/log_format.hpp"
#include "im/timer_thread.hpp"

namespace im {

namespace {
constexpr std::string_view kOnReadCount = "on-message:read-count";
}

ReadCountPusher::ReadCountPusher(ReceiptStore& receipts, HistoryStore& history, Hub& hub,
                                 Executor workers, Options options)
    : receipts_(receipts),
      history_(history),
      hub_(hub),
      workers_(std::move(workers)),
      options_(options),
      windows_(std::make_unique<DueSet<GroupId, std::hash<GroupId>>>()) {
  if (options_.own_timer)
    timer_ = std::make_unique<TimerThread>([this](TimePoint now) { return run_due(now); });
}

ReadCountPusher::~ReadCountPusher() {
  if (timer_) timer_->stop();
}

void ReadCountPusher::read(GroupId group, MessageId last_read, TimePoint now) {
  const TimePoint closes = now + options_.window;
  bool opened = false;
  {
    std::lock_guard lock(mutex_);
    auto& highest = highest_read_[group];
    highest = std::max(highest, last_read);
    opened = windows_->add(group, closes);
  }
  if (opened && timer_) timer_->wake_by(closes);
}

std::optional<ReadCountPusher::TimePoint> ReadCountPusher::run_due(TimePoint now) {
  std::vector<std::pair<GroupId, MessageId>> closed;
  std::optional<TimePoint> next;
  {
    std::lock_guard lock(mutex_);
    for (GroupId group : windows_->take_due(now)) {
      closed.emplace_back(group, highest_read_[group]);
      highest_read_.erase(group);
    }
    next = windows_->next_due();
  }
  for (auto [group, up_to] : closed) workers_([this, group, up_to] { push_counts(group, up_to); });
  return next;
}

void ReadCountPusher::push_counts(GroupId group, MessageId up_to) {
  HistoryPage page;
  page.before = up_to + 1;
  page.limit = options_.max_messages;
  auto messages = history_.group_history(group, page);
  if (!messages) {
    log::warn("read counts of group {} not pushed: {}", group, messages.error().detail);
    return;
  }
  if (messages->empty()) return;
  auto marks = receipts_.group_read_marks(group);
  if (!marks) {
    log::warn("read counts of group {} not pushed: {}", group, marks.error().detail);
    return;
  }
  for (const auto& [sender, counts] : counts_by_sender(*messages, *marks)) {
    auto bytes = std::make_shared<const std::string>(ext::encode_read_counts(group, counts));
    hub_.signal(sender, Feature::receipts, kOnReadCount, bytes);
  }
}

std::unordered_map<UserId, std::vector<MessageReadCount>> ReadCountPusher::counts_by_sender(
    const std::vector<Message>& messages, const std::vector<ReadMark>& marks) {
  std::unordered_map<UserId, std::vector<MessageReadCount>> out;
  for (const auto& m : messages) {
    std::int64_t readers = 0;
    for (const auto& mark : marks)
      if (mark.reader != m.sender && mark.last_read >= m.id) ++readers;
    out[m.sender].push_back({m.id, readers});
  }
  return out;
}

}  // namespace im
