//! The editor's files on disk: which paths it may touch, and writing them so that nothing is
//! ever lost: atomically (a crash leaves the old file or the new one, never half of one), not
//! over a change made on disk since the editor opened the file (merged when the two changes
//! do not overlap), and with the versions it replaced kept for "Vorige versie terugzetten".

use std::collections::HashMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// How many replaced versions of a file are kept (in memory, for this session).
const VERSIONS_KEPT: usize = 20;

/// The file under `dir` that `rel` names, or why not: `rel` must be a relative path of plain
/// names (no `..`, no root, no backslash, no NUL), and the file, once symlinks are followed,
/// must still be inside `dir`. The file itself need not exist yet; its folder must.
pub fn confine(dir: &Path, rel: &str) -> Result<PathBuf, &'static str> {
    if rel.is_empty() || rel.contains(['\\', '\0']) || rel.starts_with('/') {
        return Err("Dit pad mag niet: geef een pad binnen de map van de site.");
    }
    let relative = Path::new(rel);
    if !relative.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err("Dit pad mag niet: geen '..' en geen absoluut pad.");
    }
    let root = dir.canonicalize().map_err(|_| "De map van de site is niet te lezen.")?;
    let full = root.join(relative);
    let parent = full.parent().ok_or("Dit pad mag niet.")?;
    let real_parent = parent.canonicalize().map_err(|_| "Deze map bestaat niet.")?;
    if !real_parent.starts_with(&root) {
        return Err("Dit pad wijst naar een plek buiten de site.");
    }
    if full.is_symlink() {
        let target = full.canonicalize().map_err(|_| "Dit bestand is een kapotte snelkoppeling.")?;
        if !target.starts_with(&root) {
            return Err("Dit bestand wijst naar een plek buiten de site.");
        }
    }
    Ok(real_parent.join(full.file_name().ok_or("Dit pad mag niet.")?))
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.kennisbank-{}", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(e);
    }
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

/// What a save did.
#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    /// Written as sent.
    Written,
    /// The file had changed on disk in other lines: both changes are in the file now.
    Merged(String),
    /// The file changed on disk in the same lines: nothing written; the text on disk.
    Conflict(String),
}

/// The versions each file had before the editor's saves, newest last.
#[derive(Default)]
pub struct Versions {
    by_path: HashMap<PathBuf, Vec<String>>,
}

impl Versions {
    /// Saves `text` to `path`, which the author opened when it read `base`. When the disk
    /// has moved on from `base`, the two changes are merged if they do not overlap.
    pub fn save(&mut self, path: &Path, base: &str, text: &str) -> std::io::Result<Saved> {
        let disk = match std::fs::read_to_string(path) {
            Ok(disk) => Some(disk),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        let (to_write, saved) = match &disk {
            Some(disk) if disk != base && disk != text => match diffy::merge(base, disk, text) {
                Ok(merged) => (merged.clone(), Saved::Merged(merged)),
                Err(_) => return Ok(Saved::Conflict(disk.clone())),
            },
            _ => (text.to_string(), Saved::Written),
        };
        if disk.as_deref() == Some(to_write.as_str()) {
            return Ok(saved);
        }
        write_atomically(path, to_write.as_bytes())?;
        if let Some(disk) = disk {
            let kept = self.by_path.entry(path.to_path_buf()).or_default();
            kept.push(disk);
            if kept.len() > VERSIONS_KEPT {
                kept.remove(0);
            }
        }
        Ok(saved)
    }

    /// Puts the version before the last save back; `None` when there is none.
    pub fn restore(&mut self, path: &Path) -> std::io::Result<Option<String>> {
        let Some(previous) = self.by_path.get_mut(path).and_then(Vec::pop) else { return Ok(None) };
        write_atomically(path, previous.as_bytes())?;
        Ok(Some(previous))
    }

    pub fn has_previous(&self, path: &Path) -> bool {
        self.by_path.get(path).is_some_and(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_folder_are_refused() {
        let tmp = std::env::temp_dir().join(format!("kb-confine-{}", std::process::id()));
        let content = tmp.join("content");
        std::fs::create_dir_all(content.join("a")).unwrap();
        for bad in ["../x.md", "/etc/passwd", "a/../../x.md", "a\\..\\x.md", "", "a/\0.md", "./../x.md"] {
            assert!(confine(&content, bad).is_err(), "{bad:?}");
        }
        #[cfg(unix)]
        {
            let _ = std::os::unix::fs::symlink(&tmp, content.join("uit"));
            assert!(confine(&content, "uit/x.md").is_err(), "a symlinked folder leads out");
        }
        assert!(confine(&content, "a/b.md").unwrap().ends_with("content/a/b.md"));
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn a_save_never_overwrites_a_change_on_disk() {
        let tmp = std::env::temp_dir().join(format!("kb-versions-{}", std::process::id()));
        std::fs::create_dir_all(&tmp).unwrap();
        let file = tmp.join("p.md");
        let base = "een\ntwee\ndrie\nvier\nvijf\n";
        std::fs::write(&file, base).unwrap();
        let mut versions = Versions::default();
        // Written as sent; the old text is kept.
        let mine = "een\ntwee\ndrie\nvier\nvijf en meer\n";
        assert_eq!(versions.save(&file, base, mine).unwrap(), Saved::Written);
        assert!(versions.has_previous(&file));
        // Another editor changed the first line: both changes end up in the file.
        std::fs::write(&file, "EEN\ntwee\ndrie\nvier\nvijf en meer\n").unwrap();
        let later = "een\ntwee\ndrie\nvier\nvijf en nog meer\n";
        let saved = versions.save(&file, mine, later).unwrap();
        assert_eq!(saved, Saved::Merged("EEN\ntwee\ndrie\nvier\nvijf en nog meer\n".into()));
        // The same line changed on both sides: nothing is written.
        std::fs::write(&file, "EEN\ntwee\ndrie\nvier\nVIJF\n").unwrap();
        let saved =
            versions.save(&file, "EEN\ntwee\ndrie\nvier\nvijf en nog meer\n", "EEN\ntwee\ndrie\nvier\nzes\n");
        assert_eq!(saved.unwrap(), Saved::Conflict("EEN\ntwee\ndrie\nvier\nVIJF\n".into()));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "EEN\ntwee\ndrie\nvier\nVIJF\n");
        // The version before the last save comes back.
        assert_eq!(
            versions.restore(&file).unwrap().as_deref(),
            Some("EEN\ntwee\ndrie\nvier\nvijf en meer\n")
        );
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
