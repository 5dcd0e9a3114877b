#include "im/result.hpp"

namespace im {

namespace {

Errc code_for_status(int status) {
  switch (status) {
    case 400:
      return Errc::invalid_argument;
    case 401:
      return Errc::unauthenticated;
    case 403:
      return Errc::forbidden;
    case 404:
      return Errc::not_found;
    case 409:
      return Errc::conflict;
    case 429:
      return Errc::rate_limited;
    default:
      return Errc::internal;
  }
}

}  // namespace

Error::Error(int status_code, std::string wire_message)
    : code(code_for_status(status_code)), status(status_code), message(std::move(wire_message)) {}

const char* to_string(Errc code) {
  switch (code) {
    case Errc::invalid_argument:
      return "invalid_argument";
    case Errc::invalid_account:
      return "invalid_account";
    case Errc::unauthenticated:
      return "unauthenticated";
    case Errc::forbidden:
      return "forbidden";
    case Errc::not_found:
      return "not_found";
    case Errc::not_friends:
      return "not_friends";
    case Errc::conflict:
      return "conflict";
    case Errc::rate_limited:
      return "rate_limited";
    case Errc::storage:
      return "storage";
    case Errc::internal:
      break;
  }
  return "internal";
}

}  // namespace im
