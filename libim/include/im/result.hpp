// Errors are values (design.md, "Error model"). A service's Result<T> holds either a T or an
// Error (the status and exact message of the spec); a port's StoreResult<T> holds either a T or a
// StoreError (what went wrong in the adapter). No port and no service throws for a failure of its
// own; exceptions are for start-up and configuration.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace im {

// An error with an HTTP-like status and the exact message text of the spec.
// An empty message means "no specific message": the transport then uses the bare shape
// ({"message":"<reason phrase>","statusCode":N}) or, for 500, the generic one.
struct Error {
  int status = 500;
  std::string message;

  static Error bare(int status) { return Error{status, {}}; }
  static Error internal() { return Error{500, {}}; }
  static Error unauthorized() { return Error{401, {}}; }
  static Error bad_request() { return Error{400, {}}; }
  static Error forbidden() { return Error{403, "Forbidden resource"}; }
  static Error not_found(std::string message) { return Error{404, std::move(message)}; }

  bool operator==(const Error&) const = default;
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
