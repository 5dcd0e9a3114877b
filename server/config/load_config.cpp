// Configuration precedence (docs/contract/http-api.md 1.1): command-line flags > real environment
// variables > --env-file > the first env file (.env.dev when NODE_ENV=dev, else .env.prod) > .env.
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <cxxopts.hpp>

#include "im/auth/random.hpp"
#include "im/log_format.hpp"
#include "server/config/env_text.hpp"
#include "server/config/host_config.hpp"
#include "server/push/webhook_url.hpp"

namespace im::host {
namespace {

struct Key {
  const char* name;  // environment / .env name
  const char* help;
};

// Every key the server reads; the flag of KEY_NAME is --key-name.
constexpr Key kKeys[] = {
    {"NODE_ENV", "dev loads .env.dev then .env; anything else .env.prod then .env"},
    {"PORT", "listening port (default 3000; 0 = a free port)"},
    {"BIND_ADDRESS", "listening address (default 0.0.0.0)"},
    {"SECRET_KEY", "HS256 key for the JWTs; required unless NODE_ENV=dev"},
    {"SECRET_KEY_FILE", "file holding SECRET_KEY (its first line), read when SECRET_KEY is unset"},
    {"USER_AUTH_KEY", "token-store key prefix (default user_auth)"},
    {"CLIENTORIGIN", "allowed CORS origins joined by ___ (required)"},
    {"TRUSTED_PROXIES", "comma-separated proxy addresses whose X-Forwarded-For is trusted"},
    {"MAX_CONNECTIONS",
     "open connections at most; newer ones are closed (default 0 = descriptor limit - 256)"},
    {"MAX_CONNECTIONS_PER_ADDRESS",
     "open connections per client address (TCP peer; trusted proxies exempt; default 0 = off)"},
    {"MAX_SOCKET_SESSIONS",
     "Engine.IO sessions (polling or websocket, before or after CONNECT) at most; more "
     "handshakes get 503 (default 0 = the connection limit)"},
    {"MAX_SESSIONS_PER_USER",
     "Socket.IO sessions one user may hold on a node; more are refused at CONNECT (default 1000; "
     "0 = off)"},
    {"DB_HOST", "MariaDB host; empty = embedded SQLite"},
    {"DB_PORT", "MariaDB port (default 3306)"},
    {"DB_USER", "MariaDB user"},
    {"DB_PASS", "MariaDB password"},
    {"DB_NAME", "MariaDB database"},
    {"DB_POOL_SIZE", "MariaDB connection pool size (default 8)"},
    {"REDIS_HOST", "Redis host; empty = in-process token store and cache"},
    {"REDIS_PORT", "Redis port (default 6379)"},
    {"REDIS_DB", "Redis database index (default 0)"},
    {"REDIS_USERNAME", "Redis user (AUTH)"},
    {"REDIS_PWD", "Redis password (AUTH)"},
    {"SQLITE_PATH", "embedded database file (default im.db; :memory: for a throw-away one)"},
    {"SQLITE_SYNC",
     "full: every commit fsynced, survives a power cut (default); normal: survives kill -9 only"},
    {"MULTER_DEST", "root folder for uploads and release files (default upload)"},
    {"UPLOADS_STATIC_DIR", "folder served under /uploads/ (default uploads)"},
    {"UPLOAD_MAX_BYTES", "multipart file size limit (default 52428800)"},
    {"SWAGGER_UI_DIR", "swagger-ui-dist folder for /api/docs (default: server/swagger's)"},
    {"DEFAULT_ROLE_ID", "role of new registrations (default 1)"},
    {"BCRYPT_COST", "bcrypt cost of new password hashes, 4..31 (default 10)"},
    {"REQUIRE_FRIENDSHIP", "one-to-one messages need friendship (default true)"},
    {"LOGIN_FAIL_WINDOW_S", "login failure window in seconds (default 900)"},
    {"LOGIN_FAIL_LIMIT_ACCOUNT", "failed logins per account per window (default 5; 0 = off)"},
    {"LOGIN_FAIL_LIMIT_ADDRESS", "failed logins per address per window (default 100; 0 = off)"},
    {"REGISTER_LIMIT_ADDRESS", "registrations per address per hour (default 0 = off)"},
    {"SEND_RATE_PER_USER",
     "chat messages per second a user may send, sustained; past it on-message is acked 429 "
     "(default 20; 0 = off)"},
    {"SEND_BURST_PER_USER", "chat messages a user may send at once (default 40)"},
    {"RECALL_WINDOW_SECONDS",
     "how long after sending its sender may recall a message (default 120; 0 = never)"},
    {"SOCKET_PATH", "Socket.IO path (default /socket/v1/IM/)"},
    {"IO_THREADS", "network threads (default: number of cores)"},
    {"WORKER_THREADS", "threads for storage and file calls (default 8)"},
    {"HASH_THREADS",
     "threads for password hashing, login and sign-up (default 0 = half the cores)"},
    {"HASH_QUEUE", "login/sign-up requests waiting for a hashing thread before 503 (default 64)"},
    {"MESSAGE_QUEUE",
     "messages waiting to be stored, at most; past it on-message is acked 500 (default 4096)"},
    {"SHUTDOWN_TIMEOUT",
     "seconds a SIGTERM/SIGINT stop may take; past it the process exits with status 1 (default "
     "10)"},
    {"WS_CLOSE_GRACE",
     "seconds a closing websocket may wait for its peer before it is closed hard (default 5)"},
    {"LOG_LEVEL",
     "trace|debug|info|warn|error|off, then component=level pairs, e.g. info,http=warn "
     "(components: core services storage realtime http socketio redis server; default info)"},
    {"LOG_FORMAT", "text or json (one JSON object per line) (default text)"},
    {"LOG_FILE", "log file (default logs/im_server.log; empty = stdout only)"},
    {"LOG_FILE_MAX_BYTES",
     "rotate the log file past this size; 0 = never (logrotate; SIGHUP reopens the file) "
     "(default 10485760)"},
    {"LOG_FILE_KEEP", "rotated log files kept (default 5)"},
    {"TLS_CERT", "PEM certificate; with TLS_KEY the port serves HTTPS and WSS"},
    {"TLS_KEY", "PEM private key"},
    {"PUSH_WEBHOOK_URL",
     "http(s) URL posted a signed JSON event when a message or notify reaches no device of a "
     "user (default empty = off)"},
    {"PUSH_WEBHOOK_SECRET", "HMAC-SHA256 key of the webhook's X-IM-Signature header"},
    {"PUSH_WEBHOOK_PREVIEW", "webhook events carry the first 80 characters of text (default true)"},
    {"PUSH_WEBHOOK_RETRY_MS",
     "first retry delay of a failed webhook post in ms, doubling up to 10 minutes (default 1000)"},
};

std::string flag_name(std::string_view key) {
  std::string flag;
  for (char c : key) flag += c == '_' ? '-' : static_cast<char>(std::tolower(c));
  return flag;
}

template <class Int>
Int parse_int(const std::string& key, const std::string& text, Int min, Int max) {
  Int value{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < min || value > max)
    throw std::runtime_error(
        fmt::format("{} must be an integer from {} to {}, got \"{}\"", key, min, max, text));
  return value;
}

bool parse_bool(const std::string& key, const std::string& text) {
  if (text == "true" || text == "1" || text == "yes") return true;
  if (text == "false" || text == "0" || text == "no") return false;
  throw std::runtime_error(fmt::format("{} must be true or false, got \"{}\"", key, text));
}

std::vector<std::string> split(const std::string& text, std::string_view separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(separator, start);
    if (end == std::string::npos) end = text.size();
    auto part = trim_blanks(std::string_view(text).substr(start, end - start));
    if (!part.empty()) parts.push_back(part);
    start = end + separator.size();
  }
  return parts;
}

// SECRET_KEY_FILE: the key is the file's first line (a trailing newline is not part of it).
std::string read_secret_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string key;
  if (!in || !std::getline(in, key))
    throw std::runtime_error(fmt::format("SECRET_KEY_FILE {} cannot be read", path));
  if (!key.empty() && key.back() == '\r') key.pop_back();
  if (key.empty()) throw std::runtime_error(fmt::format("SECRET_KEY_FILE {} is empty", path));
  return key;
}

