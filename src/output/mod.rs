//! Writing the built site into a fresh folder (the pages as they are rendered, see
//! [`Staging`], the rest at the end) that replaces the old output only when all of it is
//! written. A failed build leaves the
//! previous output untouched, and only a folder that kennisbank made is ever replaced.

mod finish;
pub mod offline;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
pub use finish::{finish_output, output_files, render_site, search_files};
pub use kb_core::OutputFile;
use kb_core::diagnostics::Diagnostic;
pub use kb_core::staging::Staging;
use kb_core::staging::{safe_join, unique_sibling};

/// Marks a folder as kennisbank's output, so a later build may replace it.
pub const MARKER: &str = kb_core::OUTPUT_MARKER;

/// Refuses output folders whose replacement would delete something that is not ours.
/// Sorts `files` by path and reports every path that two outputs claim: a static file, a
/// content file, a generated page or a search file would otherwise overwrite another silently.
pub fn collisions(files: &mut [OutputFile]) -> Vec<Diagnostic> {
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut problems: Vec<Diagnostic> = Vec::new();
    for pair in files.windows(2) {
        if pair[0].path == pair[1].path {
            problems.push(
                Diagnostic::error(format!("two outputs want the same file `{}`", pair[0].path)).with_hint(
                    "a static file or content file has the same path as a generated page or search file; \
                     rename one",
                ),
            );
        }
    }
    // A file whose path is also a folder of another output ("sitemap.xml" and
    // "sitemap.xml/index.html") cannot both be written: found here, not as "Is a directory".
    let paths: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for file in files.iter() {
        let mut folders = file.path.match_indices('/').map(|(at, _)| &file.path[..at]);
        if let Some(folder) = folders.find(|folder| paths.contains(folder)) {
            problems.push(
                Diagnostic::error(format!(
                    "the file `{folder}` is also a folder of the output (`{}`)",
                    file.path
                ))
                .with_hint(
                    "an alias, slug or static file takes the name of a file the build writes; rename one",
                ),
            );
        }
    }
    problems.dedup_by(|a, b| a.message == b.message);
    problems
}

/// The folders of a site, besides `content/`, that a build reads.
const INPUT_FOLDERS: [&str; 5] = ["static", "data", "templates", "themes", "i18n"];

pub fn check_output_dir(output: &Path, root: &Path, content: &Path) -> Result<()> {
    let output = std::path::absolute(output)?;
    let canonical = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (out_c, root_c, content_c) = (canonical(&output), canonical(root), canonical(content));
    if out_c == root_c || root_c.starts_with(&out_c) {
        bail!(
            "refusing to write the site into {}: it is (or contains) the site folder itself; choose a folder such as `public/`",
            output.display()
        );
    }
    if out_c.starts_with(&content_c) {
        bail!(
            "refusing to write the site into {}: it is inside `content/`; choose a folder such as `public/`",
            output.display()
        );
    }
    // Every other folder the build reads: an output inside `static/` would be copied into the
    // next output, which is copied into the one after (44 -> 89 -> 134 files).
    for input in INPUT_FOLDERS {
        if out_c.starts_with(canonical(&root_c.join(input))) {
            bail!(
                "refusing to write the site into {}: it is inside `{input}/`, which the build reads, so each \
                 build would copy the one before; choose a folder such as `public/`",
                output.display()
            );
        }
    }
    if output.exists() {
        if !output.is_dir() {
            bail!("the output path {} is a file, not a folder", output.display());
        }
        let empty = fs::read_dir(&output)?.next().is_none();
        if !empty && !output.join(MARKER).is_file() {
            bail!(
                "refusing to replace {}: it holds files that kennisbank did not write (no {MARKER} marker). \
                 Choose an empty or new folder, or move those files away",
                output.display()
            );
        }
    }
    Ok(())
}

