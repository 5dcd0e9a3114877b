// Links the installed libim: the codec, tokens, and an Engine on the embedded adapters
// (im::sqlite).
#include <cstdio>

#include "im/auth/jwt.hpp"
#include "im/codec.hpp"
#include "im/engine.hpp"
#include "im/sqlite_storage.hpp"

int main() {
  auto bytes = im::codec::encode(im::codec::ack_success());
  auto ack = im::codec::decode_ack(bytes);
  if (!ack || ack->status_code != 200) return 1;

  boost::json::object payload{{"id", 1}, {"exp", 4000000000}};
  auto token = im::auth::jwt_sign(payload, "secret");
  if (!im::auth::jwt_verify(token, "secret", 0).ok()) return 2;

  im::EngineConfig config;
  config.secret_key = "secret";
  im::Engine engine(config, im::make_embedded_ports(":memory:"));
  std::printf("consumer ok: ack %lld, token %zu chars, engine ready\n",
              static_cast<long long>(ack->status_code), token.size());
  return 0;
}
