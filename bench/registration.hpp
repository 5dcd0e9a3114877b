// Registers benchmark users over HTTP (POST /api/v1/users/create) and returns their credentials.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

namespace im::bench {

// Every benchmark account's password (the login storm logs in with it).
inline constexpr const char* kBenchPassword = "bench12345";

struct User {
  std::int64_t id = 0;
  std::string account;
  std::string token;
};

// Registers `count` new users with `concurrency` keep-alive connections; accounts are
// 139xxxxxxxx numbers from a per-run random base. Throws std::runtime_error on any failure.
std::vector<User> register_users(const boost::asio::ip::tcp::endpoint& server, int count,
                                 int concurrency);

}  // namespace im::bench
