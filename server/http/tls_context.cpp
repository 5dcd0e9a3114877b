#include "server/http/tls_context.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <openssl/ssl.h>

namespace im::host {

namespace ssl = boost::asio::ssl;

namespace {

void check_readable(const char* key, const std::string& file) {
  std::ifstream in(file);
  if (!in)
    throw std::runtime_error(std::string(key) + ": cannot read '" + file +
                             "': " + std::strerror(errno));
}

}  // namespace

std::shared_ptr<ssl::context> make_tls_context(const std::string& cert_file,
                                               const std::string& key_file) {
  check_readable("TLS_CERT", cert_file);
  check_readable("TLS_KEY", key_file);
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::single_dh_use);
  SSL_CTX* native = context->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);

  boost::system::error_code ec;
  context->use_certificate_chain_file(cert_file, ec);
  if (ec)
    throw std::runtime_error("TLS_CERT: '" + cert_file +
                             "' is not a PEM certificate chain: " + ec.message());
  context->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec)
    throw std::runtime_error("TLS_KEY: '" + key_file +
                             "' is not a PEM private key for the certificate in '" + cert_file +
                             "': " + ec.message());
  if (SSL_CTX_check_private_key(native) != 1)
    throw std::runtime_error("TLS_KEY: '" + key_file + "' does not match the certificate in '" +
                             cert_file + "'");
  return context;
}

}  // namespace im::host
