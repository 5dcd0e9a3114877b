// The Redis adapter tests' entry point (Catch2 v2). They need a real Redis: IM_TEST_REDIS_HOST
// and IM_TEST_REDIS_PORT (scripts/services.sh writes them; ctest starts it as a fixture).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
