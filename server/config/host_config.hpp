// Everything the host reads from `.env` files, the environment and the command line
// (docs/contract/http-api.md 1.1, fixes S9/S17). Precedence: flags > environment > --env-file >
// first env file > .env.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "im/config.hpp"

namespace im::host {

struct DatabaseConfig {
  std::string host;  // empty: embedded SQLite
  std::uint16_t port = 3306;
  std::string user;
  std::string password;
  std::string name;
  int pool_size = 8;
};

struct RedisConfig {
  std::string host;  // empty: in-process cache and token store
  std::uint16_t port = 6379;
  int db = 0;
  std::string username;
  std::string password;
};

struct HostConfig {
  bool production = true;  // NODE_ENV != "dev"
  std::string bind_address = "0.0.0.0";
  std::uint16_t port = 3000;
  std::vector<std::string> client_origins;      // CLIENTORIGIN split on "___"
  std::vector<std::string> trusted_proxies;     // TRUSTED_PROXIES
  std::size_t max_connections = 0;              // MAX_CONNECTIONS; 0 = RLIMIT_NOFILE - 256
  std::size_t max_connections_per_address = 0;  // MAX_CONNECTIONS_PER_ADDRESS; 0 = no limit
  std::size_t max_socket_sessions = 0;  // MAX_SOCKET_SESSIONS: Engine.IO; 0 = the connection limit
  std::size_t max_sessions_per_user = 1000;  // MAX_SESSIONS_PER_USER: Socket.IO sessions; 0 = off
  std::string socket_path = "/socket/v1/IM/";
  std::string multer_dest = "upload";           // MULTER_DEST
  std::string uploads_static_dir = "uploads";   // UPLOADS_STATIC_DIR
  std::uint64_t upload_max_bytes = 52428800;    // UPLOAD_MAX_BYTES
  std::string swagger_ui_dir;                   // SWAGGER_UI_DIR; empty = built-in default
  std::string sqlite_path = "im.db";            // SQLITE_PATH (embedded default)
  bool sqlite_sync_full = true;                 // SQLITE_SYNC: full (fsync per commit) | normal
  int io_threads = 0;                           // IO_THREADS; 0 = number of cores
  int worker_threads = 8;                       // WORKER_THREADS: storage and file calls
  int hash_threads = 0;                         // HASH_THREADS: bcrypt (0 = half the cores)
  int hash_queue = 64;                          // HASH_QUEUE: password requests waiting, at most
  std::size_t message_queue = 4096;             // MESSAGE_QUEUE: messages waiting to be stored
  std::chrono::seconds shutdown_timeout{10};    // SHUTDOWN_TIMEOUT: SIGTERM to exit, at most
  std::chrono::seconds ws_close_grace{5};       // WS_CLOSE_GRACE: a closing websocket, at most
  std::string log_level = "info";               // LOG_LEVEL: a level, then component=level pairs
  std::string log_format = "text";              // LOG_FORMAT: text | json
  std::string log_file = "logs/im_server.log";  // LOG_FILE; empty disables the file
  std::uint64_t log_file_max_bytes = 10 * 1024 * 1024;  // 0: rotation left to the system
  int log_file_keep = 5;
  std::string secret_key_file;  // SECRET_KEY_FILE: read into engine.secret_key when that is unset
  std::string tls_cert;         // TLS_CERT (PEM); with TLS_KEY the port serves HTTPS and WSS
  std::string tls_key;          // TLS_KEY
  // The offline push webhook (docs/operations.md "Offline push webhook"); empty URL = off.
  std::string push_webhook_url;      // PUSH_WEBHOOK_URL: http(s) only, checked at start
  std::string push_webhook_secret;   // PUSH_WEBHOOK_SECRET: HMAC key of X-IM-Signature
  bool push_webhook_preview = true;  // PUSH_WEBHOOK_PREVIEW: text preview in the events
  int push_webhook_retry_ms = 1000;  // PUSH_WEBHOOK_RETRY_MS: first retry delay (doubles)
  DatabaseConfig db;
  RedisConfig redis;
  EngineConfig engine;
};

// What the configuration is loaded for: a serving process needs SECRET_KEY and CLIENTORIGIN;
// the storage commands (migrate, create-admin) do not.
enum class ConfigUse { serve, storage };

// Parses flags (cxxopts), the environment and the env files chosen by NODE_ENV.
// Throws std::runtime_error with a clear message for unusable settings (missing SECRET_KEY in
// production, missing CLIENTORIGIN, bad numbers). `--help` prints usage and sets `help_shown`.
struct LoadedConfig {
  HostConfig config;
  bool help_shown = false;
  std::string help_text;
};
LoadedConfig load_config(int argc, const char* const* argv, const std::string& env_dir = ".",
                         ConfigUse use = ConfigUse::serve);

// Every setting's KEY, in the order --help lists them.
std::vector<std::string_view> setting_keys();

// Reads one env file (its text as parse_env_text in env_text.hpp reads it); missing file = empty.
std::vector<std::pair<std::string, std::string>> read_env_file(const std::string& path);

}  // namespace im::host
