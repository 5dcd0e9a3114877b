#include "server/http/upload_stream.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http/read.hpp>

namespace im::host {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

UploadStream::UploadStream(NetStream& stream, beast::flat_buffer& buffer,
                           HeaderParser&& header_parser, std::uint64_t body_limit,
                           asio::any_io_executor executor, asio::thread_pool& workers,
                           std::string boundary, std::shared_ptr<upload::FormReceiver> form)
    : stream_(stream),
      buffer_(buffer),
      parser_(std::move(header_parser)),  // same message, now read as raw chunks
      executor_(std::move(executor)),
      workers_(workers),
      multipart_(std::move(boundary)),
      form_(std::move(form)) {
  parser_.body_limit(body_limit);
}

void UploadStream::start(Done done) {
  done_ = std::move(done);
  if (parser_.is_done()) return finish(Outcome::malformed);  // no body at all
  read_chunk();
}

void UploadStream::read_chunk() {
  auto& body = parser_.get().body();
  body.data = chunk_.data();
  body.size = chunk_.size();
  stream_.tcp().expires_after(std::chrono::seconds(60));
  http::async_read(
      stream_, buffer_, parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_chunk(ec); });
}

void UploadStream::on_chunk(beast::error_code ec) {
  if (ec == http::error::need_buffer) ec = {};
  if (ec == http::error::body_limit) return finish(Outcome::file_too_large);
  if (ec) return finish(Outcome::connection_error);
  std::size_t got = chunk_.size() - parser_.get().body().size;
  bool last = parser_.is_done();
  // The multipart parser and the file writes run on the worker pool; the next read waits.
  asio::post(workers_, [self = shared_from_this(), got, last] {
    bool ok = self->multipart_.feed(std::string_view(self->chunk_.data(), got), *self->form_);
    Outcome outcome = Outcome::complete;
    if (!ok) {
      outcome = self->form_->failure() == upload::FormReceiver::Failure::file_too_large
                    ? Outcome::file_too_large
                    : Outcome::malformed;
    } else if (last && !self->multipart_.finished()) {
      outcome = Outcome::malformed;  // the body ended before the closing delimiter
    }
    asio::post(self->executor_, [self, ok, last, outcome] {
      if (!ok || last) return self->finish(outcome);
      self->read_chunk();
    });
  });
}

void UploadStream::finish(Outcome outcome) {
  auto done = std::move(done_);
  if (done) done(outcome);
}

}  // namespace im::host
