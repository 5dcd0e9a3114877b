// The offline push webhook's core (docs/operations.md "Offline push webhook"): the retry
// schedule, the events and their signature, and the outbox's claim/post/retry cycle over the
// embedded storage with a manual clock and a scripted sender; the host's URL check.
#include <catch2/catch.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>

#include "im/services/push_events.hpp"
#include "im/services/push_outbox.hpp"
#include "im/sqlite_storage.hpp"
#include "server/push/webhook_url.hpp"
#include "unit/manual_clock.hpp"

using namespace im;
using namespace std::chrono_literals;
using im::test::ManualClock;

namespace {

// Answers each post with the next scripted status (200 once the script is used up).
class ScriptedSender final : public PushSender {
 public:
  std::deque<int> answers;
  struct Seen {
    std::string key, body, signature;
  };
  std::vector<Seen> seen;
  int post(const PushRequest& r) override {
    seen.push_back({r.key, r.body, r.signature});
    if (answers.empty()) return 200;
    const int status = answers.front();
    answers.pop_front();
    return status;
  }
};

// Hangs in post() until cancelled, like an endpoint that never answers.
class HangingSender final : public PushSender {
 public:
  int post(const PushRequest&) override {
    std::unique_lock lock(mutex_);
    entered_ = true;
    changed_.notify_all();
    changed_.wait(lock, [this] { return cancelled_; });
    return 0;
  }
  void cancel() override {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    changed_.notify_all();
  }
  void wait_entered() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return entered_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool entered_ = false, cancelled_ = false;
};

Message text_message(std::string content) {
  Message m;
  m.id = 42;
  m.type = "text";
  m.sender = 3;
  m.receiver = 7;
  m.content = std::move(content);
  return m;
}

}  // namespace

TEST_CASE("push retry delays double up to the cap and stop after the age limit", "[push]") {
  PushRetrySchedule s{1000ms, 8000ms, 60000ms};
  CHECK(s.delay(1) == 1000ms);
  CHECK(s.delay(2) == 2000ms);
  CHECK(s.delay(4) == 8000ms);
  CHECK(s.delay(40) == 8000ms);
  CHECK(s.next_attempt(1, 0, 0, 0.0) == Millis{1000});
  CHECK(s.next_attempt(2, 0, 0, 0.999).value() < 2500);  // jitter stretches by a quarter at most
  CHECK(s.next_attempt(2, 0, 0, 0.999).value() > 2000);
  CHECK(s.next_attempt(4, 0, 50000, 0.0) == Millis{58000});
  CHECK_FALSE(s.next_attempt(4, 0, 55000, 0.0));  // past 60 s of age: given up
}

TEST_CASE("push events carry the message fields and a bounded preview", "[push]") {
  std::string long_text;
  for (int i = 0; i < 100; ++i) long_text += "é";
  auto e = message_push_event(text_message(long_text), 7, true, 5000);
  CHECK(e.key == "msg:42:7");
  auto v = boost::json::parse(e.body).as_object();
  CHECK(v.at("event") == "message");
  CHECK(v.at("key") == "msg:42:7");
  CHECK(v.at("receiver") == 7);
  CHECK(v.at("sender") == 3);
  CHECK(v.at("messageId") == 42);
  CHECK(v.at("groupId").is_null());
  CHECK(v.at("messageType") == "text");
  CHECK(v.at("time") == 5000);
  CHECK(v.at("preview").as_string().size() == 2 * kPushPreviewChars);  // 80 two-byte characters

  auto quiet = boost::json::parse(message_push_event(text_message("hi"), 7, false, 1).body);
  CHECK_FALSE(quiet.as_object().contains("preview"));
  auto bad = text_message(std::string("\xff\xfe", 2));
  CHECK_FALSE(
      boost::json::parse(message_push_event(bad, 7, true, 1).body).as_object().contains("preview"));

  Notify n;
  n.id = "a-uuid";
  n.sender = 3;
  n.receiver = 9;
  n.remark = "let us be friends";
  auto ne = notify_push_event(n, true, 1);
  CHECK(ne.key == "notify:a-uuid:1");
  CHECK(boost::json::parse(ne.body).as_object().at("preview") == "let us be friends");
}

