// The offline push webhook's outbox (PushOutboxStore; docs/operations.md "Offline push webhook"):
// unique keys, exclusive claims until their lease ends, finish and retry by the claim holder only.
#include "backends.hpp"
#include "fixtures.hpp"

using namespace im_test;

TEMPLATE_TEST_CASE("push outbox claims are exclusive until their lease ends", "[storage][push]",
                   IM_STORAGE_BACKENDS) {
  auto store = TestType::make();
  auto& outbox = *store->push_outbox;
  im::PushEvent events[] = {{"a", "{\"n\":1}"}, {"b", "{\"n\":2}"}, {"a", "{\"n\":3}"}};
  REQUIRE(outbox.enqueue_push_events(events, 100).ok());
  CHECK(outbox.count_push_events().value() == 2);  // the second "a" is ignored

  auto first = outbox.claim_push_events("node1:1", 100, 1000, 1).value();
  REQUIRE(first.size() == 1);
  CHECK(first[0].key == "a");
  CHECK(first[0].body == "{\"n\":1}");
  CHECK(first[0].attempts == 0);
  CHECK(first[0].created_at == 100);
  auto second = outbox.claim_push_events("node2:1", 100, 5000, 10).value();
  REQUIRE(second.size() == 1);
  CHECK(second[0].key == "b");
  CHECK(outbox.claim_push_events("node2:2", 999, 2000, 10).value().empty());

  // node1 died: its lease ends and another node takes the row; node1's late finish is ignored.
  auto taken = outbox.claim_push_events("node2:3", 1000, 3000, 10).value();
  REQUIRE(taken.size() == 1);
  CHECK(taken[0].key == "a");
  REQUIRE(outbox.finish_push_event(first[0].id, "node1:1").ok());
  CHECK(outbox.count_push_events().value() == 2);

  // A failed post: due again later, with its attempts, and free for any claim then.
  REQUIRE(outbox.retry_push_event(taken[0].id, "node2:3", 1, 4000).ok());
  CHECK(outbox.claim_push_events("node3:1", 3999, 9000, 10).value().empty());
  auto again = outbox.claim_push_events("node3:2", 4000, 9000, 10).value();
  REQUIRE(again.size() == 1);
  CHECK(again[0].attempts == 1);
  REQUIRE(outbox.finish_push_event(again[0].id, "node3:2").ok());
  REQUIRE(outbox.finish_push_event(second[0].id, "node2:1").ok());
  CHECK(outbox.count_push_events().value() == 0);
}
