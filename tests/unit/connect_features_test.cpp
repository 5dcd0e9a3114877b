// Which protocol extensions a CONNECT payload opts in to (docs/protocol-extensions.md "Opting in").
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include "server/realtime/connect_features.hpp"

namespace {

im::Features parse(const char* json) {
  return im::host::features_from_connect_payload(boost::json::parse(json));
}

}  // namespace

TEST_CASE("a CONNECT payload's features list opts in", "[features]") {
  auto f = parse(R"({"features":["sync","typing","presence","edit","receipts"]})");
  for (auto x : {im::Feature::sync, im::Feature::typing, im::Feature::presence, im::Feature::edit,
                 im::Feature::receipts})
    CHECK(f.has(x));
  auto one = parse(R"({"features":["typing"],"other":1})");
  CHECK(one.has(im::Feature::typing));
  CHECK_FALSE(one.has(im::Feature::sync));
}

TEST_CASE("no payload, or one the original would ignore, opts in to nothing", "[features]") {
  for (const char* json :
       {"null", "{}", "[]", "\"sync\"", R"({"features":"sync"})", R"({"features":{"sync":true}})",
        R"({"features":[1,null,{}]})", R"({"Features":["sync"]})"})
    CHECK(parse(json).empty());
  // Unknown names are skipped, known ones beside them still count.
  auto mixed = parse(R"({"features":["video",7,"presence"]})");
  CHECK(mixed.has(im::Feature::presence));
  CHECK(mixed == im::Features::from_bits(mixed.bits()));
}
