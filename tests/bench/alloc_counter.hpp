// Heap-allocation counting for `backstep bench`.
//
// alloc_counter.cpp replaces malloc and friends (forwarding to glibc's own
// allocator, __libc_*) and the global operator new. Linking it puts the hooks
// into the whole executable — `backstep`, window included — so they cost one
// relaxed atomic load per allocation while nothing is counted. Counting is
// process-wide: only start it while a single thread is allocating.
// Under AddressSanitizer, which owns malloc itself, the hooks compile out.
// alloc_counter_off.cpp has the same functions and no hooks: the `backstep`
// executable links it instead when built with BACKSTEP_COUNT_ALLOCATIONS=OFF
// (the portable preset), so a shipped binary keeps glibc's malloc untouched.
#pragma once

namespace backstep::bench {

struct AllocationCounts {
  long malloc_calls = 0;        // malloc, calloc, realloc, memalign, aligned_alloc, posix_memalign
  long operator_new_calls = 0;  // every form of the global operator new (also in malloc_calls)
};

// True when the hooks are compiled in (glibc, no sanitizer, counter linked).
bool allocation_counting_available();
// Why nothing is counted, when allocation_counting_available() is false.
const char* allocation_counting_unavailable_reason();

void start_counting_allocations();  // resets both counters
AllocationCounts stop_counting_allocations();

}  // namespace backstep::bench
