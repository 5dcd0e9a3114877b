// JSON request bodies: parse_json_body (UTF-8 repair, the JavaScript-worded syntax checker,
// then Boost.JSON). A body that parses is an object or an array (strict mode); the repair gives
// valid UTF-8 and leaves valid UTF-8 alone.
#include "server/http/json_body.hpp"
#include "im/text.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using im::fuzz::require;
  auto text = im::fuzz::as_text(data, size);
  auto result = im::host::parse_json_body(text);
  if (auto* value = std::get_if<boost::json::value>(&result))
    require(value->is_object() || value->is_array(), "a body is an object or an array");
  else
    require(!std::get<im::host::JsonBodyError>(result).message.empty(), "errors have a message");
  auto repaired = im::host::repair_utf8(text);
  require(im::is_valid_utf8(repaired), "repair_utf8 gives valid UTF-8");
  require(im::is_valid_utf8(text) == (repaired == text), "repair_utf8 changes only invalid text");
  return 0;
}
