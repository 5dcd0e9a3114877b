#include "core_args.hpp"

#include "binding.hpp"

namespace im::node {

[[noreturn]] void throw_im_error(Napi::Env env, const Error& error) {
  std::string text = !error.detail.empty()    ? error.detail
                     : !error.message.empty() ? error.message
                                              : std::string(to_string(error.code));
  Napi::Error e = Napi::Error::New(env, text);
  e.Set("code", Napi::String::New(env, to_string(error.code)));
  e.Set("status", Napi::Number::New(env, error.status));
  e.Set("wireMessage", Napi::String::New(env, error.message));
  throw e;
}

void ok_or_throw(Napi::Env env, const Result<void>& result) {
  if (!result) throw_im_error(env, result.error());
}

std::string string_arg(const Napi::CallbackInfo& info, std::size_t i, const std::string& what) {
  if (info.Length() <= i || !info[i].IsString())
    throw_type_error(info.Env(), what + " must be a string");
  return info[i].As<Napi::String>().Utf8Value();
}

UserId user_arg(const Napi::CallbackInfo& info, std::size_t i, const std::string& what) {
  if (info.Length() <= i) throw_type_error(info.Env(), what + " is required");
  return to_int64(info[i], what);
}

bool present(const Napi::Value& v) {
  return !v.IsUndefined() && !v.IsNull();
}

OptionsReader::OptionsReader(Napi::Env env, Napi::Value value, std::string where)
    : env_(env), where_(std::move(where)) {
  if (present(value) && (!value.IsObject() || value.IsArray()))
    throw_type_error(env_, where_ + ": options must be an object");
  obj_ = present(value) ? value.As<Napi::Object>() : Napi::Object::New(env_);
}

std::optional<std::string> OptionsReader::string(const char* key) {
  Napi::Value v = obj_.Get(key);
  if (!present(v)) return std::nullopt;
  if (!v.IsString()) throw_type_error(env_, where_ + ": " + key + " must be a string");
  return v.As<Napi::String>().Utf8Value();
}

std::optional<bool> OptionsReader::boolean(const char* key) {
  Napi::Value v = obj_.Get(key);
  if (!present(v)) return std::nullopt;
  if (!v.IsBoolean()) throw_type_error(env_, where_ + ": " + key + " must be a boolean");
  return v.As<Napi::Boolean>().Value();
}

std::optional<std::int64_t> OptionsReader::integer(const char* key, std::int64_t lo,
                                                   std::int64_t hi) {
  Napi::Value v = obj_.Get(key);
  if (!present(v)) return std::nullopt;
  std::int64_t n = to_int64(v, where_ + ": " + key);
  if (n < lo || n > hi) throw Napi::RangeError::New(env_, where_ + ": " + key + " out of range");
  return n;
}

std::optional<std::vector<std::string>> OptionsReader::strings(const char* key) {
  Napi::Value v = obj_.Get(key);
  if (!present(v)) return std::nullopt;
  const std::string what = where_ + ": " + key + " must be an array of strings";
  if (!v.IsArray()) throw_type_error(env_, what);
  auto array = v.As<Napi::Array>();
  std::vector<std::string> out;
  for (std::uint32_t i = 0; i < array.Length(); ++i) {
    Napi::Value item = array.Get(i);
    if (!item.IsString()) throw_type_error(env_, what);
    out.push_back(item.As<Napi::String>().Utf8Value());
  }
  return out;
}

}  // namespace im::node
