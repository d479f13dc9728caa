//! The binary's allocator: mimalloc, committing memory as it is used, in small pages.
//!
//! mimalloc because malloc and free were a sixth of a build's CPU under glibc's allocator
//! (profiled at 1,000 and 10,000 pages), which the many small strings of markdown, templates
//! and the search index keep busy from every thread.
//!
//! At its defaults mimalloc commits a whole arena as soon as it takes one, as transparent huge
//! pages (2 MiB each) where the system allows them, and keeps what is freed for a second
//! before it purges it (mimalloc 3's `purge_delay` is 1,000 ms; its header still says 10). A
//! build frees large vectors and allocates others right after, stage after stage: at 10,000
//! plain pages its peak resident memory was 470 MB for a heap that never held more than 290
//! (valgrind's massif). Committed as used and in small pages, the peak was some 405 MB.
//!
//! Purged soon after it is freed, the memory one stage let go is handed back before the next
//! stage's churn takes fresh pages: at 10,000 plain pages 289 -> 241 MB, at 100,000 the render
//! stage (every page's HTML on both threads, right after the index stage freed its
//! structures) 1,986 -> 1,905 MB, at the same wall time (10,000: 5.1–5.8 s either way;
//! 100,000: 57.4–57.6 s with 1 or 3 ms). Purging at once (delay 0) gains no more and cost 1 s
//! of system time and 15% of the wall time at 10,000 pages (the kernel zeroing pages handed
//! back and taken again within the same stage). Once highlighting and the dialect passes cost
//! less, 3 ms itself showed that cost: 30 ms cut the wall time at 10,000 pages by some 7%
//! (knowledge corpus 3.40 -> 3.04 s, plain 4.01 -> 3.75 s, medians of 3; system time 1.14 ->
//! 0.9 s) for 2 MiB more at 10,000 pages and 11 MiB more at 100,000 (1,874 -> 1,885 MiB).
//! 100 ms gained no more. (Huge pages are turned off for the process,
//! not through mimalloc's option: mimalloc reads its options before `main`, and by then its
//! first arena is taken.)

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
    const PURGE_DELAY: c_int = 15;

    unsafe extern "C" {
        fn mi_option_set(option: c_int, value: c_long);
        #[cfg(test)]
        fn mi_option_get(option: c_int) -> c_long;
    }

    pub fn set() {
        // SAFETY: a plain C call with two integers, made while this is the only thread.
        unsafe {
            mi_option_set(ARENA_EAGER_COMMIT, 0);
            mi_option_set(PURGE_DELAY, 30);
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// The numbers name the options meant: each has its documented default until `set`
        /// runs (which the test binary never calls). A `libmimalloc-sys` update that numbers
        /// them differently fails here instead of setting another option.
        #[test]
        fn the_option_numbers_are_mimallocs() {
            // SAFETY: reading an option is a plain C call with an integer.
            let (eager, purge) = unsafe { (mi_option_get(ARENA_EAGER_COMMIT), mi_option_get(PURGE_DELAY)) };
            assert_eq!((eager, purge), (2, 1000), "arena_eager_commit defaults to 2, purge_delay to 1000");
        }
    }
}
