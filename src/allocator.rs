//! The binary's allocator: mimalloc, committing memory as it is used, in small pages.
//!
//! mimalloc because malloc and free were a sixth of a build's CPU under glibc's allocator
//! (profiled at 1,000 and 10,000 pages), which the many small strings of markdown, templates
//! and the search index keep busy from every thread.
//!
//! At its defaults mimalloc commits a whole arena as soon as it takes one, as transparent huge
//! pages (2 MiB each) where the system allows them, and keeps what is freed for 10 ms before
//! it purges it. A build frees large vectors and allocates others right after, stage after
//! stage: at 10,000 plain pages its peak resident memory was 470 MB for a heap that never
//! held more than 290 (valgrind's massif). Committed as used and in small pages, the peak is
//! some 405 MB. Purging at once as well (purge delay 0) took it to 362 MB but cost 1 s of
//! system time and 15% of the wall time (the kernel zeroing pages handed back and taken
//! again), so the purge delay stays at mimalloc's default. (Huge pages are turned off for the
//! process, not through mimalloc's option: mimalloc reads its options before `main`, and by
//! then its first arena is taken.)

#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Sets the options of [`options`] and turns transparent huge pages off; to call first thing
/// in `main`, before any other thread runs (mimalloc's setter is not thread safe). Memory
/// already committed stays as it is.
pub fn configure() {
    #[cfg(not(feature = "system-alloc"))]
    options::set();
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with an integer flag; it changes how this process's memory is backed,
    // not what it holds. A failure (an old kernel) leaves huge pages on: only the peak grows.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(feature = "system-alloc"))]
mod options {
    use std::ffi::{c_int, c_long};

    /// mimalloc's options by number: `mi_option_t` in the `mimalloc.h` of the mimalloc 3
    /// that `libmimalloc-sys` builds (the `mimalloc` crate names them only with a feature
    /// that needs a crate more, and only those of mimalloc 2).
    const ARENA_EAGER_COMMIT: c_int = 4;

    unsafe extern "C" {
        fn mi_option_set(option: c_int, value: c_long);
    }

    pub fn set() {
        // SAFETY: a plain C call with two integers, made while this is the only thread.
        unsafe {
            mi_option_set(ARENA_EAGER_COMMIT, 0);
        }
    }
}
