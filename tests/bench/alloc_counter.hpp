// Heap-allocation counting for `backstep bench`.
//
// alloc_counter.cpp replaces malloc and friends (forwarding to glibc's own
// allocator, __libc_*) and the global operator new. Linking it puts the hooks
// into the whole executable — `backstep`, window included — so they cost one
// relaxed atomic load per allocation while nothing is counted. Counting is
// process-wide: only start it while a single thread is allocating.
// Under AddressSanitizer, which owns malloc itself, the hooks compile out.
#pragma once

namespace backstep::bench {

struct AllocationCounts {
  long malloc_calls = 0;        // malloc, calloc, realloc, memalign, aligned_alloc, posix_memalign
  long operator_new_calls = 0;  // every form of the global operator new (also in malloc_calls)
};

// True when the hooks are compiled in (glibc, no sanitizer).
bool allocation_counting_available();

void start_counting_allocations();  // resets both counters
AllocationCounts stop_counting_allocations();

}  // namespace backstep::bench
