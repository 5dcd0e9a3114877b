// The storage conformance suite's entry point (Catch2 v2).
//
// With IM_TEST_WITH_MARIADB the MariaDB cases are compiled in. They run when IM_TEST_DB_HOST is
// set (scripts/services.sh writes it), and the run fails at once, clearly, when that server
// cannot be reached. Without IM_TEST_DB_HOST only the SQLite backends run, and the suite says so.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <iostream>

#include "backends.hpp"

int main(int argc, char* argv[]) {
  Catch::Session session;
  if (int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;
#ifdef IM_TEST_WITH_MARIADB
  if (!im_test::MariaDbBackend::configured()) {
    std::cout << "MariaDB was not configured (IM_TEST_DB_HOST unset): running the SQLite "
                 "backends only\n";
    auto& specs = session.configData().testsOrTags;
    if (specs.empty()) {
      specs.push_back("~*MariaDbBackend*");
    } else {
      for (auto& spec : specs) spec += " ~*MariaDbBackend*";
    }
    session.useConfigData(session.configData());
  } else {
    const auto c = im_test::MariaDbBackend::config();
    try {
      im::host::mariadb::MariaDbConnection probe(c);
    } catch (const std::exception& e) {
      std::cerr << "FAILED: IM_TEST_DB_HOST is set but MariaDB at " << c.host << ":" << c.port
                << " is unreachable: " << e.what() << "\n";
      return 2;
    }
    std::cout << "MariaDB at " << c.host << ":" << c.port << "/" << c.name
              << ": every case runs against it too\n";
  }
#else
  std::cout << "MariaDB support not compiled in (IM_TEST_WITH_MARIADB): SQLite backends only\n";
#endif
  return session.run();
}
