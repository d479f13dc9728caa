//! MkDocs (`mkdocs/structure/files.py`, `File._get_dest_path` and `_get_url`): the path of the
//! file decides, case kept; `README.md` is the folder's `index.md` (and is skipped where the
//! folder has an `index.md` too: the caller's to know). With `use_directory_urls` (the
//! default) `a/b.md` is written as `a/b/index.html` and linked as `/a/b/`; without it as
//! `a/b.html`. An `index.md` is always the folder's `index.html`.

use super::split_file;

pub fn url(rel: &str, directory_urls: bool) -> String {
    let (dir, stem) = split_file(rel);
    let name = if stem == "README" { "index" } else { stem };
    let prefix = if dir.is_empty() { "/".to_string() } else { format!("/{dir}/") };
    if name == "index" {
        return if directory_urls { prefix } else { format!("{prefix}index.html") };
    }
    if directory_urls { format!("{prefix}{name}/") } else { format!("{prefix}{name}.html") }
}
