#include "server/config/effective_config.hpp"

#include <map>

#include <fmt/format.h>

namespace im::host {
namespace {

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

std::string secret(const std::string& value) {
  return value.empty() ? std::string() : std::string(masked_secret);
}

std::string flag(bool value) {
  return value ? "true" : "false";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> effective_settings(const HostConfig& c) {
  const auto& e = c.engine;
  auto n = [](auto v) { return fmt::format("{}", v); };
  const std::map<std::string_view, std::string> values{
      {"NODE_ENV", c.production ? "production" : "dev"},
      {"PORT", n(c.port)},
      {"BIND_ADDRESS", c.bind_address},
      {"SECRET_KEY", secret(e.secret_key)},
      {"SECRET_KEY_FILE", c.secret_key_file},
      {"USER_AUTH_KEY", e.user_auth_key},
      {"CLIENTORIGIN", join(c.client_origins, "___")},
      {"TRUSTED_PROXIES", join(c.trusted_proxies, ",")},
      {"MAX_CONNECTIONS", n(c.max_connections)},
      {"MAX_CONNECTIONS_PER_ADDRESS", n(c.max_connections_per_address)},
      {"MAX_SOCKET_SESSIONS", n(c.max_socket_sessions)},
      {"MAX_SESSIONS_PER_USER", n(c.max_sessions_per_user)},
      {"DB_HOST", c.db.host},
      {"DB_PORT", n(c.db.port)},
      {"DB_USER", c.db.user},
      {"DB_PASS", secret(c.db.password)},
      {"DB_NAME", c.db.name},
      {"DB_POOL_SIZE", n(c.db.pool_size)},
      {"REDIS_HOST", c.redis.host},
      {"REDIS_PORT", n(c.redis.port)},
      {"REDIS_DB", n(c.redis.db)},
      {"REDIS_USERNAME", c.redis.username},
      {"REDIS_PWD", secret(c.redis.password)},
      {"SQLITE_PATH", c.sqlite_path},
      {"SQLITE_SYNC", c.sqlite_sync_full ? "full" : "normal"},
      {"MULTER_DEST", c.multer_dest},
      {"UPLOADS_STATIC_DIR", c.uploads_static_dir},
      {"UPLOAD_MAX_BYTES", n(c.upload_max_bytes)},
      {"SWAGGER_UI_DIR", c.swagger_ui_dir},
      {"DEFAULT_ROLE_ID", n(e.default_role_id)},
      {"BCRYPT_COST", n(e.bcrypt_cost)},
      {"REQUIRE_FRIENDSHIP", flag(e.require_friendship)},
      {"LOGIN_FAIL_WINDOW_S", n(e.login_fail_window_s)},
      {"LOGIN_FAIL_LIMIT_ACCOUNT", n(e.login_fail_limit_account)},
      {"LOGIN_FAIL_LIMIT_ADDRESS", n(e.login_fail_limit_address)},
      {"REGISTER_LIMIT_ADDRESS", n(e.register_limit_address)},
      {"SEND_RATE_PER_USER", n(static_cast<std::int64_t>(e.send_rate_per_user))},
      {"SEND_BURST_PER_USER", n(static_cast<std::int64_t>(e.send_burst_per_user))},
      {"RECALL_WINDOW_SECONDS", n(static_cast<std::int64_t>(e.recall_window.count()))},
      {"SOCKET_PATH", c.socket_path},
      {"IO_THREADS", n(c.io_threads)},
      {"WORKER_THREADS", n(c.worker_threads)},
      {"HASH_THREADS", n(c.hash_threads)},
      {"HASH_QUEUE", n(c.hash_queue)},
      {"MESSAGE_QUEUE", n(c.message_queue)},
      {"SHUTDOWN_TIMEOUT", n(c.shutdown_timeout.count())},
      {"WS_CLOSE_GRACE", n(c.ws_close_grace.count())},
      {"LOG_LEVEL", c.log_level},
      {"LOG_FORMAT", c.log_format},
      {"LOG_FILE", c.log_file},
      {"LOG_FILE_MAX_BYTES", n(c.log_file_max_bytes)},
      {"LOG_FILE_KEEP", n(c.log_file_keep)},
      {"TLS_CERT", c.tls_cert},
      {"TLS_KEY", c.tls_key},
      {"PUSH_WEBHOOK_URL", c.push_webhook_url},
      {"PUSH_WEBHOOK_SECRET", secret(c.push_webhook_secret)},
      {"PUSH_WEBHOOK_PREVIEW", flag(c.push_webhook_preview)},
      {"PUSH_WEBHOOK_RETRY_MS", n(c.push_webhook_retry_ms)},
  };
  std::vector<std::pair<std::string, std::string>> out;
  for (auto key : setting_keys()) {
    auto it = values.find(key);
    // A setting added to the key table but not here shows as such (a unit test catches it).
    out.emplace_back(std::string(key), it == values.end() ? "(not shown)" : it->second);
  }
  return out;
}

}  // namespace im::host
