//! Byte strings a build writes once and reads back once, kept in a file instead of memory.
//!
//! Every document's HTML is rendered in the docs stage but placed in its page only in the
//! pages stage, after the search index and the related pages, which need every document: so
//! the whole site's HTML was held in between (compressed, some 400 MB at 100,000 pages, the
//! largest part of the build's peak after the search index). A build that writes to disk
//! puts it here instead: in a file without a name (`O_TMPFILE`) in the staging folder, which
//! the system removes when the build ends, however it ends, and which no one else sees.
//!
//! Reading back can fail (a disk error) where the reader cannot return an error (a template's
//! view); the first failure is kept and [`Spill::failure`] reports it, so the build fails
//! with the reason instead of writing a page without its text.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// A file of byte strings, appended from any thread, read by their ranges.
#[derive(Debug)]
pub struct Spill {
    file: File,
    /// Where the next string goes: each writer takes its range first, then writes it alone.
    end: AtomicU64,
    failure: Mutex<Option<String>>,
}

impl Spill {
    /// A new, empty spill file in `dir` (on the file system the build writes to).
    pub fn in_dir(dir: &Path) -> io::Result<Spill> {
        Ok(Spill { file: tempfile::tempfile_in(dir)?, end: AtomicU64::new(0), failure: Mutex::default() })
    }

    /// Writes `bytes` and returns where they are; `None` when writing failed (the caller keeps
    /// the bytes in memory then: a full disk costs memory, not the build).
    pub fn put(&self, bytes: &[u8]) -> Option<Range<u64>> {
        let len = bytes.len() as u64;
        let at = self.end.fetch_add(len, Ordering::Relaxed);
        self.file.write_all_at(bytes, at).ok()?;
        Some(at..at + len)
    }

    /// The bytes at `range`, as [`Spill::put`] wrote them; empty after a read error, which
    /// [`Spill::failure`] then reports.
    pub fn get(&self, range: &Range<u64>) -> Vec<u8> {
        let mut bytes = vec![0; (range.end - range.start) as usize];
        match self.file.read_exact_at(&mut bytes, range.start) {
            Ok(()) => bytes,
            Err(e) => {
                let mut failure = self.failure.lock().unwrap_or_else(|e| e.into_inner());
                failure.get_or_insert_with(|| e.to_string());
                Vec::new()
            }
        }
    }

    /// The first read error, if any: the pages rendered since hold no text where it failed.
    pub fn failure(&self) -> Option<String> {
        self.failure.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_come_back_as_written_from_many_threads() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::in_dir(dir.path()).unwrap();
        let strings: Vec<Vec<u8>> = (0..64u8).map(|i| vec![i; 1 + i as usize * 37]).collect();
        let ranges: Vec<Range<u64>> = std::thread::scope(|scope| {
            let handles: Vec<_> =
                strings.iter().map(|s| scope.spawn(|| spill.put(s).expect("written"))).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (s, range) in strings.iter().zip(&ranges) {
            assert_eq!(&spill.get(range), s);
        }
        assert_eq!(spill.failure(), None);
        // The file has no name: nothing is left in the folder, during or after.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_failed_read_is_reported_not_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::in_dir(dir.path()).unwrap();
        let range = spill.put(b"abc").unwrap();
        assert_eq!(spill.get(&(range.start..range.end + 10)), Vec::<u8>::new());
        assert!(spill.failure().is_some());
    }
}
