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
  im::Engine engine(config, im::make_embedded_ports(":memory:"));
  std::printf("consumer ok: ack %lld, engine ready\n", static_cast<long long>(ack->status_code));
  return 0;
}
