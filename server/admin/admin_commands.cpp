#include "server/admin/admin_commands.hpp"

#include <cstdio>
#include <exception>
#include <optional>

#include <fmt/format.h>

#include "im/auth/password.hpp"
#include "im/clock.hpp"
#include "im/log.hpp"
#include "im/services/user_service.hpp"
#include "server/admin/password_input.hpp"
#include "server/config/effective_config.hpp"
#include "server/config/host_config.hpp"
#include "server/http/tls_context.hpp"
#include "server/ports.hpp"

#ifndef IM_VERSION
#define IM_VERSION "unknown"
#endif

namespace im::host {
namespace {

// docs/contract/data-model.md 3: the seeded role "admin", which holds every permission.
constexpr std::int64_t kAdminRoleId = 5;

// nullopt after --help was printed.
std::optional<HostConfig> load(const CommandLine& line, ConfigUse use) {
  auto loaded = load_config(line.options_count(), line.options.data(), ".", use);
  if (!loaded.help_shown) return std::move(loaded.config);
  print_help(loaded);
  return std::nullopt;
}

std::string storage_name(const HostConfig& c) {
  return c.db.host.empty()
             ? fmt::format("SQLite {}", c.sqlite_path)
             : fmt::format("MariaDB {}@{}:{}/{}", c.db.user, c.db.host, c.db.port, c.db.name);
}

int migrate(const CommandLine& line) {
  const auto loaded = load(line, ConfigUse::storage);
  if (!loaded) return 0;
  const HostConfig& config = *loaded;
  make_storage(config).database->migrate();
  std::printf("schema up to date: %s\n", storage_name(config).c_str());
  return 0;
}

int check_config(const CommandLine& line) {
  const auto loaded = load(line, ConfigUse::serve);
  if (!loaded) return 0;
  const HostConfig& config = *loaded;
  // The files TLS needs are read here too: a certificate that does not load would stop the
  // server at start.
  if (!config.tls_cert.empty()) make_tls_context(config.tls_cert, config.tls_key);
  for (const auto& [key, value] : effective_settings(config))
    std::printf("%s=%s\n", key.c_str(), value.c_str());
  std::fputs("configuration is valid\n", stderr);
  return 0;
}

int create_admin(const CommandLine& line) {
  const auto loaded = load(line, ConfigUse::storage);
  if (!loaded) return 0;
  const HostConfig& config = *loaded;
  const std::string& account = line.operands.at(0);
  if (!UserService::valid_account(account)) {
    std::fprintf(stderr, "im_server: \"%s\" is not an account (11 digits, 1[3-9]…)\n",
                 account.c_str());
    return 1;
  }
  auto password = read_password("Password: ");
  if (!password || password->empty()) {
    std::fputs("im_server: no password on standard input\n", stderr);
    return 1;
  }
  const Storage storage = make_storage(config);
  storage.database->migrate();
  auto role = storage.permissions->role_info(kAdminRoleId);
  if (!role || !role.value()) {
    std::fprintf(stderr, "im_server: the admin role (id %lld) is missing\n",
                 static_cast<long long>(kAdminRoleId));
    return 1;
  }
  NewUser user;
  user.account = account;
  auto hashed = auth::hash_password(*password, config.engine.bcrypt_cost);
  if (!hashed) {
    std::fprintf(stderr, "im_server: the password could not be hashed\n");
    return 1;
  }
  user.pwd_hash = std::move(*hashed);
  user.role_id = kAdminRoleId;
  user.now = make_system_clock()->now_s();
  auto created = storage.users->create_user(user);
  if (!created) {
    if (created.error().code == StoreErrc::conflict)
      std::fprintf(stderr, "im_server: the account %s already exists\n", account.c_str());
    else
      std::fprintf(stderr, "im_server: %s\n", created.error().detail.c_str());
    return 1;
  }
  std::printf("created admin %s (user id %lld) in %s\n", account.c_str(),
              static_cast<long long>(created.value().id), storage_name(config).c_str());
  return 0;
}

}  // namespace

int run_admin_command(const CommandLine& line) {
  log::set_console(stderr);  // stdout is the command's own output (check-config's settings)
  if (line.command == "version") {
    std::printf("im_server %s\n", IM_VERSION);
    return 0;
  }
  try {
    if (line.command == "migrate") return migrate(line);
    if (line.command == "check-config") return check_config(line);
    if (line.command == "create-admin") return create_admin(line);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "im_server %s: %s\n", line.command.c_str(), e.what());
    return 1;
  }
  std::fprintf(stderr, "im_server: unknown command %s\n", line.command.c_str());
  return 1;
}

}  // namespace im::host
