// embed_hub: the walkthrough of docs/embedding.md 1.2, libim embedded with its own in-process
// "transport". Built and run by the test suite from this tree (ctest embed_hub) and from the
// installed package (ctest install_consumer), so the walkthrough cannot rot.
//
// An im::Engine on the embedded adapters (SQLite ":memory:", in-process token store and cache)
// and an im::Realtime on it. Two users register and become friends; each connects with a tiny
// im::Session whose "network" is a queue served by one thread. Alice sends Bob a message, live;
// Bob goes offline; Alice sends another; Bob fetches what he missed through the offline sync and
// confirms it. Everything that happens is printed.
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "im/codec.hpp"
#include "im/engine.hpp"
#include "im/log.hpp"
#include "im/realtime.hpp"
#include "im/session.hpp"
#include "im/sqlite_storage.hpp"

namespace {

// One thread running posted tasks in order; stop() runs what is queued, then joins.
class Loop {
 public:
  Loop() : thread_([this] { run(); }) {}
  ~Loop() { stop(); }
  void post(std::function<void()> task) {
    {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(task));
    }
    wake_.notify_one();
  }
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    while (true) {
      wake_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping and drained
      auto task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      lock.lock();
    }
  }
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread thread_;
};

// A connected client over the in-process "wire": what the server sends is delivered to the fake
// client on the wire thread, which prints it and answers with AckMessage{200}.
class LocalSession : public im::Session {
 public:
  // `observer` sees every event after the client acked it (on the wire thread).
  using Observer = std::function<void(const std::string& event, const std::string& payload)>;
  LocalSession(im::UserContext user, Loop& wire, Observer observer = {})
      : user_(std::move(user)), wire_(wire), observer_(std::move(observer)) {}

  const im::UserContext& user() const override { return user_; }

  // Called by the core on any thread; never blocks: the work goes to the wire thread.
  void send(std::string_view event, im::SharedBytes payload, AckCallback on_ack) override {
    wire_.post([this, event = std::string(event), payload, on_ack = std::move(on_ack)] {
      std::printf("[%s's client] received '%s' (%zu bytes)\n", user_.account.c_str(), event.c_str(),
                  payload->size());
      if (event == "on-message") {
        if (auto m = im::codec::decode_message_down(*payload)) {
          std::printf("[%s's client]   message #%lld from %s: \"%s\"\n", user_.account.c_str(),
                      static_cast<long long>(m->id),
                      m->sender_info ? m->sender_info->account.c_str() : "?", m->content.c_str());
        }
      } else if (event == "on-notify") {
        if (auto n = im::codec::decode_notify(*payload))
          std::printf("[%s's client]   notify type %d status %d\n", user_.account.c_str(), n->type,
                      n->status);
      }
      if (on_ack) {
        std::printf("[%s's client]   acks with {200, \"Successfully.\"}\n", user_.account.c_str());
        on_ack({im::AckReply::Kind::binary, im::codec::encode(im::codec::ack_success())});
      }
      if (observer_) observer_(event, *payload);
    });
  }

  void close() override { std::printf("[server] closes %s's session\n", user_.account.c_str()); }

 private:
  im::UserContext user_;
  Loop& wire_;
  Observer observer_;
};

// Registers an account and resolves its token as a transport does for every connection.
std::optional<im::UserContext> sign_up(im::Engine& engine, const std::string& account) {
  im::RegisterIn in;
  in.account.value = account;
  in.pwd.value = "abc12345";
  in.client_address = "127.0.0.1";
  auto outcome = engine.users().register_user(in);
  if (!outcome.result) {
    std::fprintf(stderr, "registration failed: %s (%s)\n",
                 im::to_string(outcome.result.error().code), outcome.result.error().detail.c_str());
    return std::nullopt;
  }
  const auto& signed_in = outcome.result.value();
  auto ctx = engine.auth().authenticate(std::to_string(signed_in.user.id), signed_in.token, false);
  if (!ctx) return std::nullopt;
  std::printf("[server] registered %s as user %lld\n", account.c_str(),
              static_cast<long long>(ctx->id));
  return ctx.value();
}

