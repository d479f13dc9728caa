//! The content files an earlier load parsed, for `serve`: a file that did not change is not
//! parsed again (front matter and the dialect pre-pass are most of the load stage).
//!
//! A file is the same when its metadata stamp (size, modification and change time, inode) is
//! the one it had when it was read, or else when its bytes are. As in git's "racily clean"
//! rule, a stamp is only trusted for a file that had not been modified for a while when it
//! was read: two saves within the file system's timestamp granularity can leave the same
//! stamp, so a recently modified file is compared by its bytes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::ContentFile;
use kb_core::diagnostics::Diagnostic;

/// How long before a load a file must have been last modified for its stamp to count.
const SETTLED: Duration = Duration::from_secs(2);

/// What the last load read, by the path it asked for.
#[derive(Default)]
pub struct ReadCache {
    /// The taxonomy names the files were read with (front matter reads their terms).
    taxonomies: Vec<String>,
    files: HashMap<PathBuf, CachedRead>,
}

pub(super) struct CachedRead {
    rel: String,
    title_from_name: bool,
    stamp: Option<Stamp>,
    file: ContentFile,
    problems: Vec<Diagnostic>,
}

/// A read's result: the file (or why it could not be read) and the problems found in it.
pub(super) type Read = (Result<ContentFile, Diagnostic>, Vec<Diagnostic>);

/// What an earlier read of the file at this path made of these bytes, if it read the same.
pub(super) type Earlier<'a> = dyn Fn(&[u8]) -> Option<(ContentFile, Vec<Diagnostic>)> + 'a;

impl ReadCache {
    /// The cache for a load with these taxonomies (empty when they are not the ones it was
    /// filled with), and the time the load starts.
    pub(super) fn for_load(mut self, taxonomies: &[&str]) -> (ReadCache, SystemTime) {
        if self.taxonomies != taxonomies {
            self = ReadCache {
                taxonomies: taxonomies.iter().map(|t| t.to_string()).collect(),
                ..Default::default()
            };
        }
        (self, SystemTime::now())
    }

    pub(super) fn take(&mut self, path: &Path) -> Option<CachedRead> {
        self.files.remove(path)
    }

    pub(super) fn put(&mut self, path: PathBuf, read: CachedRead) {
        self.files.insert(path, read);
    }

    /// An empty cache for the same taxonomies, to put this load's reads in.
    pub(super) fn next(&self, capacity: usize) -> ReadCache {
        ReadCache { taxonomies: self.taxonomies.clone(), files: HashMap::with_capacity(capacity) }
    }
}

/// Reads the file at `path` with `read` unless `earlier` read the same file; returns the
/// read and what to keep of it for the next load.
pub(super) fn read_reusing(
    path: &Path,
    rel: &str,
    title_from_name: bool,
    earlier: Option<CachedRead>,
    started: SystemTime,
    read: impl FnOnce(&Earlier) -> Read,
) -> (Read, Option<CachedRead>) {
    let stamp = Stamp::of(path, started);
    let earlier = earlier.filter(|e| e.rel == rel && e.title_from_name == title_from_name);
    if let Some(e) = &earlier
        && e.stamp.is_some()
        && e.stamp == stamp
    {
        return ((Ok(e.file.clone()), e.problems.clone()), earlier);
    }
    let same_bytes = |bytes: &[u8]| {
        earlier
            .as_ref()
            .filter(|e| e.file.source.as_bytes() == bytes)
            .map(|e| (e.file.clone(), e.problems.clone()))
    };
    let (file, problems) = read(&same_bytes);
    let keep = file.as_ref().ok().map(|f| CachedRead {
        rel: rel.to_string(),
        title_from_name,
        stamp,
        file: f.clone(),
        problems: problems.clone(),
    });
    ((file, problems), keep)
}

/// A file's metadata that changes when its content does.
#[derive(Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: SystemTime,
    #[cfg(unix)]
    changed: (i64, i64),
    #[cfg(unix)]
    inode: (u64, u64),
}

impl Stamp {
    /// The stamp of the file at `path`; `None` when it cannot be read or was modified too
    /// shortly before `started` to be trusted.
    fn of(path: &Path, started: SystemTime) -> Option<Stamp> {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?;
        #[cfg(unix)]
        let latest = modified.max(
            SystemTime::UNIX_EPOCH
                + Duration::new(meta.ctime().max(0) as u64, meta.ctime_nsec().max(0) as u32),
        );
        #[cfg(not(unix))]
        let latest = modified;
        if latest + SETTLED > started {
            return None;
        }
        Some(Stamp {
            len: meta.len(),
            modified,
            #[cfg(unix)]
            changed: (meta.ctime(), meta.ctime_nsec()),
            #[cfg(unix)]
            inode: (meta.dev(), meta.ino()),
        })
    }
}
