// Links the installed libim: the codec and an Engine on the embedded adapters (im::sqlite).
#include <cstdio>

#include "im/codec.hpp"
#include "im/engine.hpp"
#include "im/sqlite_storage.hpp"

int main() {
  auto bytes = im::codec::encode(im::codec::ack_success());
  auto ack = im::codec::decode_ack(bytes);
  if (!ack || ack->status_code != 200) return 1;

  im::EngineConfig config;
  config.secret_key = "secret";
  auto ports = im::make_embedded_ports(":memory:");
  if (!ports) return 1;
  auto engine = im::Engine::create(config, std::move(ports).value());
  if (!engine) return 1;
  std::printf("consumer ok: ack %lld, engine ready\n", static_cast<long long>(ack->status_code));
  return 0;
}
