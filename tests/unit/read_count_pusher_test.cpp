// Pushed group read counts (im::ReadCountPusher; docs/protocol-extensions.md "Group read
// receipts"): the counting, and the window that turns many receipts into one push per sender.
#include <catch2/catch.hpp>

#include <map>

#include "extension_fakes.hpp"
#include "im/hub.hpp"
#include "im/read_count_pusher.hpp"
#include "im/wire/im_ext.pb.h"

using namespace std::chrono_literals;
using im_test::FeatureSession;

namespace {

const auto t0 = std::chrono::steady_clock::time_point{} + 1000h;

im::Message msg(im::MessageId id, im::UserId sender) {
  im::Message m;
  m.id = id;
  m.sender = sender;
  m.group_id = 7;
  m.receiver = 7;
  return m;
}

struct FakeReceipts : im::ReceiptStore {
  std::vector<im::ReadMark> marks;
  int reads = 0;
  im::StoreResult<std::vector<im::ReadMark>> group_read_marks(im::GroupId) override {
    ++reads;
    return marks;
  }
};

struct FakeHistory : im::HistoryStore {
  std::vector<im::Message> messages;  // newest first
  im::StoreResult<std::vector<im::Message>> peer_history(im::UserId, im::UserId,
                                                         const im::HistoryPage&) override {
    return std::vector<im::Message>{};
  }
  im::StoreResult<std::vector<im::Message>> group_history(im::GroupId,
                                                          const im::HistoryPage& page) override {
    std::vector<im::Message> out;
    for (const auto& m : messages)
      if (m.id < page.below() && std::ssize(out) < page.limit) out.push_back(m);
    return out;
  }
  im::StoreResult<std::vector<im::Conversation>> conversations(im::UserId) override {
    return std::vector<im::Conversation>{};
  }
  im::StoreResult<std::vector<im::Message>> search_messages(im::UserId, std::string_view,
                                                            const im::HistoryPage&) override {
    return std::vector<im::Message>{};
  }
};

// The counts pushed to a session, as "id:readers".
std::vector<std::vector<std::string>> pushes(const FeatureSession& s) {
  std::vector<std::vector<std::string>> out;
  for (const auto& [event, bytes] : s.events()) {
    REQUIRE(event == "on-message:read-count");
    im::wire::ext::GroupReadCounts counts;
    REQUIRE(counts.ParseFromString(bytes));
    CHECK(counts.groupid() == 7);
    auto& one = out.emplace_back();
    for (const auto& c : counts.counts())
      one.push_back(std::to_string(c.id()) + ":" + std::to_string(c.readers()));
  }
  return out;
}

}  // namespace

TEST_CASE("read counts: a member counts for every message up to their mark, not their own",
          "[read_counts]") {
  const std::vector<im::Message> messages{msg(30, 1), msg(20, 2), msg(10, 1)};
  const std::vector<im::ReadMark> marks{{1, 30}, {2, 20}, {3, 10}, {4, 25}};
  auto counts = im::ReadCountPusher::counts_by_sender(messages, marks);
  REQUIRE(counts.size() == 2);
  // 30: only its sender's own mark reaches it; 10: members 2, 3 and 4.
  CHECK(counts[1] == std::vector<im::MessageReadCount>{{30, 0}, {10, 3}});
  CHECK(counts[2] == std::vector<im::MessageReadCount>{{20, 2}});  // members 1 and 4
}

TEST_CASE("receipts within the window make one read and one push per sender", "[read_counts]") {
  im::Hub hub;
  FakeReceipts receipts;
  FakeHistory history;
  history.messages = {msg(30, 1), msg(20, 2), msg(10, 1)};
  im::ReadCountPusher pusher(receipts, history, hub, im_test::inline_executor(),
                             {.window = 500ms, .max_messages = 50, .own_timer = false});
  auto sender1 = std::make_shared<FeatureSession>(
      1, std::initializer_list<im::Feature>{im::Feature::receipts});
  auto sender1_plain = std::make_shared<FeatureSession>(1);  // did not opt in
  auto sender2 = std::make_shared<FeatureSession>(
      2, std::initializer_list<im::Feature>{im::Feature::receipts});
  hub.add(sender1);
  hub.add(sender1_plain);
  hub.add(sender2);

  // A hundred readers within the window.
  for (im::UserId reader = 100; reader < 200; ++reader) {
    receipts.marks.push_back({reader, reader % 2 ? 30 : 10});
    pusher.read(7, reader % 2 ? 30 : 10, t0 + std::chrono::milliseconds(reader - 100));
  }
  CHECK(pusher.run_due(t0 + 499ms) == t0 + 500ms);
  CHECK(receipts.reads == 0);
  CHECK_FALSE(pusher.run_due(t0 + 500ms));
  CHECK(receipts.reads == 1);
  CHECK(pushes(*sender1) == std::vector<std::vector<std::string>>{{"30:50", "10:100"}});
  CHECK(pushes(*sender2) == std::vector<std::vector<std::string>>{{"20:50"}});
  CHECK(sender1_plain->events().empty());

  // A receipt after the window opens the next one.
  pusher.read(7, 20, t0 + 600ms);
  CHECK(pusher.run_due(t0 + 600ms) == t0 + 1100ms);
  pusher.run_due(t0 + 1100ms);
  CHECK(receipts.reads == 2);
  CHECK(pushes(*sender2).size() == 2);
}
