#include "server/http/reply.hpp"

#include <unistd.h>

#include <boost/json/serialize.hpp>

namespace im::host {

FileBody::~FileBody() {
  if (fd_ >= 0) ::close(fd_);
}

namespace json = boost::json;

std::string_view reason_phrase(unsigned status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return status < 500 ? "Bad Request" : "Internal Server Error";
  }
}

Reply json_reply(unsigned status, const json::object& body) {
  return Reply{status, std::string(json_content_type), json::serialize(body), {}};
}

Reply success(json::object rest) {
  json::object body;
  body["statusCode"] = 200;
  for (auto& kv : rest) body[kv.key()] = std::move(kv.value());
  return json_reply(200, body);
}

Reply success_message(std::string_view message) {
  return json_reply(200, json::object{{"statusCode", 200}, {"message", message}});
}

Reply error_reply(const Error& error) {
  auto status = static_cast<unsigned>(error.status);
  if (status < 400 || status > 599) status = 500;
  json::object body;
  if (error.message.empty()) {
    if (status == 500) {
      // E-500: never any internal detail (5.2).
      body["statusCode"] = 500;
      body["message"] = "Internal server error";
    } else {
      body["message"] = reason_phrase(status);
      body["statusCode"] = status;
    }
  } else {
    body["message"] = error.message;
    body["error"] = reason_phrase(status);
    body["statusCode"] = status;
  }
  return json_reply(status, body);
}

Reply entity_too_large() {
  return json_reply(413,
                    json::object{{"statusCode", 413}, {"message", "request entity too large"}});
}

Reply route_not_found(std::string_view method, std::string_view target) {
  std::string message = "Cannot ";
  message.append(method).append(" ").append(target);
  return error_reply(Error::not_found(std::move(message)));
}

Reply empty_ok() {
  return Reply{200, {}, {}, {}};
}

Reply html(std::string body) {
  return Reply{200, "text/html; charset=utf-8", std::move(body), {}};
}

}  // namespace im::host
