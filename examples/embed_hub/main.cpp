// embed_hub: libim embedded with its own in-process "transport".
//
// The embedded adapters (SQLite ":memory:", in-process token store and cache) back an
// im::Engine; two users register and become friends through the services; each gets a session,
// a tiny im::Session implementation whose "network" is a queue served by one thread. Alice sends
// Bob a chat message through im::MessageService, which stores it, acks Alice and pushes it to Bob
// through the im::Hub; Bob's fake client decodes it and acks. Everything that happens is printed.
#include <atomic>
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
#include "im/hub.hpp"
#include "im/log.hpp"
#include "im/services/message_service.hpp"
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
  LocalSession(std::uint64_t id, im::UserContext user, Loop& wire, Observer observer = {})
      : id_(id), user_(std::move(user)), wire_(wire), observer_(std::move(observer)) {}

  std::uint64_t id() const override { return id_; }
  const im::UserContext& user() const override { return user_; }

  void send(std::string_view event, im::SharedBytes payload, AckCallback on_ack,
            std::chrono::milliseconds) override {
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
  std::uint64_t id_;
  im::UserContext user_;
  Loop& wire_;
  Observer observer_;
};

im::UserContext sign_up(im::Engine& engine, const std::string& account) {
  im::RegisterIn in;
  in.account.value = account;
  in.pwd.value = "abc12345";
  in.client_address = "127.0.0.1";
  auto outcome = engine.users().register_user(in);
  if (!outcome.result)
    throw std::runtime_error("registration failed: " + outcome.result.error().message);
  const auto& signed_in = outcome.result.value();
  // What the host does for every socket: the token the client sends resolves to its identity.
  auto ctx = engine.auth().authenticate(std::to_string(signed_in.user.id), signed_in.token, false);
  if (!ctx) throw std::runtime_error("authentication failed");
  std::printf("[server] registered %s as user %lld\n", account.c_str(),
              static_cast<long long>(ctx->id));
  return ctx.value();
}

}  // namespace

int main() {
  im::log::set_level(im::log::Level::warn);
  im::EngineConfig config;
  config.secret_key = "embed-hub-example-secret";
  config.bcrypt_cost = 4;  // an example, not a deployment
  im::Engine engine(config, im::make_embedded_ports(":memory:"));

  Loop workers;  // blocking service calls (storage), off the "I/O" thread
  Loop wire;     // the in-process transport
  im::Hub hub(std::chrono::milliseconds(2000));
  {
    im::MessageService messages(
        engine.config(), engine.message_stores(), engine.clock(), hub,
        [&workers](std::function<void()> task) { workers.post(std::move(task)); });
    engine.set_notify_pusher(&messages);  // friend requests become on-notify pushes

    im::UserContext alice = sign_up(engine, "13800000001");
    im::UserContext bob = sign_up(engine, "13800000002");

    std::promise<std::string> requested;  // the friend request's notify id, as Bob's client saw it
    std::promise<void> pushed;
    auto a = std::make_shared<LocalSession>(1, alice, wire);
    auto b = std::make_shared<LocalSession>(
        2, bob, wire, [&](const std::string& event, const std::string& payload) {
          if (event == "on-message") pushed.set_value();
          if (event == "on-notify")
            if (auto n = im::codec::decode_notify(payload); n && n->status == 1)
              requested.set_value(n->id);
        });
    hub.add(a);
    hub.add(b);
    std::printf("[server] online: alice=%d bob=%d\n", hub.online(alice.id), hub.online(bob.id));

    // Friendship first (REQUIRE_FRIENDSHIP): Alice asks, Bob agrees.
    im::FriendRequestIn request;
    request.user_id = bob.id;
    auto asked = engine.friends().request(alice, request);
    std::printf("[server] friend request: %s\n",
                asked ? asked.value().c_str() : asked.error().message.c_str());
    if (!asked) return 1;
    auto agreed = engine.friends().agree(bob, requested.get_future().get());
    std::printf("[server] agree: %s\n",
                agreed ? agreed.value().c_str() : agreed.error().message.c_str());

    im::codec::MessageUp up;
    up.msg_id = "5f1c7a2e-0a51-4d0e-9d6b-3b1f2c4d5e6f";
    up.sender = alice.id;
    up.receiver = bob.id;
    up.type = "text";
    up.content = "hello Bob, from an embedded hub";
    up.timer = engine.clock().now_ms();
    std::printf("[alice's client] sends on-message to %lld\n", static_cast<long long>(bob.id));
    std::promise<im::codec::AckMessage> acked;
    bool decoded =
        messages.on_message(a, im::codec::encode(up),
                            [&acked](const im::codec::AckMessage& ack) { acked.set_value(ack); });
    if (!decoded) {
      std::fprintf(stderr, "the message did not decode\n");
      return 1;
    }
    auto ack = acked.get_future().get();
    std::printf("[alice's client] ack {%lld, \"%s\"}\n", static_cast<long long>(ack.status_code),
                ack.message.value_or("").c_str());
    pushed.get_future().get();

    wire.stop();     // delivers what is still on the wire
    workers.stop();  // finishes the delivery bookkeeping
    hub.remove(*a);
    hub.remove(*b);
    engine.set_notify_pusher(nullptr);
    if (ack.status_code != 200) return 1;
  }
  std::printf("done\n");
  return 0;
}
