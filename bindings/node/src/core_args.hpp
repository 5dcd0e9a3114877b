// Arguments and results of the embedded core's methods (core_binding.cpp, extension_binding.cpp):
// reading ids, strings and option objects with JS TypeErrors naming what is wrong, and turning an
// im::Error into a JS Error with `code` (the Errc name), `status` and `wireMessage`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <napi.h>

#include "im/result.hpp"
#include "im/types.hpp"

namespace im::node {

[[noreturn]] void throw_im_error(Napi::Env env, const Error& error);

template <class T>
T value_or_throw(Napi::Env env, Result<T> result) {
  if (!result) throw_im_error(env, result.error());
  return std::move(result).value();
}

void ok_or_throw(Napi::Env env, const Result<void>& result);

std::string string_arg(const Napi::CallbackInfo& info, std::size_t i, const std::string& what);
UserId user_arg(const Napi::CallbackInfo& info, std::size_t i, const std::string& what);
// Neither undefined nor null.
bool present(const Napi::Value& v);

// An options object (createCore's, connect's, a query's), read field by field; absent or
// null fields give nullopt, a field of the wrong type a TypeError.
class OptionsReader {
 public:
  OptionsReader(Napi::Env env, Napi::Value value, std::string where);
  std::optional<std::string> string(const char* key);
  std::optional<bool> boolean(const char* key);
  std::optional<std::int64_t> integer(const char* key, std::int64_t lo, std::int64_t hi);
  // A list of strings.
  std::optional<std::vector<std::string>> strings(const char* key);

 private:
  Napi::Env env_;
  std::string where_;
  Napi::Object obj_;
};

}  // namespace im::node