// Applies the resolved key/value map onto the configuration.
void apply_values(const std::map<std::string, std::string>& v, HostConfig& c) {
  auto get = [&](const char* key) -> const std::string* {
    auto it = v.find(key);
    return it == v.end() ? nullptr : &it->second;
  };
  auto set_string = [&](const char* key, std::string& out) {
    if (auto* s = get(key)) out = *s;
  };
  auto set_int = [&]<class Int>(const char* key, Int& out, Int min, Int max) {
    if (auto* s = get(key); s && !s->empty()) out = parse_int<Int>(key, *s, min, max);
  };

  c.production = !(get("NODE_ENV") && *get("NODE_ENV") == "dev");
  set_int("PORT", c.port, std::uint16_t{0}, std::uint16_t{65535});
  set_string("BIND_ADDRESS", c.bind_address);
  set_string("SECRET_KEY", c.engine.secret_key);
  set_string("SECRET_KEY_FILE", c.secret_key_file);
  if (c.engine.secret_key.empty() && !c.secret_key_file.empty())
    c.engine.secret_key = read_secret_file(c.secret_key_file);
  if (auto* s = get("USER_AUTH_KEY"); s && !s->empty()) c.engine.user_auth_key = *s;
  if (auto* s = get("CLIENTORIGIN")) c.client_origins = split(*s, "___");
  if (auto* s = get("TRUSTED_PROXIES")) c.trusted_proxies = split(*s, ",");
  set_int("MAX_CONNECTIONS", c.max_connections, std::size_t{0}, std::size_t{1} << 30);
  set_int("MAX_CONNECTIONS_PER_ADDRESS", c.max_connections_per_address, std::size_t{0},
          std::size_t{1} << 30);
  set_int("MAX_SOCKET_SESSIONS", c.max_socket_sessions, std::size_t{0}, std::size_t{1} << 30);
  set_int("MAX_SESSIONS_PER_USER", c.max_sessions_per_user, std::size_t{0}, std::size_t{1} << 20);
  set_string("DB_HOST", c.db.host);
  set_int("DB_PORT", c.db.port, std::uint16_t{1}, std::uint16_t{65535});
  set_string("DB_USER", c.db.user);
  set_string("DB_PASS", c.db.password);
  set_string("DB_NAME", c.db.name);
  set_int("DB_POOL_SIZE", c.db.pool_size, 1, 1024);
  set_string("REDIS_HOST", c.redis.host);
  set_int("REDIS_PORT", c.redis.port, std::uint16_t{1}, std::uint16_t{65535});
  set_int("REDIS_DB", c.redis.db, 0, 1024);
  set_string("REDIS_USERNAME", c.redis.username);
  set_string("REDIS_PWD", c.redis.password);
  set_string("SQLITE_PATH", c.sqlite_path);
  if (auto* s = get("SQLITE_SYNC"); s && !s->empty()) {
    if (*s != "full" && *s != "normal")
      throw std::runtime_error(fmt::format("SQLITE_SYNC must be full or normal, got \"{}\"", *s));
    c.sqlite_sync_full = *s == "full";
  }
  set_string("MULTER_DEST", c.multer_dest);
  set_string("UPLOADS_STATIC_DIR", c.uploads_static_dir);
  set_int("UPLOAD_MAX_BYTES", c.upload_max_bytes, std::uint64_t{1}, std::uint64_t{1} << 40);
  set_string("SWAGGER_UI_DIR", c.swagger_ui_dir);
  set_int("DEFAULT_ROLE_ID", c.engine.default_role_id, std::int64_t{1}, std::int64_t{1} << 31);
  set_int("BCRYPT_COST", c.engine.bcrypt_cost, 4, 31);
  if (auto* s = get("REQUIRE_FRIENDSHIP"); s && !s->empty())
    c.engine.require_friendship = parse_bool("REQUIRE_FRIENDSHIP", *s);
  constexpr std::int64_t kBig = std::int64_t{1} << 40;
  set_int("LOGIN_FAIL_WINDOW_S", c.engine.login_fail_window_s, std::int64_t{1}, kBig);
  set_int("LOGIN_FAIL_LIMIT_ACCOUNT", c.engine.login_fail_limit_account, std::int64_t{0}, kBig);
  set_int("LOGIN_FAIL_LIMIT_ADDRESS", c.engine.login_fail_limit_address, std::int64_t{0}, kBig);
  set_int("REGISTER_LIMIT_ADDRESS", c.engine.register_limit_address, std::int64_t{0}, kBig);
  auto set_rate = [&](const char* key, double& out, std::int64_t min) {
    auto value = static_cast<std::int64_t>(out);
    set_int(key, value, min, std::int64_t{1000000});
    out = static_cast<double>(value);
  };
  set_rate("SEND_RATE_PER_USER", c.engine.send_rate_per_user, 0);
  set_rate("SEND_BURST_PER_USER", c.engine.send_burst_per_user, 1);
  if (auto* s = get("SOCKET_PATH"); s && !s->empty()) c.socket_path = *s;
  set_int("IO_THREADS", c.io_threads, 0, 256);
  set_int("WORKER_THREADS", c.worker_threads, 1, 1024);
  set_int("HASH_THREADS", c.hash_threads, 0, 1024);
  set_int("HASH_QUEUE", c.hash_queue, 1, 1000000);
  set_int("MESSAGE_QUEUE", c.message_queue, std::size_t{1}, std::size_t{1} << 24);
  auto set_seconds = [&](const char* key, std::chrono::seconds& out, int min, int max) {
    int value = static_cast<int>(out.count());
    set_int(key, value, min, max);
    out = std::chrono::seconds(value);
  };
  set_seconds("SHUTDOWN_TIMEOUT", c.shutdown_timeout, 1, 3600);
  set_seconds("WS_CLOSE_GRACE", c.ws_close_grace, 1, 3600);
  set_seconds("RECALL_WINDOW_SECONDS", c.engine.recall_window, 0, 31536000);
  set_string("LOG_LEVEL", c.log_level);
  set_string("LOG_FORMAT", c.log_format);
  set_string("LOG_FILE", c.log_file);
  if (auto* s = get("LOG_FILE_MAX_BYTES"); s && *s != "0")
    set_int("LOG_FILE_MAX_BYTES", c.log_file_max_bytes, std::uint64_t{1024},
            std::uint64_t{1} << 40);
  else if (s)
    c.log_file_max_bytes = 0;
  set_int("LOG_FILE_KEEP", c.log_file_keep, 0, 1000);
  set_string("TLS_CERT", c.tls_cert);
  set_string("TLS_KEY", c.tls_key);
  set_string("PUSH_WEBHOOK_URL", c.push_webhook_url);
  set_string("PUSH_WEBHOOK_SECRET", c.push_webhook_secret);
  if (auto* s = get("PUSH_WEBHOOK_PREVIEW"); s && !s->empty())
    c.push_webhook_preview = parse_bool("PUSH_WEBHOOK_PREVIEW", *s);
  set_int("PUSH_WEBHOOK_RETRY_MS", c.push_webhook_retry_ms, 10, 600000);
}

