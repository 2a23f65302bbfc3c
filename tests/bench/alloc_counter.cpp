// Replaced malloc family and global operator new, counting while asked to.
//
// Eigen allocates with std::malloc (its aligned allocator sits on malloc), so
// counting operator new alone would miss the allocations that matter; the
// malloc hooks see both. Each hook forwards to glibc's allocator (__libc_*),
// so memory from either side may be freed by the other: behaviour is glibc's.
#include "tests/bench/alloc_counter.hpp"

#include <atomic>
#include <cstddef>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define BACKSTEP_COUNT_MALLOC 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BACKSTEP_COUNT_MALLOC 0
#endif
#endif
#if !defined(BACKSTEP_COUNT_MALLOC) && defined(__GLIBC__)
#define BACKSTEP_COUNT_MALLOC 1
#endif
#ifndef BACKSTEP_COUNT_MALLOC
#define BACKSTEP_COUNT_MALLOC 0
#endif

namespace {
// Relaxed atomics: the window's other threads (GL driver) may allocate at any
// time; counting itself is only meaningful single-threaded.
std::atomic<bool> g_counting{false};
std::atomic<long> g_malloc_calls{0};
std::atomic<long> g_new_calls{0};

inline void count_malloc() {
  if (g_counting.load(std::memory_order_relaxed))
    g_malloc_calls.fetch_add(1, std::memory_order_relaxed);
}
inline void count_new() {
  if (g_counting.load(std::memory_order_relaxed))
    g_new_calls.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

#if BACKSTEP_COUNT_MALLOC
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* ptr, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);
void __libc_free(void* ptr);

void* malloc(std::size_t size) {
  count_malloc();
  return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) {
  count_malloc();
  return __libc_calloc(count, size);
}
void* realloc(void* ptr, std::size_t size) {
  count_malloc();
  return __libc_realloc(ptr, size);
}
void* memalign(std::size_t alignment, std::size_t size) {
  count_malloc();
  return __libc_memalign(alignment, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) {
  count_malloc();
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size) {
  // EINVAL unless a power of two multiple of sizeof(void*), as glibc checks.
  if (alignment % sizeof(void*) != 0 || (alignment & (alignment - 1)) != 0) return 22;
  count_malloc();
  void* p = __libc_memalign(alignment, size);
  if (p == nullptr) return 12;  // ENOMEM
  *out = p;
  return 0;
}
void free(void* ptr) {
  __libc_free(ptr);
}
}

// Global operator new: counted here and (through malloc) above.
namespace {
void* new_or_throw(std::size_t size) {
  count_new();
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* aligned_new_or_throw(std::size_t size, std::align_val_t align) {
  count_new();
  if (void* p = memalign(static_cast<std::size_t>(align), size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) {
  return new_or_throw(size);
}
void* operator new[](std::size_t size) {
  return new_or_throw(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  count_new();
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  count_new();
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new(std::size_t size, std::align_val_t align) {
  return aligned_new_or_throw(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align) {
  return aligned_new_or_throw(size, align);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
#endif

namespace backstep::bench {

bool allocation_counting_available() {
  return BACKSTEP_COUNT_MALLOC != 0;
}

const char* allocation_counting_unavailable_reason() {
  return BACKSTEP_COUNT_MALLOC != 0 ? "" : "the sanitizer owns malloc";
}

void start_counting_allocations() {
  g_malloc_calls.store(0, std::memory_order_relaxed);
  g_new_calls.store(0, std::memory_order_relaxed);
  g_counting.store(true, std::memory_order_seq_cst);
}

AllocationCounts stop_counting_allocations() {
  g_counting.store(false, std::memory_order_seq_cst);
  return {g_malloc_calls.load(std::memory_order_relaxed),
          g_new_calls.load(std::memory_order_relaxed)};
}

}  // namespace backstep::bench
