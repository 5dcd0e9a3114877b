// Entry point of im_node.node: the codec, the token helpers, the in-process server and the
// embedded core.
#include <cmath>

#include "binding.hpp"

namespace im::node {

void throw_error(Napi::Env env, const std::string& message) {
  throw Napi::Error::New(env, message);
}

void throw_type_error(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, message);
}

std::int64_t to_int64(const Napi::Value& value, const std::string& what) {
  Napi::Env env = value.Env();
  if (value.IsBigInt()) {
    bool lossless = false;
    std::int64_t v = value.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless) throw Napi::RangeError::New(env, what + ": BigInt out of the int64 range");
    return v;
  }
  if (value.IsNumber()) {
    double d = value.As<Napi::Number>().DoubleValue();
    // Beyond 2^53 a Number has already lost digits: insist on a BigInt there.
    constexpr double kMaxSafe = 9007199254740991.0;
    if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > kMaxSafe)
      throw Napi::RangeError::New(
          env, what + ": a Number must be a safe integer (use a BigInt for larger values)");
    return static_cast<std::int64_t>(d);
  }
  throw_type_error(env, what + ": expected a BigInt or an integer Number");
}

}  // namespace im::node

static Napi::Object init_im_node(Napi::Env env, Napi::Object exports) {
  im::node::init_codec(env, exports);
  im::node::init_jwt(env, exports);
  im::node::init_server(env, exports);
  im::node::init_core(env, exports);
  return exports;
}

NODE_API_MODULE(im_node, init_im_node)
