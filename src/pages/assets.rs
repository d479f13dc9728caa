//! Static files: the theme's, then the site's (the site wins), plus generated stylesheets.
//! `.css` and `.js` names get a content hash so caches never serve a stale file; scripts lose
//! their comment lines first ([`super::script_comments`]).

use std::collections::BTreeMap;

use crate::load::theme::ThemeFile;
use kb_core::OutputFile;

/// Static files by their plain path (`css/kennisbank.css`) with the path they are written to.
#[derive(Debug, Default)]
pub struct Assets {
    pub files: Vec<OutputFile>,
    /// Plain path -> hashed root-relative path without base path (`/css/kennisbank.ab12.css`).
    pub urls: BTreeMap<String, String>,
}

/// The static files (the theme's, then the site's: a later file of a path wins) and the
/// `generated` ones, with css and js fingerprinted.
pub fn collect(statics: &[ThemeFile], generated: Vec<(String, Vec<u8>)>) -> Assets {
    let mut plain: BTreeMap<String, Vec<u8>> =
        statics.iter().map(|f| (f.rel.clone(), f.bytes.clone())).collect();
    for (path, bytes) in generated {
        plain.insert(path, bytes);
    }
    for (path, bytes) in plain.iter_mut() {
        if path.ends_with(".js") || path.ends_with(".mjs") {
            *bytes = super::script_comments::strip(bytes);
        }
    }
    // Scripts that import sibling modules name them by their hashed names.
    let mut written = super::module_imports::fingerprint(&mut plain, fingerprinted);
    let mut assets = Assets::default();
    for (path, bytes) in plain {
        let written = written.remove(&path).unwrap_or_else(|| fingerprinted(&path, &bytes));
        assets.urls.insert(path, format!("/{written}"));
        assets.files.push(OutputFile { path: written, bytes });
    }
    assets
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
    fn later_files_win_and_css_is_fingerprinted() {
        let file = |rel: &str, bytes: &[u8]| ThemeFile {
            rel: rel.into(),
            bytes: bytes.to_vec(),
            origin: rel.into(),
        };
        let statics = [file("robots.txt", b"theme"), file("robots.txt", b"site")];
        let a = collect(&statics, vec![("css/syntax.css".into(), b"a{}".to_vec())]);
        assert_eq!(a.files.iter().find(|f| f.path == "robots.txt").unwrap().bytes, b"site");
        assert!(a.urls["css/syntax.css"].starts_with("/css/syntax."));
        assert_ne!(a.urls["css/syntax.css"], "/css/syntax.css");
    }
}
