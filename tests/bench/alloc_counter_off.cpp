// The allocation counter's functions without its hooks: malloc and operator
// new stay glibc's and libstdc++'s own, and nothing is ever counted. Linked
// into `backstep` built with BACKSTEP_COUNT_ALLOCATIONS=OFF; `backstep bench`
// then reports "counted": false with the reason below.
#include "tests/bench/alloc_counter.hpp"

namespace backstep::bench {

bool allocation_counting_available() {
  return false;
}

const char* allocation_counting_unavailable_reason() {
  return "this build has no allocation counter (BACKSTEP_COUNT_ALLOCATIONS=OFF)";
}

void start_counting_allocations() {}

AllocationCounts stop_counting_allocations() {
  return {};
}

}  // namespace backstep::bench
