// application/x-www-form-urlencoded bodies: parse_form_body, whose bracket keys build nested
// objects and arrays (bounded depth and pair count). Every leaf it builds is a string.
#include <boost/json/value.hpp>

#include "server/http/form_body.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

// Iterative, so that the check itself cannot overflow the stack on a deep result.
bool leaves_are_strings(const boost::json::value& root) {
  std::vector<const boost::json::value*> todo{&root};
  while (!todo.empty()) {
    const auto* v = todo.back();
    todo.pop_back();
    if (v->is_object()) {
      for (const auto& member : v->as_object()) todo.push_back(&member.value());
    } else if (v->is_array()) {
      for (const auto& element : v->as_array()) todo.push_back(&element);
    } else if (!v->is_string()) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto body = im::host::parse_form_body(im::fuzz::as_text(data, size));
  im::fuzz::require(leaves_are_strings(body), "form values are strings");
  return 0;
}