// Sends one text message from `from` to `to` and waits for the sender's ack.
im::codec::AckMessage send_text(im::Realtime& realtime, const std::shared_ptr<im::Session>& from,
                                im::UserId to, const std::string& text, im::Clock& clock) {
  im::codec::MessageUp up;
  up.msg_id = "msg-" + std::to_string(clock.now_ms()) + "-" + text.substr(0, 8);
  up.sender = from->user().id;
  up.receiver = to;
  up.type = "text";
  up.content = text;
  up.timer = clock.now_ms();
  std::promise<im::codec::AckMessage> acked;
  if (!realtime.on_message(from, im::codec::encode(up),
                           [&acked](const im::codec::AckMessage& ack) { acked.set_value(ack); }))
    return {400, "the message did not decode"};
  return acked.get_future().get();
}

}  // namespace

int main() {
  im::log::set_level(im::log::Level::warn);

  // 1. The engine: configuration and the embedded adapters. Errors are values, never exceptions.
  im::EngineConfig config;
  config.secret_key = "embed-hub-example-secret";
  config.bcrypt_cost = 4;  // an example, not a deployment
  auto ports = im::make_embedded_ports(":memory:");
  if (!ports) return std::fprintf(stderr, "%s\n", ports.error().detail.c_str()), 1;
  auto created = im::Engine::create(config, std::move(ports).value());
  if (!created) return std::fprintf(stderr, "%s\n", created.error().detail.c_str()), 1;
  im::Engine& engine = *created.value();

  // 2. The realtime core: one object wires the hub, the message service and the engine.
  Loop workers;  // blocking service calls (storage), off the transport's threads
  Loop wire;     // the in-process transport
  std::optional<im::Realtime> realtime;
  im::RealtimeOptions options;
  options.workers = [&workers](std::function<void()> task) { workers.post(std::move(task)); };
  realtime.emplace(engine, std::move(options));

  // 3. Two users; each connects.
  auto alice = sign_up(engine, "13800000001");
  auto bob = sign_up(engine, "13800000002");
  if (!alice || !bob) return 1;
  std::promise<std::string> requested;  // the friend request's notify id, as Bob's client saw it
  std::promise<void> pushed;
  auto a = std::make_shared<LocalSession>(*alice, wire);
  auto b = std::make_shared<LocalSession>(
      *bob, wire, [&](const std::string& event, const std::string& payload) {
        if (event == "on-message") pushed.set_value();
        if (event == "on-notify")
          if (auto n = im::codec::decode_notify(payload); n && n->status == 1)
            requested.set_value(n->id);
      });
  realtime->connect(a);
  realtime->connect(b);

  // 4. Friendship first (REQUIRE_FRIENDSHIP): Alice asks, Bob's client is told, Bob agrees.
  im::FriendRequestIn request;
  request.user_id = bob->id;
  auto asked = engine.friends().request(*alice, request);
  if (!asked) return std::fprintf(stderr, "%s\n", asked.error().detail.c_str()), 1;
  std::printf("[server] friend request: %s\n", asked->message.c_str());
  if (requested.get_future().get() != asked->notify_id) return 1;  // the same id both ways
  auto agreed = engine.friends().agree(*bob, asked->notify_id);
  if (!agreed) return 1;

  // 5. A message while Bob is online: Alice's ack, then Bob's client receives it and acks.
  auto ack = send_text(*realtime, a, bob->id, "hello Bob, from an embedded core", engine.clock());
  std::printf("[alice's client] ack {%lld, \"%s\"}\n", static_cast<long long>(ack.status_code),
              ack.message.value_or("").c_str());
  if (ack.status_code != 200) return 1;
  pushed.get_future().get();

  // 6. Bob goes offline; Alice's next message is stored for him.
  realtime->disconnect(*b);
  ack = send_text(*realtime, a, bob->id, "are you there?", engine.clock());
  if (ack.status_code != 200) return 1;

  // 7. Bob is back: he fetches what he missed, then confirms it (E4, E5).
  auto pending = engine.sync().pending(*bob, im::SyncPage{1, 100});
  if (!pending || pending->items.size() != 1) return 1;
  const auto& missed = pending->items.front();
  std::printf("[bob's client] missed %lld message(s): #%lld \"%s\"\n",
              static_cast<long long>(pending->count), static_cast<long long>(missed.message.id),
              missed.message.content.value_or("").c_str());
  if (!engine.sync().received(*bob, missed.message.id)) return 1;
  auto after = engine.sync().pending(*bob, im::SyncPage{1, 100});
  if (!after || !after->items.empty()) return 1;
  std::printf("[bob's client] confirmed; nothing pending\n");

  // 8. Teardown: the transport stops feeding the core, then the core goes, then its executors.
  realtime->disconnect(*a);
  wire.stop();
  realtime.reset();
  workers.stop();
  std::printf("done\n");
  return 0;
}
