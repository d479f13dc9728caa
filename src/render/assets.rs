//! Static files: the theme's, then the site's (the site wins), plus generated stylesheets.
//! `.css` and `.js` names get a content hash so caches never serve a stale file.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use walkdir::WalkDir;

use crate::output::OutputFile;
use crate::theme::ThemeFile;

/// Static files by their plain path (`css/kennisbank.css`) with the path they are written to.
#[derive(Debug, Default)]
pub struct Assets {
    pub files: Vec<OutputFile>,
    /// Plain path -> hashed root-relative path without base path (`/css/kennisbank.ab12.css`).
    pub urls: BTreeMap<String, String>,
}

/// Reads `theme_static` then `site_static`, adds `generated`, and fingerprints css/js.
pub fn collect(
    theme_static: Vec<ThemeFile>,
    site_static: &Path,
    generated: Vec<(String, Vec<u8>)>,
) -> Result<Assets> {
    let mut plain: BTreeMap<String, Vec<u8>> = theme_static.into_iter().map(|f| (f.rel, f.bytes)).collect();
    for dir in [site_static] {
        if !dir.is_dir() {
            continue;
        }
        for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
            let entry = entry.with_context(|| format!("cannot read static files in {}", dir.display()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            let bytes = std::fs::read(entry.path())
                .with_context(|| format!("cannot read {}", entry.path().display()))?;
            plain.insert(rel, bytes);
        }
    }
    for (path, bytes) in generated {
        plain.insert(path, bytes);
    }
    let mut assets = Assets::default();
    for (path, bytes) in plain {
        let written = fingerprinted(&path, &bytes);
        assets.urls.insert(path, format!("/{written}"));
        assets.files.push(OutputFile { path: written, bytes });
    }
    Ok(assets)
}

/// `css/a.css` -> `css/a.0123456789.css` for css and js; other files keep their name.
fn fingerprinted(path: &str, bytes: &[u8]) -> String {
    let Some((stem, ext)) = path.rsplit_once('.') else {
        return path.to_string();
    };
    if ext != "css" && ext != "js" && ext != "mjs" {
        return path.to_string();
    }
    let hash = blake3::hash(bytes).to_hex();
    format!("{stem}.{}.{ext}", &hash[..10])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_and_js_get_hashes_others_do_not() {
        assert_ne!(fingerprinted("css/a.css", b"x"), "css/a.css");
        assert_ne!(fingerprinted("css/a.css", b"x"), fingerprinted("css/a.css", b"y"));
        assert_eq!(fingerprinted("favicon.svg", b"x"), "favicon.svg");
    }

    #[test]
    fn site_files_win_over_theme_files() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("s");
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(site.join("robots.txt"), "site").unwrap();
        let theme = vec![ThemeFile {
            rel: "robots.txt".into(),
            bytes: b"theme".to_vec(),
            origin: "t/robots.txt".into(),
        }];
        let a = collect(theme, &site, vec![]).unwrap();
        assert_eq!(a.files[0].bytes, b"site");
    }
}