/// Writes the `files` that `staging` does not hold yet (the pages went there as they were
/// rendered), then swaps the folder in for `output`. Returns the files of the site. A failure
/// removes the staging folder and leaves `output` as it was.
pub fn commit(staging: Staging, output: &Path, files: &[OutputFile]) -> Result<usize> {
    let output = std::path::absolute(output)?;
    let parent = output.parent().context("the output folder has no parent folder")?;
    let name = output.file_name().context("the output folder has no name")?.to_string_lossy().into_owned();
    write_rest(&staging, files)?;
    // From here the folder is renamed, not removed, unless the swap fails.
    let dir = staging.into_dir();
    let result = swap_in(&dir, &output, parent, &name);
    if result.is_err() && dir.exists() {
        let _ = fs::remove_dir_all(&dir);
    }
    result.map(|()| files.len())
}

fn write_rest(staging: &Staging, files: &[OutputFile]) -> Result<()> {
    use rayon::prelude::*;
    let dir = staging.dir();
    let rest: Vec<&OutputFile> = files.iter().filter(|f| !staging.holds(&f.path)).collect();
    let paths: Vec<PathBuf> = rest.iter().map(|f| safe_join(dir, &f.path)).collect::<std::io::Result<_>>()?;
    // Folders first, once each; then the files in parallel (writing many small files is
    // bound by the file system's latency, not by one core).
    let folders: std::collections::BTreeSet<&Path> = paths.iter().filter_map(|p| p.parent()).collect();
    for p in folders {
        fs::create_dir_all(p).with_context(|| format!("cannot create {}", p.display()))?;
    }
    paths.par_iter().zip(rest.par_iter()).try_for_each(|(path, file)| {
        fs::write(path, &file.bytes).with_context(|| format!("cannot write {}", path.display()))
    })?;
    fs::write(dir.join(MARKER), "This folder was written by kennisbank and is replaced by each build.\n")?;
    Ok(())
}

fn swap_in(staging: &Path, output: &Path, parent: &Path, name: &str) -> Result<()> {
    if !output.exists() {
        return fs::rename(staging, output)
            .with_context(|| format!("cannot move the new site to {}", output.display()));
    }
    let old = unique_sibling(parent, &format!(".{name}.kennisbank-old"));
    fs::rename(output, &old)
        .with_context(|| format!("cannot move the previous site away from {}", output.display()))?;
    if let Err(e) = fs::rename(staging, output) {
        // Put the previous site back: never leave the author without one.
        let _ = fs::rename(&old, output);
        return Err(e).with_context(|| format!("cannot move the new site to {}", output.display()));
    }
    // The old folder was ours (it had the marker), so removing it deletes nothing else.
    fs::remove_dir_all(&old)
        .with_context(|| format!("cannot remove the previous site at {}", old.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_marked_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        let out = root.join("public");
        check_output_dir(&out, &root, &root.join("content")).unwrap();
        commit(Staging::beside(&out).unwrap(), &out, &[OutputFile::new("index.html", "a")]).unwrap();
        check_output_dir(&out, &root, &root.join("content")).unwrap();
        commit(Staging::beside(&out).unwrap(), &out, &[OutputFile::new("b/index.html", "b")]).unwrap();
        assert!(!out.join("index.html").exists());
        assert_eq!(fs::read_to_string(out.join("b/index.html")).unwrap(), "b");
        let leftovers: Vec<_> = fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");

        let foreign = tmp.path().join("docs");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("mine.txt"), "x").unwrap();
        assert!(check_output_dir(&foreign, &root, &root.join("content")).is_err());
        assert!(check_output_dir(&root, &root, &root.join("content")).is_err());
        assert!(check_output_dir(tmp.path(), &root, &root.join("content")).is_err());
        assert!(check_output_dir(&root.join("content/x"), &root, &root.join("content")).is_err());
    }

    #[test]
    fn a_file_that_is_also_a_folder_is_a_collision() {
        let mut files = vec![
            OutputFile::new("sitemap.xml/index.html", "alias"),
            OutputFile::new("sitemap.xml", "map"),
            OutputFile::new("sitemap.xml.gz", "other"),
            OutputFile::new("a/index.html", "a"),
        ];
        let problems = collisions(&mut files);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("`sitemap.xml` is also a folder"), "{problems:?}");
    }
}
