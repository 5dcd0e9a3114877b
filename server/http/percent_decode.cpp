#include "server/http/percent_decode.hpp"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/grammar/hexdig_chars.hpp>
#include <boost/url/grammar/string_token.hpp>
#include <boost/url/pct_string_view.hpp>

namespace im::host {
namespace {

namespace urls = boost::urls;

// The first '%' that is not followed by two hex digits, or npos.
std::size_t stray_percent(std::string_view text) {
  for (auto at = text.find('%'); at != std::string_view::npos; at = text.find('%', at + 1)) {
    if (at + 2 >= text.size() || !urls::grammar::hexdig_chars(text[at + 1]) ||
        !urls::grammar::hexdig_chars(text[at + 2]))
      return at;
  }
  return std::string_view::npos;
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_as_space) {
  const urls::encoding_opts options(plus_as_space);
  std::string out;
  out.reserve(text.size());
  // Boost.URL decodes well-formed text only: the pieces between stray '%' are decoded, the stray
  // '%' themselves copied.
  for (;;) {
    const std::size_t stray = stray_percent(text);
    auto piece = urls::make_pct_string_view(text.substr(0, stray));
    piece->decode(options, urls::string_token::append_to(out));
    if (stray == std::string_view::npos) return out;
    out += '%';
    text.remove_prefix(stray + 1);
  }
}

std::optional<std::string> strict_percent_decode(std::string_view text) {
  auto valid = urls::make_pct_string_view(text);
  if (!valid) return std::nullopt;
  return valid->decode();
}

}  // namespace im::host
