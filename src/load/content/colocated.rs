//! `page` in a shortcode template, as Zola gives it: where the page's file is and, for a page
//! bundle (a folder with its `index.md`), the files beside it, so that a shortcode written
//! for Zola (`resize_image(path=page.colocated_path ~ name)`, `for asset in page.assets`)
//! runs unchanged. Read from the file's folder, so it is the same when the model analyses a
//! body and when the docs stage renders it.

use serde_json::{Value, json};

use super::ContentFile;

/// `{ relative_path, colocated_path, assets }`: the paths relative to `content/`; `assets`
/// (each `/`-led, as Zola's) only for a bundle, sorted; `colocated_path` `null` elsewhere.
pub fn shortcode_page(file: &ContentFile) -> Value {
    let (dir, name) = file.rel.rsplit_once('/').unwrap_or(("", file.rel.as_str()));
    let bundle = !dir.is_empty() && name.starts_with("index.") && name.ends_with(".md");
    let mut assets = Vec::new();
    if bundle && let Some(folder) = file.path.parent() {
        for entry in walkdir::WalkDir::new(folder).min_depth(1).max_depth(4).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let is_markdown = entry.path().extension().is_some_and(|e| e == "md");
            if !entry.file_type().is_file() || is_markdown {
                continue;
            }
            if let Ok(inside) = entry.path().strip_prefix(folder) {
                assets.push(format!("/{dir}/{}", inside.to_string_lossy().replace('\\', "/")));
            }
        }
    }
    json!({
        "relative_path": file.rel,
        "colocated_path": bundle.then(|| format!("{dir}/")),
        "assets": assets,
    })
}
