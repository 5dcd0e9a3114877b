#include "bench/groups.hpp"

#include <stdexcept>
#include <string>

#include <fmt/core.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "bench/http_post.hpp"

namespace im::bench {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

constexpr std::size_t kBasicGroupLimit = 200;  // type 1 (J9); larger groups need type 2

asio::awaitable<void> create_all(asio::ip::tcp::endpoint server,
                                 const std::vector<std::vector<const User*>>& members,
                                 std::vector<std::int64_t>& ids) {
  boost::beast::tcp_stream stream(co_await asio::this_coro::executor);
  stream.expires_after(std::chrono::seconds(30));
  co_await stream.async_connect(server, asio::use_awaitable);
  boost::beast::flat_buffer buffer;
  for (std::size_t g = 0; g < members.size(); ++g) {
    const User& creator = *members[g].front();
    json::array list;
    for (const User* u : members[g]) list.push_back(u->id);
    json::object body{{"name", fmt::format("bench-g{}", g)},
                      {"type", members[g].size() > kBasicGroupLimit ? 2 : 1},
                      {"members", std::move(list)}};
    // Named, not temporaries: GCC cannot keep a string literal temporary in a coroutine frame.
    std::string target = "/api/v1/groups";
    const HttpHeaders headers{{"authorization", creator.token},
                              {"userid", std::to_string(creator.id)}};
    auto res =
        co_await post_json(stream, buffer, std::move(target), json::serialize(body), headers);
    // G1 answers 200 without `data` when nothing was created, so `data` is what proves success.
    const auto reply = res.result_int() == 200 ? json::parse(res.body()) : json::value{};
    const auto* data = reply.is_object() ? reply.as_object().if_contains("data") : nullptr;
    if (!data || data->at("count").to_number<std::size_t>() != members[g].size())
      throw std::runtime_error(fmt::format("creating group {} of {} members failed: {} {}", g,
                                           members[g].size(), res.result_int(), res.body()));
    ids[g] = data->at("id").to_number<std::int64_t>();
  }
}

}  // namespace

std::vector<std::int64_t> create_groups(const asio::ip::tcp::endpoint& server,
                                        const std::vector<std::vector<const User*>>& members) {
  std::vector<std::int64_t> ids(members.size());
  asio::io_context io;
  std::exception_ptr error;
  asio::co_spawn(io, create_all(server, members, ids),
                 [&error](std::exception_ptr e) { error = e; });
  io.run();
  if (error) std::rethrow_exception(error);
  return ids;
}

}  // namespace im::bench
