// What a route answers, before it becomes a Beast response: status, content type, body and
// extra headers. The builders produce the envelopes of docs/contract/http-api.md 5 with their exact
// key order.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "im/result.hpp"

namespace im::host {

// An open file that is streamed as a reply's body instead of `body` (GET /uploads/): the route
// opens it (on the worker pool), the connection reads it piece by piece while it writes.
class FileBody {
 public:
  FileBody(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
  FileBody(const FileBody&) = delete;
  FileBody& operator=(const FileBody&) = delete;
  ~FileBody();
  std::uint64_t size() const { return size_; }
  int release() { return std::exchange(fd_, -1); }  // the caller closes it from now on

 private:
  int fd_;
  std::uint64_t size_;
};

// A body produced piece by piece (GET /api/v1/users/export), sent with chunked transfer coding
// (to an HTTP/1.0 client: unframed, then the connection closes). The connection asks for the next
// piece on the worker pool only once the previous one is written, so a reply of any size holds
// one piece in memory and a slow reader slows the producer down.
class ChunkSource {
 public:
  virtual ~ChunkSource() = default;
  // Blocking (runs on the worker pool). The next piece; "" when the body is complete; nullopt
  // when it cannot go on (e.g. storage failed mid-way): the connection is then closed without
  // the last chunk, so that the client sees a truncated body, never a complete-looking one.
  virtual std::optional<std::string> next() = 0;
};

struct Reply {
  unsigned status = 200;
  std::string content_type;  // empty: no Content-Type header (P1/P3 empty bodies, 5.1)
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Retry-After
  std::shared_ptr<FileBody> file;       // set: the body is this file (Content-Length = its size)
  std::shared_ptr<ChunkSource> stream;  // set: the body comes from this source, chunked
};

inline constexpr std::string_view json_content_type = "application/json; charset=utf-8";

// The reason phrase of docs/contract/http-api.md 5.2 ("Bad Request", "Payload Too Large", ...).
std::string_view reason_phrase(unsigned status);

// Any JSON object, serialised with its key order.
Reply json_reply(unsigned status, const boost::json::object& body);
// 5.1: {"statusCode":200, then the given keys in order}.
Reply success(boost::json::object rest = {});
// {"statusCode":200,"message":<message>}.
Reply success_message(std::string_view message);
// 5.2: E-msg when the error has a message, E-bare without one, E-500 for a bare 500.
Reply error_reply(const Error& error);
// 4: the body-limit reply {"statusCode":413,"message":"request entity too large"}.
Reply entity_too_large();
// 5.4: {"message":"Cannot <METHOD> <original URL>","error":"Not Found","statusCode":404}.
Reply route_not_found(std::string_view method, std::string_view target);
// 5.1: 200 with an empty body and no Content-Type (P1 failures, P3).
Reply empty_ok();
// A1: Hello World! as text/html.
Reply html(std::string body);

}  // namespace im::host
