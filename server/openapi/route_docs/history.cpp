// History, conversations and search, extensions (docs/protocol-extensions.md "History and
// conversations", "Search").
#include "server/openapi/envelopes.hpp"
#include "server/openapi/route_docs.hpp"

namespace im::host::route_docs {

using namespace openapi;

namespace {

Schema stored_message() {
  return object_type({{"id", integer_type("the server's message id")},
                      {"msgId", string_type("the client's UUID")},
                      {"type", one_of_values(string_type(), {"text", "image", "video", "audio"})},
                      {"sender", integer_type()},
                      {"groupId", nullable(integer_type())},
                      {"receiver", integer_type("the user, or the group of a group message")},
                      {"content", nullable(string_type())},
                      {"timer", integer_type("the sender's clock in ms")},
                      {"ext", nullable(string_type())},
                      {"createdAt", date_f("stored at")},
                      {"state", one_of_values(string_type("recalled: the content is gone"),
                                              {"sent", "edited", "recalled"})}},
                     {"id", "msgId", "type", "sender", "groupId", "receiver", "content", "timer",
                      "ext", "createdAt", "state"});
}

// `before` and `limit`, shared by every paged message list.
std::vector<Param> paging_params() {
  return {{.name = "before",
           .schema = integer_type(),
           .description = "only messages with a smaller id"},
          {.name = "limit",
           .schema = with_example(integer_type(), 50),
           .description = "rows per page, 1 to 200 (default 50)"}};
}

}  // namespace

openapi::Schema history_message_schema() {
  return stored_message();
}

RouteDoc history() {
  std::vector<Param> params{
      {.name = "peer", .schema = integer_type(), .description = "a user id"},
      {.name = "group", .schema = integer_type(), .description = "a group id"}};
  for (auto& p : paging_params()) params.push_back(std::move(p));
  return RouteDoc{
      .description =
          "Messages of one conversation, newest first: the one-to-one messages between the "
          "caller and `peer`, or the messages of `group` (members only). Page with `before` = "
          "the smallest id of the previous page; an empty page is the end.",
      .params = std::move(params),
      .success = ok_data(array_of(stored_message())),
      .errors = {{Error::bad_request(),
                  "not exactly one of peer and group, a value that is not an integer, an id "
                  "or before below 1, limit outside 1..200"},
                 {Error::not_found("No group found with id <group>"),
                  "no such group, or the caller is not a member"},
                 {Error::internal(), "storage failure"}},
  };
}

RouteDoc conversations() {
  return RouteDoc{
      .description =
          "One row per peer the caller exchanged one-to-one messages with and per group of the "
          "caller with messages, newest last message first. `unread` counts the other party's "
          "messages after the caller's read receipt (on-message:read) for that conversation.",
      .success = ok_data(array_of(object_type({{"userId", nullable(integer_type("the peer"))},
                                               {"groupId", nullable(integer_type())},
                                               {"unread", integer_type()},
                                               {"lastMessage", stored_message()}},
                                              {"userId", "groupId", "unread", "lastMessage"}))),
      .errors = {{Error::internal(), "storage failure"}},
  };
}

RouteDoc search() {
  std::vector<Param> params{{.name = "q",
                             .schema = with_example(string_type(), "你好"),
                             .description = "1 to 100 characters",
                             .required = true}};
  for (auto& p : paging_params()) params.push_back(std::move(p));
  return RouteDoc{
      .description =
          "Text messages of the caller's conversations (one-to-one, and the groups the caller is "
          "in) whose content contains `q`, newest first, paged like GET /api/v1/messages. "
          "Case-insensitive for ASCII letters. From 3 characters on SQLite answers from a "
          "trigram index; shorter strings, and every string on MariaDB, scan the caller's own "
          "messages.",
      .params = std::move(params),
      .success = ok_data(array_of(stored_message())),
      .errors = {{Error::bad_request(),
                  "q missing, empty, longer than 100 characters or not UTF-8; before or limit "
                  "as in GET /api/v1/messages"},
                 {Error::internal(), "storage failure"}},
  };
}

}  // namespace im::host::route_docs
