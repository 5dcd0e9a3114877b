// Reads a multipart request body chunk by chunk and feeds it to a FormReceiver on the worker
// pool, one chunk at a time (natural back-pressure), so an upload is never held in memory and
// file writes never run on an I/O thread (S14, S16).
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <optional>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "server/http/net_stream.hpp"
#include "server/upload/form_receiver.hpp"
#include "server/upload/multipart.hpp"

namespace im::host {

class UploadStream : public std::enable_shared_from_this<UploadStream> {
 public:
  enum class Outcome { complete, file_too_large, malformed, connection_error };
  using Done = std::function<void(Outcome)>;
  using HeaderParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

  // `stream` and `buffer` belong to the connection, which must outlive the upload (it keeps a
  // reference to this object until `done` runs). `done` runs on `executor`.
  UploadStream(NetStream& stream, boost::beast::flat_buffer& buffer, HeaderParser&& header_parser,
               std::uint64_t body_limit, boost::asio::any_io_executor executor,
               boost::asio::thread_pool& workers, std::string boundary,
               std::shared_ptr<upload::FormReceiver> form);

  void start(Done done);

 private:
  void read_chunk();
  void on_chunk(boost::beast::error_code ec);
  void finish(Outcome outcome);

  NetStream& stream_;
  boost::beast::flat_buffer& buffer_;
  boost::beast::http::request_parser<boost::beast::http::buffer_body> parser_;
  boost::asio::any_io_executor executor_;
  boost::asio::thread_pool& workers_;
  upload::MultipartParser multipart_;
  std::shared_ptr<upload::FormReceiver> form_;
  std::array<char, 64 * 1024> chunk_{};
  Done done_;
};

}  // namespace im::host
