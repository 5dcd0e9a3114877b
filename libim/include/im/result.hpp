// Domain errors are values (design.md, "Error model"): a Result<T> holds either a T or an Error.
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

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

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

  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }

 private:
  std::variant<T, Error> v_;
};

struct Unit {};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace im
