//! Every path an old site's configuration names is confined: the folders `init --from` copies
//! are inside the old site (no `..`, no absolute path, no symbolic link that leads out), and
//! the folders it writes under `content/` are plain names inside the new site. A configuration
//! is someone else's file; `routeBasePath: "../../x"` must not make `init` write beside the
//! new site, nor `path: ".."` copy the folder holding the new site into itself.

use std::path::{Component, Path};

use anyhow::{Result, bail};

use super::Imported;

/// Refuses an import whose configuration names a folder outside OLD, or a place under
/// `content/` that is not a plain folder name. Checked before anything is written.
pub fn check(old: &Path, imported: &Imported) -> Result<()> {
    let file = &imported.config_file;
    let sources = imported.content.iter().map(|(from, _)| from).chain(&imported.statics);
    for from in sources {
        if !from.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir)) {
            bail!(
                "{file} names the folder `{}`, which is not inside the old site\n  hint: init --from copies \
                 only folders of {}; change the path in {file} (or copy that folder into the old site first)",
                from.display(),
                old.display()
            );
        }
        let source = old.join(from);
        if let (Ok(inside), Ok(root)) = (source.canonicalize(), old.canonicalize())
            && !inside.starts_with(&root)
        {
            bail!(
                "{file} names the folder `{}`, a symbolic link to {}, outside the old site\n  hint: init --from \
                 copies only folders of {}; copy the folder itself into the old site first",
                from.display(),
                inside.display(),
                old.display()
            );
        }
    }
    for (from, under) in &imported.content {
        for part in under.split('/').filter(|p| !p.is_empty()) {
            if let Some(why) = crate::model::url_rules::segment_problem(part) {
                bail!(
                    "{file} puts the folder `{}` at `{under}`, which cannot be a folder of the new site: {why}\n  \
                     hint: routes are plain names like `docs` or `handboek/intern`; change it in {file}",
                    from.display()
                );
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn imported(content: &[(&str, &str)], statics: &[&str]) -> Imported {
        Imported {
            config_file: "docusaurus.config.js".into(),
            content: content.iter().map(|(f, u)| (PathBuf::from(f), u.to_string())).collect(),
            statics: statics.iter().map(PathBuf::from).collect(),
            ..Imported::default()
        }
    }

    #[test]
    fn folders_inside_the_old_site_pass() {
        let old = Path::new("/nonexistent-old-site");
        assert!(
            check(old, &imported(&[("docs", "docs"), ("./blog", ""), ("a/b", "x/y")], &["static"])).is_ok()
        );
    }

    #[test]
    fn paths_out_of_either_site_are_refused() {
        let old = Path::new("/nonexistent-old-site");
        for (from, under) in [("..", "docs"), ("/etc", "docs"), ("docs/../..", "docs")] {
            let e = check(old, &imported(&[(from, under)], &[])).unwrap_err().to_string();
            assert!(e.contains("is not inside the old site"), "{from}: {e}");
        }
        for under in ["../../../x", "a/../../b", ".", "c:x"] {
            let e = check(old, &imported(&[("docs", under)], &[])).unwrap_err().to_string();
            assert!(e.contains("cannot be a folder of the new site"), "{under}: {e}");
        }
        let e = check(old, &imported(&[], &["../static"])).unwrap_err().to_string();
        assert!(e.contains("`../static`"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_old_site_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join("old");
        std::fs::create_dir_all(&old).unwrap();
        std::os::unix::fs::symlink(tmp.path(), old.join("docs")).unwrap();
        let e = check(&old, &imported(&[("docs", "docs")], &[])).unwrap_err().to_string();
        assert!(e.contains("a symbolic link to"), "{e}");
    }
}
