#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "server/http/connection_limits.hpp"

using namespace im::host;

TEST_CASE("connection limits: in all, per address, trusted proxies exempt", "[http][limits]") {
  auto limits = std::make_shared<ConnectionLimits>(4, 2, std::vector<std::string>{"10.0.0.1"});
  auto a1 = limits->admit("1.1.1.1");
  auto a2 = limits->admit("1.1.1.1");
  REQUIRE(a1);
  REQUIRE(a2);
  CHECK_FALSE(limits->admit("1.1.1.1"));  // third from one address
  auto proxy1 = limits->admit("10.0.0.1");
  auto proxy2 = limits->admit("10.0.0.1");  // the proxy is not limited per address ...
  REQUIRE(proxy1);
  REQUIRE(proxy2);
  CHECK_FALSE(limits->admit("10.0.0.1"));  // ... but counts towards the total
  CHECK_FALSE(limits->admit("2.2.2.2"));
  CHECK(limits->total() == 4);
  a1.reset();  // a connection ends: its slot is free again
  CHECK(limits->total() == 3);
  auto b = limits->admit("2.2.2.2");
  CHECK(b);
  CHECK_FALSE(limits->admit("1.1.1.1"));  // the total is reached again
  proxy1.reset();
  CHECK(limits->admit("1.1.1.1"));  // one from 1.1.1.1 is open: a second is allowed
}

TEST_CASE("connection limits: 0 means no limit", "[http][limits]") {
  auto limits = std::make_shared<ConnectionLimits>(0, 0, std::vector<std::string>{});
  std::vector<std::shared_ptr<void>> held;
  for (int i = 0; i < 1000; ++i) held.push_back(limits->admit("1.1.1.1"));
  for (auto& slot : held) CHECK(slot);
  CHECK(limits->total() == 1000);
  held.clear();
  CHECK(limits->total() == 0);
  CHECK(ConnectionLimits::automatic_max_total() > 0);
}
