// Shared pieces of the im_node addon: each file registers its functions on the exports object.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <napi.h>

namespace im::codec {
struct AckMessage;
struct MessageDown;
}  // namespace im::codec

namespace im::node {

void init_codec(Napi::Env env, Napi::Object exports);
void init_jwt(Napi::Env env, Napi::Object exports);
void init_server(Napi::Env env, Napi::Object exports);
void init_core(Napi::Env env, Napi::Object exports);

// The objects decode('AckMessage' | 'MessageDown', bytes) returns, for values the addon has
// already decoded (int64 fields as BigInt, absent optional fields left out).
Napi::Object ack_message_object(Napi::Env env, const codec::AckMessage& message);
Napi::Object message_down_object(Napi::Env env, const codec::MessageDown& message);

// The objects of one Node environment that may still run threads, for its cleanup hook (weak:
// their JS handles own them).
template <class T>
class LiveObjects {
 public:
  void add(const std::shared_ptr<T>& object) {
    std::erase_if(objects_, [](const auto& w) { return w.expired(); });
    objects_.push_back(object);
  }
  template <class Stop>
  void stop_all(Stop stop) {
    for (auto& w : objects_)
      if (auto object = w.lock()) stop(*object);
  }

 private:
  std::vector<std::weak_ptr<T>> objects_;
};

// A JS BigInt or a safe-integer Number as int64; throws a JS TypeError/RangeError naming `what`.
std::int64_t to_int64(const Napi::Value& value, const std::string& what);
// Throws a JS Error (node-addon-api turns the C++ exception into a pending JS exception).
[[noreturn]] void throw_error(Napi::Env env, const std::string& message);
[[noreturn]] void throw_type_error(Napi::Env env, const std::string& message);

}  // namespace im::node
