//! The folder a build fills while it renders: made beside the output folder it will replace,
//! so that the site's pages go to disk as soon as each is rendered instead of being held in
//! memory until the end (at 100,000 pages the rendered HTML alone is gigabytes), and so that
//! the output is still replaced in one rename when, and only when, the whole build succeeded.
//!
//! The folder is removed when the value is dropped without [`Staging::into_dir`]: a build that
//! fails, or returns early, leaves nothing behind beside the output.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::OutputFile;

/// A new folder beside the output, and the paths written into it so far.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    written: Mutex<HashSet<String>>,
    kept: bool,
}

impl Staging {
    /// Makes an empty folder `.NAME.kennisbank-new-PID-N` beside `output` (whose parent is
    /// created when missing).
    pub fn beside(output: &Path) -> io::Result<Staging> {
        let output = std::path::absolute(output)?;
        let parent =
            output.parent().ok_or_else(|| io::Error::other("the output folder has no parent folder"))?;
        fs::create_dir_all(parent)?;
        let name = output.file_name().ok_or_else(|| io::Error::other("the output folder has no name"))?;
        let prefix = format!(".{}.kennisbank-new", name.to_string_lossy());
        remove_abandoned(parent, &prefix);
        let dir = unique_sibling(parent, &prefix);
        fs::create_dir(&dir)?;
        Ok(Staging { dir, written: Mutex::default(), kept: false })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `file` into the folder now (from any thread), creating its folders.
    pub fn write(&self, file: &OutputFile) -> io::Result<()> {
        self.make_folders([file])?;
        self.write_in_place(file)
    }

    /// Makes the folders of `files`, each once, so that [`Staging::write_in_place`] can write
    /// many files into one folder: creating a folder that exists takes its parent's lock,
    /// which every file created in it takes too (the search index's thousands of files in
    /// one folder waited on each other).
    pub fn make_folders<'f>(&self, files: impl IntoIterator<Item = &'f OutputFile>) -> io::Result<()> {
        let mut made = HashSet::new();
        for file in files {
            let path = safe_join(&self.dir, &file.path)?;
            if let Some(parent) = path.parent()
                && made.insert(parent.to_path_buf())
            {
                fs::create_dir_all(parent)?;
            }
        }
        Ok(())
    }

    /// Writes `file` into the folder now (from any thread), its folder made before.
    pub fn write_in_place(&self, file: &OutputFile) -> io::Result<()> {
        fs::write(safe_join(&self.dir, &file.path)?, &file.bytes)?;
        self.written.lock().unwrap_or_else(|e| e.into_inner()).insert(file.path.clone());
        Ok(())
    }

    /// Whether [`Staging::write`] wrote `path`.
    pub fn holds(&self, path: &str) -> bool {
        self.written.lock().unwrap_or_else(|e| e.into_inner()).contains(path)
    }

    /// The bytes of a file written before.
    pub fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        fs::read(safe_join(&self.dir, path)?)
    }

    /// The folder, kept: it is no longer removed when the value is dropped (it is about to be
    /// renamed into place).
    pub fn into_dir(mut self) -> PathBuf {
        self.kept = true;
        std::mem::take(&mut self.dir)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.kept && self.dir.exists() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes the staging folders `PREFIX-PID-N` in `parent` of builds that no longer run (one
/// that was killed mid-way could not remove its own). Only where `/proc` tells which
/// processes run; elsewhere they are left alone.
fn remove_abandoned(parent: &Path, prefix: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) =
            name.to_str().and_then(|n| n.strip_prefix(prefix)?.strip_prefix('-')?.split('-').next())
        else {
            continue;
        };
        let running = pid.parse::<u32>().map_or(true, |pid| Path::new(&format!("/proc/{pid}")).exists());
        if !running {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// `PARENT/PREFIX-PID-N` for the first `N` that does not exist yet.
pub fn unique_sibling(parent: &Path, prefix: &str) -> PathBuf {
    let pid = std::process::id();
    (0..)
        .map(|n| parent.join(format!("{prefix}-{pid}-{n}")))
        .find(|p| !p.exists())
        .expect("an unused name exists")
}

/// Joins an output-relative path, refusing anything that would leave the folder.
pub fn safe_join(dir: &Path, rel: &str) -> io::Result<PathBuf> {
    let mut path = dir.to_path_buf();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                return Err(io::Error::other(format!("refusing to write outside the output folder: {rel}")));
            }
            p => path.push(p),
        }
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_staging_folder_is_removed_and_a_kept_one_stays() {
        let tmp = std::env::temp_dir().join(format!("kb-staging-{}", std::process::id()));
        let output = tmp.join("public");
        let staging = Staging::beside(&output).unwrap();
        staging.write(&OutputFile::new("a/b/index.html", "x")).unwrap();
        assert!(staging.holds("a/b/index.html") && !staging.holds("a/index.html"));
        assert_eq!(staging.read("a/b/index.html").unwrap(), b"x");
        let dir = staging.dir().to_path_buf();
        drop(staging);
        assert!(!dir.exists());
        let kept = Staging::beside(&output).unwrap().into_dir();
        assert!(kept.is_dir() && kept.parent() == Some(tmp.as_path()));
        fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn a_folder_left_by_a_build_that_no_longer_runs_is_removed() {
        let tmp = std::env::temp_dir().join(format!("kb-abandoned-{}", std::process::id()));
        // PID 0 is never a process of ours; the running test's own folder stays.
        let abandoned = tmp.join(".public.kennisbank-new-0-0");
        let running = tmp.join(format!(".public.kennisbank-new-{}-7", std::process::id()));
        let other = tmp.join(".other.kennisbank-new-0-0");
        for dir in [&abandoned, &running, &other] {
            fs::create_dir_all(dir.join("a")).unwrap();
        }
        let staging = Staging::beside(&tmp.join("public")).unwrap();
        assert!(!abandoned.exists() && running.exists() && other.exists());
        drop(staging);
        fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn paths_cannot_escape() {
        assert!(safe_join(Path::new("/tmp/x"), "../etc/passwd").is_err());
        assert!(safe_join(Path::new("/tmp/x"), "a/../../b").is_err());
    }
}