TEST_CASE("push signature is the hex HMAC-SHA256 of the body", "[push]") {
  // RFC 4231 test case 2.
  CHECK(push_signature("Jefe", "what do ya want for nothing?") ==
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("push outbox posts, retries on failure, gives up when too old", "[push]") {
  auto storage = make_sqlite_storage(":memory:").value();
  storage.database->migrate();
  ManualClock clock;
  ScriptedSender sender;
  PushOutbox::Options options;
  options.secret = "s3cret";
  options.retry = PushRetrySchedule{1000ms, 4000ms, 20000ms};
  PushOutbox outbox(*storage.push_outbox, sender, clock, options);

  auto event = message_push_event(text_message("hello"), 7, true, clock.now);
  REQUIRE(outbox.enqueue(std::span(&event, 1)));
  REQUIRE(outbox.enqueue(std::span(&event, 1)));  // the same key again: still one row
  CHECK(storage.push_outbox->count_push_events().value() == 1);

  sender.answers = {500, 0};
  CHECK(outbox.send_due() == 1);  // 500
  REQUIRE(sender.seen.size() == 1);
  CHECK(sender.seen[0].key == "msg:42:7");
  CHECK(sender.seen[0].body == event.body);
  CHECK(sender.seen[0].signature == push_signature("s3cret", event.body));
  CHECK(outbox.send_due() == 0);  // not due before its backoff
  clock.now += 1250;              // the first delay with the largest jitter
  CHECK(outbox.send_due() == 1);  // no answer (0)
  clock.now += 2500;
  CHECK(outbox.send_due() == 1);  // 200
  CHECK(sender.seen.size() == 3);
  CHECK(sender.seen[2].body == event.body);  // the same body and key every time
  CHECK(storage.push_outbox->count_push_events().value() == 0);

  auto old = message_push_event(text_message("late"), 8, true, clock.now);
  REQUIRE(outbox.enqueue(std::span(&old, 1)));
  sender.answers = {503, 503, 503, 503, 503, 503, 503, 503, 503, 503};
  for (int i = 0; i < 10 && storage.push_outbox->count_push_events().value() > 0; ++i) {
    outbox.send_due();
    clock.now += 5000;
  }
  CHECK(storage.push_outbox->count_push_events().value() == 0);  // given up after 20 s
}

TEST_CASE("a stop cuts a hanging post short and keeps its event for the next start", "[push]") {
  auto storage = make_sqlite_storage(":memory:").value();
  storage.database->migrate();
  ManualClock clock;
  auto event = message_push_event(text_message("hello"), 7, true, clock.now);
  {
    HangingSender hanging;
    PushOutbox outbox(*storage.push_outbox, hanging, clock, PushOutbox::Options{});
    outbox.start();
    REQUIRE(outbox.enqueue(std::span(&event, 1)));
    hanging.wait_entered();
    outbox.stop();  // returns although the endpoint never answered
  }
  CHECK(storage.push_outbox->count_push_events().value() == 1);
  // Released, and no attempt counted: due at once for the next sender.
  ScriptedSender sender;
  PushOutbox next(*storage.push_outbox, sender, clock, PushOutbox::Options{});
  CHECK(next.send_due() == 1);
  REQUIRE(sender.seen.size() == 1);
  CHECK(sender.seen[0].key == "msg:42:7");
  CHECK(storage.push_outbox->count_push_events().value() == 0);
}

TEST_CASE("PUSH_WEBHOOK_URL takes http and https URLs only", "[push][config]") {
  using im::host::parse_webhook_url;
  auto u = parse_webhook_url("https://push.example.com/hooks/im?x=1");
  REQUIRE(u);
  CHECK(u->https);
  CHECK(u->host == "push.example.com");
  CHECK(u->port == 443);
  CHECK(u->target == "/hooks/im?x=1");
  auto local = parse_webhook_url("http://127.0.0.1:8080");
  REQUIRE(local);
  CHECK(local->port == 8080);
  CHECK(local->target == "/");
  CHECK(parse_webhook_url("http://[::1]:9000/x")->host == "::1");
  CHECK_FALSE(parse_webhook_url("ftp://example.com/"));
  CHECK_FALSE(parse_webhook_url("file:///etc/passwd"));
  CHECK_FALSE(parse_webhook_url("http://user:pw@example.com/"));
  CHECK_FALSE(parse_webhook_url("http:///path"));
  CHECK_FALSE(parse_webhook_url("http://example.com:0/"));
  CHECK_FALSE(parse_webhook_url("http://example.com:99999/"));
  CHECK_FALSE(parse_webhook_url("http://exa mple.com/"));
  CHECK_FALSE(parse_webhook_url("example.com"));
}
