// Group size limits (J9) and the creator rules (J8) over the embedded storage.
#include <catch2/catch.hpp>

#include "im/services/group_service.hpp"
#include "im/sqlite_storage.hpp"

using namespace im;

namespace {

struct Fixture {
  std::shared_ptr<Storage> storage =
      std::make_shared<Storage>(make_sqlite_storage(":memory:").value());
  std::shared_ptr<Clock> clock = make_system_clock();
  GroupService groups{*storage->groups, *storage->users, *clock};
  std::vector<UserId> users;

  explicit Fixture(int count) {
    storage->database->migrate();
    for (int i = 0; i < count; ++i) {
      NewUser u;
      u.account = std::to_string(13800000000LL + i);
      u.pwd_hash = "$2b$10$x";
      auto created = storage->users->create_user(u);
      REQUIRE(created.ok());
      users.push_back(created->id);
    }
  }
  UserContext caller(UserId id) const {
    UserContext ctx;
    ctx.id = id;
    return ctx;
  }
};

}  // namespace

TEST_CASE("a Basic group holds at most 200 members, the creator included (J8, J9)", "[groups]") {
  Fixture f(202);
  GroupCreateIn in;
  in.name = "big";
  in.type = 1;
  in.members = std::vector<UserId>(f.users.begin() + 1, f.users.begin() + 201);  // 200 others
  auto over = f.groups.create(f.caller(f.users[0]), in);
  REQUIRE_FALSE(over.ok());
  CHECK(over.error() == Error{403, "The number of group members exceeds the limit."});

  in.members->pop_back();  // 199 others + the creator = 200
  auto ok = f.groups.create(f.caller(f.users[0]), in);
  REQUIRE(ok.ok());
  REQUIRE(ok->created);
  CHECK(ok->created->members.size() == 200);

  GroupMembersIn more;
  more.id = ok->created->group.id;
  more.members = std::vector<UserId>{f.users[200]};
  CHECK(f.groups.add_members(f.caller(f.users[0]), more).error() ==
        Error{403, "The number of group members exceeds the limit."});

  in.type = 2;  // Big: up to 2000
  in.members->push_back(f.users[200]);
  in.members->push_back(f.users[201]);
  auto big = f.groups.create(f.caller(f.users[0]), in);
  REQUIRE(big.ok());
  CHECK(big->created->members.size() == 202);
}

TEST_CASE("invalid create input creates nothing and says so only by the missing data (J5)",
          "[groups]") {
  Fixture f(2);
  GroupCreateIn in;
  in.type = 3;
  in.members = std::vector<UserId>{f.users[1]};
  auto r = f.groups.create(f.caller(f.users[0]), in);
  REQUIRE(r.ok());
  CHECK_FALSE(r->created.has_value());
  CHECK(f.groups.list(f.caller(f.users[0]))->empty());
}
