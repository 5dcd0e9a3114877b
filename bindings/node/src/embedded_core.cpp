#include "embedded_core.hpp"

#include <algorithm>
#include <future>
#include <utility>

#include <boost/asio/post.hpp>

#include "im/sqlite_storage.hpp"

namespace im::node {

namespace {
// Registration and login rate limits count per client address; the embedder is one local caller.
constexpr const char* kLocalAddress = "127.0.0.1";
}  // namespace

Result<std::unique_ptr<EmbeddedCore>> EmbeddedCore::create(EngineConfig config,
                                                           const std::string& sqlite_path) {
  auto ports = make_embedded_ports(sqlite_path);
  if (!ports) return ports.error();
  auto engine = Engine::create(std::move(config), std::move(ports).value());
  if (!engine) return engine.error();
  return std::unique_ptr<EmbeddedCore>(new EmbeddedCore(std::move(engine).value()));
}

EmbeddedCore::EmbeddedCore(std::unique_ptr<Engine> engine)
    : engine_(std::move(engine)), worker_(std::make_unique<boost::asio::thread_pool>(1)) {
  RealtimeOptions options;
  options.workers = [this](std::function<void()> task) { post(std::move(task)); };
  realtime_.emplace(*engine_, std::move(options));
}

EmbeddedCore::~EmbeddedCore() {
  close();
}

void EmbeddedCore::post(std::function<void()> task) {
  boost::asio::post(*worker_, std::move(task));
}

// One thread runs the tasks in the order posted: once this one ran, every earlier one has.
void EmbeddedCore::wait_for_worker() {
  std::promise<void> reached;
  auto done = reached.get_future();
  post([&reached] { reached.set_value(); });
  done.wait();
}

Result<EmbeddedCore::SignedIn> EmbeddedCore::keep_signed_in(LoginOutcome outcome) {
  if (!outcome.result) return outcome.result.error();
  const auto& signed_in = outcome.result.value();
  auto context =
      engine_->auth().authenticate(std::to_string(signed_in.user.id), signed_in.token, false);
  if (!context) return context.error();
  users_[context->id] = context.value();
  return SignedIn{context->id, signed_in.token};
}

namespace {
// RegisterIn or LoginIn with the account and password only, from the local caller.
template <class In>
In credentials(const std::string& account, const std::string& password) {
  In in;
  in.account.value = account;
  in.pwd.value = password;
  in.client_address = kLocalAddress;
  return in;
}
}  // namespace

Result<EmbeddedCore::SignedIn> EmbeddedCore::register_user(const std::string& account,
                                                           const std::string& password) {
  return keep_signed_in(engine_->users().register_user(credentials<RegisterIn>(account, password)));
}

Result<EmbeddedCore::SignedIn> EmbeddedCore::login(const std::string& account,
                                                   const std::string& password) {
  return keep_signed_in(engine_->users().login(credentials<LoginIn>(account, password)));
}

Result<const UserContext*> EmbeddedCore::user(UserId id) const {
  auto it = users_.find(id);
  if (it == users_.end())
    return Error(Errc::unauthenticated, 401, {},
                 "user " + std::to_string(id) + " has not registered or logged in on this core");
  return &it->second;
}

Result<FriendNotifyReply> EmbeddedCore::friend_request(UserId from, UserId to) {
  auto caller = user(from);
  if (!caller) return caller.error();
  FriendRequestIn in;
  in.user_id = to;
  return engine_->friends().request(**caller, in);
}

Result<std::string> EmbeddedCore::agree(UserId id, const std::string& notify_id) {
  auto caller = user(id);
  if (!caller) return caller.error();
  return engine_->friends().agree(**caller, notify_id);
}

Result<std::shared_ptr<JsSession>> EmbeddedCore::new_session(UserId id, bool auto_ack,
                                                             Features features) {
  auto caller = user(id);
  if (!caller) return caller.error();
  return std::make_shared<JsSession>(
      **caller, auto_ack, features, [this](std::function<void()> task) { post(std::move(task)); },
      [this](const std::shared_ptr<JsSession>& session) {
        post([this, session] { forget(session); });
      });
}

void EmbeddedCore::connect(const std::shared_ptr<JsSession>& session) {
  {
    std::lock_guard lock(sessions_mutex_);
    sessions_.push_back(session);
  }
  realtime_->connect(session);
}

void EmbeddedCore::forget(const std::shared_ptr<JsSession>& session) {
  {
    std::lock_guard lock(sessions_mutex_);
    auto it = std::find(sessions_.begin(), sessions_.end(), session);
    if (it == sessions_.end()) return;  // disconnected meanwhile
    sessions_.erase(it);
  }
  realtime_->disconnect(*session);
}

void EmbeddedCore::disconnect(const std::shared_ptr<JsSession>& session) {
  // First out of the Hub (a push then finds the user offline), then shut (pushes already on
  // their way count as `closed`).
  forget(session);
  session->shut();
}

std::optional<codec::AckMessage> EmbeddedCore::send_message(const std::shared_ptr<JsSession>& from,
                                                            std::string_view bytes) {
  auto acked = std::make_shared<std::promise<codec::AckMessage>>();
  auto ack = acked->get_future();
  if (!realtime_->on_message(from, bytes,
                             [acked](const codec::AckMessage& reply) { acked->set_value(reply); }))
    return std::nullopt;
  return ack.get();
}

bool EmbeddedCore::typing(const std::shared_ptr<JsSession>& from, std::string_view bytes) {
  return realtime_->on_typing(from, bytes);
}

// The acks the JS sessions already sent wait on the worker until it runs them: waiting for it
// first makes them count, as the offline sync counts every outcome queued before a read.
Result<MessagePage> EmbeddedCore::pending(UserId id, SyncPage page) {
  auto caller = user(id);
  if (!caller) return caller.error();
  wait_for_worker();
  return engine_->sync().pending(**caller, page);
}

Result<void> EmbeddedCore::received(UserId id, std::optional<MessageId> up_to) {
  auto caller = user(id);
  if (!caller) return caller.error();
  wait_for_worker();
  return engine_->sync().received(**caller, up_to);
}

void EmbeddedCore::flush() {
  wait_for_worker();
  engine_->sync().flush();
}

void EmbeddedCore::close() {
  if (!engine_) return;
  std::vector<std::shared_ptr<JsSession>> sessions;
  {
    std::lock_guard lock(sessions_mutex_);
    sessions.swap(sessions_);
  }
  for (const auto& session : sessions) {
    realtime_->disconnect(*session);
    session->shut();
  }
  // The ack replies and session removals posted so far need the realtime core whole.
  wait_for_worker();
  realtime_.reset();
  worker_->join();  // what the teardown posted still runs, then the thread ends
  worker_.reset();
  users_.clear();
  engine_.reset();
}

}  // namespace im::node
