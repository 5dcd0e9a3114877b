// The object behind im.createCore (core_binding.cpp), free of N-API: an im::Engine on the
// embedded adapters, an im::Realtime on it, the one worker thread that runs the core's blocking
// work (the storage checks of incoming messages, the session's ack replies), the users signed
// in through it (by id) and the sessions connected to it. Every method is called on the JS
// thread; none runs the ack path there, so send_message may block for its ack.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/thread_pool.hpp>

#include "im/codec.hpp"
#include "im/engine.hpp"
#include "im/realtime.hpp"
#include "im/result.hpp"
#include "js_session.hpp"

namespace im::node {

class EmbeddedCore {
 public:
  struct SignedIn {
    UserId id = 0;
    std::string token;
  };

  // `sqlite_path` ":memory:" for a throw-away database. Errors: Engine::create's and
  // make_embedded_ports' (invalid_argument without a secret, storage for an unusable file).
  static Result<std::unique_ptr<EmbeddedCore>> create(EngineConfig config,
                                                      const std::string& sqlite_path);
  ~EmbeddedCore();
  EmbeddedCore(const EmbeddedCore&) = delete;
  EmbeddedCore& operator=(const EmbeddedCore&) = delete;

  // U2 / U1, then the token is resolved as a transport does (the UserContext is kept here).
  Result<SignedIn> register_user(const std::string& account, const std::string& password);
  Result<SignedIn> login(const std::string& account, const std::string& password);

  Result<FriendNotifyReply> friend_request(UserId from, UserId to);      // F1
  Result<std::string> agree(UserId user, const std::string& notify_id);  // F6

  // A session of a signed-in user (not open yet: open it, then connect it).
  Result<std::shared_ptr<JsSession>> new_session(UserId user, bool auto_ack, Features features);
  void connect(const std::shared_ptr<JsSession>& session);
  // Leaves the realtime core, then shuts the session. Idempotent.
  void disconnect(const std::shared_ptr<JsSession>& session);

  // An encoded MessageUp from a connected session; waits for its ack (produced by the worker
  // thread and the message writer, never by the JS thread). nullopt: the bytes do not decode.
  std::optional<codec::AckMessage> send_message(const std::shared_ptr<JsSession>& from,
                                                std::string_view bytes);

  // An encoded Typing from a connected session (its checks run on the worker; the indicator
  // reaches the target's sessions that opted in to `typing`). False: the bytes do not decode.
  bool typing(const std::shared_ptr<JsSession>& from, std::string_view bytes);

  // E4, E5 and flush, counting every ack a session has sent so far (they run on the worker).
  Result<MessagePage> pending(UserId user, SyncPage page);
  Result<void> received(UserId user, std::optional<MessageId> up_to);
  void flush();

  // Disconnects every session, lets the ack replies already posted reach the core, then tears
  // down the realtime core, the worker and the engine, in that order. Idempotent.
  void close();
  bool closed() const { return !engine_; }

  // For the extension services (extension_binding.cpp): the engine of an open core, and a user
  // signed in through it (unauthenticated otherwise).
  Engine& engine() { return *engine_; }
  Result<const UserContext*> user(UserId id) const;

 private:
  EmbeddedCore(std::unique_ptr<Engine> engine);
  Result<SignedIn> keep_signed_in(LoginOutcome outcome);
  void post(std::function<void()> task);
  void wait_for_worker();
  // The core closed a session itself (S7): it leaves the realtime core (on the worker).
  void forget(const std::shared_ptr<JsSession>& session);

  std::unique_ptr<Engine> engine_;
  std::unique_ptr<boost::asio::thread_pool> worker_;
  std::optional<Realtime> realtime_;
  std::unordered_map<UserId, UserContext> users_;
  std::mutex sessions_mutex_;  // forget() runs on the worker
  std::vector<std::shared_ptr<JsSession>> sessions_;
};

}  // namespace im::node
