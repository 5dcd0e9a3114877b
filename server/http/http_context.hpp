// What every HTTP connection shares: the API pipeline, the CORS policy, the worker pool, the
// optional socket endpoint (docs/contract/realtime.md 2.1) and the optional TLS context. Owned by
// the listener's owner; outlives sessions. A front without the API serves the socket endpoint alone
// (examples/socketio_echo): every other request gets the API's 404.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "server/config/host_config.hpp"
#include "server/http/api.hpp"
#include "server/http/cors.hpp"
#include "server/http/socket_endpoint.hpp"
#include "server/metrics/http_metrics.hpp"
#include "server/metrics/operations.hpp"

namespace im::host {

class HttpContext {
 public:
  // `tls` (TLS_CERT / TLS_KEY) makes every connection HTTPS/WSS; null serves plain TCP.
  HttpContext(Api& api, const HostConfig& config, boost::asio::thread_pool& workers,
              boost::asio::thread_pool& hashing,
              std::shared_ptr<boost::asio::ssl::context> tls = nullptr)
      : api_(&api),
        config_(config),
        workers_(&workers),
        hashing_(&hashing),
        cors_(config.client_origins),
        tls_(std::move(tls)) {}
  // The socket endpoint alone, no API (nor its worker pools).
  explicit HttpContext(const HostConfig& config,
                       std::shared_ptr<boost::asio::ssl::context> tls = nullptr)
      : config_(config), cors_(config.client_origins), tls_(std::move(tls)) {}

  bool has_api() const { return api_ != nullptr; }
  // The API and its pools: only when has_api().
  Api& api() { return *api_; }
  boost::asio::thread_pool& workers() { return *workers_; }
  // Routes that hash passwords run here (Route::hashes_password), at most HASH_QUEUE of them
  // queued or running: try_admit_hashing() is false past that, release_hashing() ends one.
  boost::asio::thread_pool& hashing() { return *hashing_; }
  const HostConfig& config() const { return config_; }
  bool try_admit_hashing() {
    if (hashing_in_flight_.fetch_add(1) < config_.hash_queue) return true;
    hashing_in_flight_.fetch_sub(1);
    return false;
  }
  void release_hashing() { hashing_in_flight_.fetch_sub(1); }
  const CorsPolicy& cors() const { return cors_; }
  boost::asio::ssl::context* tls() const { return tls_.get(); }

  void set_socket_endpoint(std::shared_ptr<SocketEndpoint> endpoint) {
    std::lock_guard lock(mutex_);
    socket_ = std::move(endpoint);
  }
  std::shared_ptr<SocketEndpoint> socket_endpoint() const {
    std::lock_guard lock(mutex_);
    return socket_;
  }

  HttpMetrics& metrics() { return metrics_; }
  // GET /healthz and /metrics (server/metrics); set once before serving.
  void set_operations(std::shared_ptr<const Operations> operations) {
    std::lock_guard lock(mutex_);
    operations_ = std::move(operations);
  }
  std::shared_ptr<const Operations> operations() const {
    std::lock_guard lock(mutex_);
    return operations_;
  }

 private:
  Api* api_ = nullptr;
  const HostConfig& config_;
  boost::asio::thread_pool* workers_ = nullptr;
  boost::asio::thread_pool* hashing_ = nullptr;
  std::atomic<int> hashing_in_flight_{0};
  CorsPolicy cors_;
  const std::shared_ptr<boost::asio::ssl::context> tls_;
  mutable std::mutex mutex_;
  std::shared_ptr<SocketEndpoint> socket_;
  std::shared_ptr<const Operations> operations_;
  HttpMetrics metrics_;
};

}  // namespace im::host
