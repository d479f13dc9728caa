//! Copies the old site's content and static folders into the new site, unchanged: the
//! markdown files stay the author's (the dialects are read as they are written); only the
//! `slug` and `aliases` that keep their old URLs are written afterwards ([`super::keep_urls`]).

use std::path::Path;

use anyhow::{Context, Result};

use super::Imported;

/// Copies each folder `imported` names; returns ("docs/ -> content/", files copied) per folder.
pub fn folders(old: &Path, new: &Path, imported: &Imported) -> Result<Vec<(String, usize)>> {
    let mut counts = Vec::new();
    std::fs::create_dir_all(new.join("content"))
        .with_context(|| format!("cannot create {}", new.display()))?;
    let content = imported.content.iter().map(|(from, under)| {
        let to = if under.is_empty() { "content/".to_string() } else { format!("content/{under}/") };
        (from, to)
    });
    let statics = imported.statics.iter().map(|from| (from, "static/".to_string()));
    for (from, to) in content.chain(statics) {
        let source = old.join(from);
        if !source.is_dir() {
            continue;
        }
        // Walked from its real place, so the new site being written is recognised (and left
        // out) even when it lies inside the folder copied.
        let source = source.canonicalize().with_context(|| format!("cannot read {}", source.display()))?;
        let skip = new.canonicalize().with_context(|| format!("cannot read {}", new.display()))?;
        let n = tree(&source, &new.join(&to), &skip)?;
        counts.push((format!("{}/ -> {to}", from.display()), n));
    }
    Ok(counts)
}

/// Copies the files under `from` to `to`, leaving out hidden files, `node_modules` and the
/// folder `skip` (the new site). Symbolic links are not followed: a link is not copied.
fn tree(from: &Path, to: &Path, skip: &Path) -> Result<usize> {
    let mut n = 0;
    let walk = walkdir::WalkDir::new(from).sort_by_file_name().into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        e.depth() == 0 || !(name.starts_with('.') || name == "node_modules" || e.path() == skip)
    });
    for entry in walk {
        let entry = entry.with_context(|| format!("cannot read {}", from.display()))?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)
                .with_context(|| format!("cannot create {}", target.display()))?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy {} to {}", entry.path().display(), target.display()))?;
            n += 1;
        }
    }
    Ok(n)
}