void validate(HostConfig& c, ConfigUse use) {
  if (!log::valid_levels(c.log_level))
    throw std::runtime_error(fmt::format(
        "LOG_LEVEL \"{}\" is not a log level (or a level followed by component=level pairs)",
        c.log_level));
  if (!log::parse_format(c.log_format))
    throw std::runtime_error(
        fmt::format("LOG_FORMAT must be text or json, got \"{}\"", c.log_format));
  if (c.tls_cert.empty() != c.tls_key.empty())
    throw std::runtime_error("TLS_CERT and TLS_KEY must be set together");
  if (c.socket_path.empty() || c.socket_path.front() != '/')
    throw std::runtime_error("SOCKET_PATH must start with /");
  if (!c.push_webhook_url.empty() && !parse_webhook_url(c.push_webhook_url))
    throw std::runtime_error(
        "PUSH_WEBHOOK_URL must be an http:// or https:// URL with a host (no user:password@)");
  // What only a serving process needs: the storage commands (migrate, create-admin) run
  // without it.
  if (use == ConfigUse::storage) return;
  if (c.client_origins.empty())
    throw std::runtime_error(
        "CLIENTORIGIN is required: the allowed browser origins joined by ___, e.g. "
        "http://localhost:1212___http://127.0.0.1:1212");
  if (c.engine.secret_key.empty()) {
    if (c.production)
      throw std::runtime_error(
          "SECRET_KEY is required in production mode (set it, or NODE_ENV=dev for a random "
          "per-process key)");
    // S17: no built-in secret. In dev mode a random one is made, so tokens die at restart.
    c.engine.secret_key = auth::random_id(48);
    log::warn("SECRET_KEY is not set: using a random key for this process (NODE_ENV=dev)");
  }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> read_env_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_env_text(text);
}

