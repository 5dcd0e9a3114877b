#include "server/json/account_export_stream.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "server/json/views.hpp"

namespace im::host {

namespace json = boost::json;

AccountExportStream::AccountExportStream(AccountExportService& service,
                                         AccountExportService::Account account, Seconds exported_at,
                                         std::int64_t page_size)
    : service_(service),
      account_(std::move(account)),
      user_(account_->user.id),
      exported_at_(exported_at),
      page_size_(page_size) {}

std::optional<std::string> AccountExportStream::next() {
  switch (stage_) {
    case Stage::head:
      stage_ = Stage::messages;
      return head();
    case Stage::messages:
      return page();
    case Stage::done:
      break;
  }
  return std::string();
}

std::string AccountExportStream::head() {
  const auto& a = *account_;
  json::array friends;
  for (const auto& f : a.friends) friends.push_back(views::friend_entry(f));
  json::array groups;
  for (const auto& g : a.groups) groups.push_back(views::group_row(g));
  json::array notifies;
  for (const auto& n : a.notifies) notifies.push_back(views::notify_row(n));
  json::object doc;
  doc["exportedAt"] = views::f_time(exported_at_);
  doc["user"] = views::user_public(a.user);  // no password hash (S5)
  doc["friends"] = std::move(friends);
  doc["groups"] = std::move(groups);
  doc["notifies"] = std::move(notifies);
  doc["messages"] = json::array();
  account_.reset();
  // The document without its closing "]}": the messages follow.
  std::string text = json::serialize(doc);
  text.resize(text.size() - 2);
  return text;
}

std::optional<std::string> AccountExportStream::page() {
  auto messages = service_.messages(user_, after_, page_size_);
  if (!messages) return std::nullopt;
  std::string text;
  for (const Message& m : *messages) {
    if (any_message_) text += ',';
    text += json::serialize(views::message_row(m));
    any_message_ = true;
    after_ = m.id;
  }
  if (static_cast<std::int64_t>(messages->size()) < page_size_) {
    text += "]}";
    stage_ = Stage::done;
  }
  return text;  // never empty before the end: a full page has rows, the last one "]}"
}

}  // namespace im::host
