// Creates benchmark groups over HTTP (POST /api/v1/groups, docs/contract/http-api.md G1), each by
// its first member, with the credentials in the `userid` and `authorization` headers.
#pragma once

#include <cstdint>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "bench/registration.hpp"

namespace im::bench {

// members[g] lists group g's users, creator first; returns the group ids in the same order.
// Groups of more than 200 members are created as type 2 (Big, up to 2000). Throws
// std::runtime_error when a reply is not a created group with every member in it.
std::vector<std::int64_t> create_groups(const boost::asio::ip::tcp::endpoint& server,
                                        const std::vector<std::vector<const User*>>& members);

}  // namespace im::bench
