//! Zola (`components/content/src/page.rs` and `section.rs`): a section is its folder path as
//! written (case kept); a page is its folders plus its slug: `slug` from the front matter,
//! else the file name without a leading date (`2024-01-05-name.md` -> `name`, the RFC 3339
//! date pattern of `RFC3339_DATE`), slugified (lower case); a page `index.md` in its own
//! folder takes the folder's name. `path` in the front matter replaces it all.

use super::{OldFile, split_file, text};

pub fn url(file: OldFile) -> Option<String> {
    let (dir, stem) = split_file(file.rel);
    if stem.contains('.') && !stem.starts_with('.') {
        // `page.en.md`: a translation, which kennisbank reads as one too.
        return None;
    }
    if stem == "_index" {
        return Some(if dir.is_empty() { "/".into() } else { format!("/{dir}/") });
    }
    if let Some(path) = text(file.front, "path") {
        let path = path.trim().trim_matches('/');
        return Some(if path.is_empty() { "/".into() } else { format!("/{path}/") });
    }
    let (parent, name) = if stem == "index" && !dir.is_empty() {
        dir.rsplit_once('/').unwrap_or(("", dir))
    } else {
        (dir, stem)
    };
    let slug = match text(file.front, "slug") {
        Some(slug) => kb_markdown::slugify(&slug),
        None => kb_markdown::slugify(without_date(name)),
    };
    let prefix = if parent.is_empty() { "/".to_string() } else { format!("/{parent}/") };
    Some(format!("{prefix}{slug}/"))
}

/// `2024-01-05-name` and `2024-01-05_name` -> `name` (Zola's `RFC3339_DATE` with a `slug`
/// part); otherwise the name.
pub fn without_date(name: &str) -> &str {
    let b = name.as_bytes();
    let digits =
        |range: std::ops::Range<usize>| b.get(range).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if !(digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) && b.get(7) == Some(&b'-') && digits(8..10))
    {
        return name;
    }
    let (month, day) = (&name[5..7], &name[8..10]);
    if !("01"..="12").contains(&month) || !("01"..="31").contains(&day) || day == "00" {
        return name;
    }
    // A name with a time (`2024-01-05T10:00:00Z-name`) keeps its whole name here: rare, and then
    // an alias leads from the old URL.
    let rest = &name[10..];
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    match rest.strip_prefix(['-', '_']) {
        Some(slug) if !slug.is_empty() => slug,
        _ => name,
    }
}
