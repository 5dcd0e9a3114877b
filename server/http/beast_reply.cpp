#include "server/http/beast_reply.hpp"

namespace im::host {

namespace http = boost::beast::http;

HttpResponse to_beast(Reply reply, const HeaderList& cors, unsigned version, bool keep_alive,
                      bool head) {
  HttpResponse res{static_cast<http::status>(reply.status), version};
  for (const auto& [name, value] : cors) res.insert(name, value);
  if (!reply.content_type.empty()) res.set(http::field::content_type, reply.content_type);
  for (const auto& [name, value] : reply.headers) res.insert(name, value);
  res.keep_alive(keep_alive);
  std::size_t length = reply.body.size();
  if (!head) res.body() = std::move(reply.body);
  res.content_length(length);
  return res;
}

HttpResponse preflight_response(const HeaderList& cors, unsigned version, bool keep_alive) {
  HttpResponse res{http::status::no_content, version};
  for (const auto& [name, value] : cors) res.insert(name, value);
  res.keep_alive(keep_alive);
  res.content_length(0);
  return res;
}

}  // namespace im::host
