// Errors are values (design.md, "Error model"). A service's Result<T> holds either a T or an
// Error (a code, a detail, and the status and exact message of the spec); a port's StoreResult<T>
// holds either a T or a StoreError (what went wrong in the adapter). Nothing in the public API
// throws: factories that can fail (Engine::create, make_sqlite_storage) return a Result too.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace im {

// What went wrong, for a program: the same for every transport (docs/embedding.md 1.7).
enum class Errc {
  invalid_argument,  // the input breaks a rule (a missing or malformed field, a bad value)
  invalid_account,   // a registration whose account does not match the account rule
  unauthenticated,   // no valid credentials (token, password)
  forbidden,         // not allowed to this caller (another user's resource, a role)
  not_found,         // no such resource, or one the caller may not know about
  not_friends,       // the action needs a friendship that does not exist
  conflict,          // it exists already (an account, a friendship, a role)
  rate_limited,      // too many attempts; try later
  storage,           // the database or the cache failed or cannot be reached
  internal,          // anything else
};

// The name of a code ("invalid_account"), for logs and bindings.
const char* to_string(Errc code);

// An error: its code and what happened (`detail`, for the program and its logs, never sent to a
// client), with the HTTP-like status and exact message text the host answers with (the spec's
// wire reply, which the original sometimes shares between different causes: U2 answers every
// invalid registration with 500 "Database error."). An empty message means "no specific
// message": the transport then uses the bare shape ({"message":"<reason phrase>","statusCode":N})
// or, for 500, the generic one.
struct Error {
  Errc code = Errc::internal;
  int status = 500;
  std::string message;
  std::string detail;

  Error() = default;
  // The code follows from the status (400 invalid_argument, 401 unauthenticated, 403 forbidden,
  // 404 not_found, 409 conflict, 429 rate_limited, anything else internal).
  Error(int status_code, std::string wire_message);
  Error(Errc why, int status_code, std::string wire_message, std::string what = {})
      : code(why), status(status_code), message(std::move(wire_message)), detail(std::move(what)) {}

  static Error bare(int status) { return Error{status, {}}; }
  static Error internal() { return Error{500, {}}; }
  static Error unauthorized() { return Error{401, {}}; }
  static Error bad_request() { return Error{400, {}}; }
  static Error forbidden() { return Error{403, "Forbidden resource"}; }
  static Error not_found(std::string message) { return Error{404, std::move(message)}; }
  // A port failed: the generic 500 on the wire, the adapter's words in `detail`.
  static Error storage(std::string what) { return Error{Errc::storage, 500, {}, std::move(what)}; }

  // The same wire reply, with the code and detail that say what it means here.
  Error because(Errc why, std::string what) && {
    code = why;
    detail = std::move(what);
    return std::move(*this);
  }

  // Equal when a client could not tell them apart: the same status and message.
  bool operator==(const Error& other) const {
    return status == other.status && message == other.message;
  }
};

template <class T, class E = Error>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(E error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }

 private:
  std::variant<T, E> v_;
};

struct Unit {};

template <class E>
class [[nodiscard]] Result<void, E> {
 public:
  Result() = default;
  Result(E error) : error_(std::move(error)), ok_(false) {}

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const E& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  E error_;
  bool ok_ = true;
};

// ---- The ports' result (Storage, TokenStore, Cache)

enum class StoreErrc {
  conflict,     // a unique key was violated (duplicate account, email, name, msgId)
  foreign_key,  // a referenced row is missing, or the row is still referenced
  unavailable,  // the database or cache cannot be reached (connection lost, pool exhausted)
  other,        // anything else
};

struct StoreError {
  StoreErrc code = StoreErrc::other;
  std::string detail;  // for logs only; never sent to clients
};

template <class T>
using StoreResult = Result<T, StoreError>;

// The value of a port call that returns nothing but success.
struct Done {};

}  // namespace im
