//! Scaling checks for the hostile-input tests of every crate (issue 30): a piece of work at size N and at 8N
//! must stay within a factor of ten. Timed in the thread's CPU time, the median of five runs, so a busy
//! machine (other builds, other test threads) does not make a linear parser look quadratic.

use std::time::Duration;

/// CPU time the calling thread has used.
pub fn thread_cpu_time() -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid timespec for the call to fill in.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
    assert!(ok, "no thread CPU clock");
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// The median CPU time of five runs of `work`: the least of a few runs can be a lucky one (an
/// allocator that hands back warm pages to the small input and fresh ones to the large).
pub fn cpu_time(mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let started = thread_cpu_time();
            work();
            thread_cpu_time() - started
        })
        .collect();
    times.sort();
    times[2]
}

/// `work` on `input(n)` and on `input(8n)` within a factor of ten, plus 20 ms for timer and
/// cache noise. Only `work` is timed.
pub fn assert_linear<I>(what: &str, n: usize, input: impl Fn(usize) -> I, work: impl Fn(&I)) {
    let (small, large) = (input(n), input(8 * n));
    let (small, large) = (cpu_time(|| work(&small)), cpu_time(|| work(&large)));
    assert!(
        large <= small * 10 + Duration::from_millis(20),
        "{what}: {n} took {small:?} of CPU, {} took {large:?}",
        8 * n
    );
}