std::vector<std::string_view> setting_keys() {
  std::vector<std::string_view> keys;
  for (const auto& key : kKeys) keys.push_back(key.name);
  return keys;
}

LoadedConfig load_config(int argc, const char* const* argv, const std::string& env_dir_default,
                         ConfigUse use) {
  cxxopts::Options options("im_server",
                           "IM server: REST API and Socket.IO on one port.\n"
                           "Every option is also read from the environment and "
                           "from .env files under its KEY name.");
  options.custom_help("[COMMAND] [OPTION...]");
  options.add_options()("h,help", "show this help")(
      "env-dir", "folder holding .env, .env.dev, .env.prod", cxxopts::value<std::string>())(
      "env-file",
      "one more env file (e.g. /etc/im/im.env), over the .env files and under the environment",
      cxxopts::value<std::string>());
  for (const auto& key : kKeys)
    options.add_options()(flag_name(key.name), fmt::format("{} ({})", key.help, key.name),
                          cxxopts::value<std::string>());

  auto parsed = options.parse(argc, argv);
  LoadedConfig loaded;
  if (parsed.count("help")) {
    loaded.help_shown = true;
    loaded.help_text = options.help();
    return loaded;
  }
  std::string env_dir =
      parsed.count("env-dir") ? parsed["env-dir"].as<std::string>() : env_dir_default;

  std::map<std::string, std::string> flags;
  for (const auto& key : kKeys)
    if (parsed.count(flag_name(key.name)))
      flags[key.name] = parsed[flag_name(key.name)].as<std::string>();

  // NODE_ENV itself follows the same precedence (flag, then environment).
  std::string node_env;
  if (flags.count("NODE_ENV"))
    node_env = flags["NODE_ENV"];
  else if (const char* e = std::getenv("NODE_ENV"))
    node_env = e;

  std::map<std::string, std::string> values;
  // Lowest first: .env, then the mode's file (which wins over .env), environment, flags.
  for (const auto& [k, v] : read_env_file(env_dir + "/.env")) values[k] = v;
  std::map<std::string, std::string> mode_file;
  for (const auto& [k, v] :
       read_env_file(env_dir + (node_env == "dev" ? "/.env.dev" : "/.env.prod")))
    mode_file.try_emplace(k, v);
  for (const auto& [k, v] : mode_file) values[k] = v;
  if (parsed.count("env-file")) {
    const auto path = parsed["env-file"].as<std::string>();
    if (!std::ifstream(path))
      throw std::runtime_error(fmt::format("--env-file {} cannot be read", path));
    for (const auto& [k, v] : read_env_file(path)) values[k] = v;
  }
  for (const auto& key : kKeys)
    if (const char* e = std::getenv(key.name)) values[key.name] = e;
  for (const auto& [k, v] : flags) values[k] = v;
  if (!node_env.empty()) values["NODE_ENV"] = node_env;

  apply_values(values, loaded.config);
  validate(loaded.config, use);
  return loaded;
}

}  // namespace im::host
