// Shared pieces of the im_node addon: each file registers its functions on the exports object.
#pragma once

#include <cstdint>
#include <string>

#include <napi.h>

namespace im::node {

void init_codec(Napi::Env env, Napi::Object exports);
void init_jwt(Napi::Env env, Napi::Object exports);
void init_server(Napi::Env env, Napi::Object exports);

// A JS BigInt or a safe-integer Number as int64; throws a JS TypeError/RangeError naming `what`.
std::int64_t to_int64(const Napi::Value& value, const std::string& what);
// Throws a JS Error (node-addon-api turns the C++ exception into a pending JS exception).
[[noreturn]] void throw_error(Napi::Env env, const std::string& message);
[[noreturn]] void throw_type_error(Napi::Env env, const std::string& message);

}  // namespace im::node
