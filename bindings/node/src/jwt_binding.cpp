// signJwt(payload, secret) and verifyJwt(token, secret, nowSeconds?) with the server's rules
// (libim auth/jwt: HS256 only, `exp` checked when numeric). A failed verification throws an
// Error whose `code` says why: 'malformed', 'bad_algorithm', 'bad_signature' or 'expired'.
#include <ctime>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "binding.hpp"
#include "im/auth/jwt.hpp"

namespace im::node {
namespace {

namespace json = boost::json;

Napi::Value json_call(Napi::Env env, const char* fn, Napi::Value arg) {
  Napi::Object json_obj = env.Global().Get("JSON").As<Napi::Object>();
  return json_obj.Get(fn).As<Napi::Function>().Call(json_obj, {arg});
}

std::string string_arg(const Napi::CallbackInfo& info, std::size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsString())
    throw_type_error(info.Env(), std::string(what) + ": expected a string");
  return info[i].As<Napi::String>().Utf8Value();
}

Napi::Value sign(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject() || info[0].IsArray())
    throw_type_error(env, "signJwt: payload must be a plain object");
  std::string secret = string_arg(info, 1, "signJwt: secret");
  if (secret.empty()) throw_error(env, "signJwt: secret must not be empty");
  // JSON.stringify keeps the caller's key order, which the token then preserves.
  std::string text = json_call(env, "stringify", info[0]).As<Napi::String>().Utf8Value();
  boost::system::error_code ec;
  json::value payload = json::parse(text, ec);
  if (ec || !payload.is_object()) throw_error(env, "signJwt: payload is not JSON-serialisable");
  return Napi::String::New(env, auth::jwt_sign(payload.as_object(), secret));
}

const char* reason(auth::JwtError e) {
  switch (e) {
    case auth::JwtError::malformed:
      return "malformed";
    case auth::JwtError::bad_algorithm:
      return "bad_algorithm";
    case auth::JwtError::bad_signature:
      return "bad_signature";
    case auth::JwtError::expired:
      return "expired";
  }
  return "malformed";
}

const char* message(auth::JwtError e) {
  switch (e) {
    case auth::JwtError::malformed:
      return "jwt malformed";
    case auth::JwtError::bad_algorithm:
      return "invalid algorithm (only HS256 is accepted)";
    case auth::JwtError::bad_signature:
      return "invalid signature";
    case auth::JwtError::expired:
      return "jwt expired";
  }
  return "jwt malformed";
}

Napi::Value verify(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string token = string_arg(info, 0, "verifyJwt: token");
  std::string secret = string_arg(info, 1, "verifyJwt: secret");
  long long now = static_cast<long long>(std::time(nullptr));
  if (info.Length() > 2 && !info[2].IsUndefined() && !info[2].IsNull())
    now = to_int64(info[2], "verifyJwt: nowSeconds");
  auto verified = auth::jwt_verify(token, secret, now);
  if (!verified.ok()) {
    auth::JwtError e = verified.error.value_or(auth::JwtError::malformed);
    Napi::Error err = Napi::Error::New(env, message(e));
    err.Set("code", Napi::String::New(env, reason(e)));
    throw err;
  }
  return json_call(env, "parse", Napi::String::New(env, json::serialize(*verified.payload)));
}

}  // namespace

void init_jwt(Napi::Env env, Napi::Object exports) {
  exports.Set("signJwt", Napi::Function::New(env, sign, "signJwt"));
  exports.Set("verifyJwt", Napi::Function::New(env, verify, "verifyJwt"));
}

}  // namespace im::node
