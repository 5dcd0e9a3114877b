// The server's TLS settings (TLS_CERT / TLS_KEY): one context for every connection.
#pragma once

#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

namespace im::host {

// TLS 1.2 and 1.3 only, server role, no renegotiation; the PEM certificate chain in `cert_file`
// and the PEM private key in `key_file`. Throws std::runtime_error naming the setting and the
// file when one cannot be read or parsed, or when the key does not belong to the certificate.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const std::string& cert_file,
                                                            const std::string& key_file);

}  // namespace im::host
