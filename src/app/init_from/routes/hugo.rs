//! Hugo (its `resources/page/permalinks.go` and the URL docs): a page's `url` in the front
//! matter is its URL; else the `[permalinks]` pattern of its top-level section, when there is
//! one (`:year`, `:month`, `:day`, `:section`, `:sections`, `:title`, `:slug`, `:filename`,
//! `:slugorfilename`, `:contentbasename`, `:slugorcontentbasename`); else its folders and its
//! `slug` (or file name; a leaf bundle `x/index.md` is named by its folder). `_index.md` is
//! its folder's section. Paths are lower-cased unless `disablePathToLower`, spaces become
//! `-`; with `uglyURLs` a page is `/a/b.html`.

use super::{OldFile, split_file, text};

pub fn url(file: OldFile, permalinks: &[(String, String)], ugly: bool, keep_case: bool) -> Option<String> {
    let (dir, stem) = split_file(file.rel);
    if stem.contains('.') && !stem.starts_with('.') {
        // `page.en.md`: a translation, which kennisbank reads as one too.
        return None;
    }
    let tidy = |s: &str| {
        let spaced = s.trim().replace(' ', "-");
        if keep_case { spaced } else { spaced.to_lowercase() }
    };
    if stem == "_index" {
        return Some(if dir.is_empty() { "/".into() } else { format!("/{}/", tidy(dir)) });
    }
    if let Some(url) = text(file.front, "url") {
        let url = url.trim();
        return Some(if url.starts_with('/') { url.to_string() } else { format!("/{url}") });
    }
    let (parent, name) = if stem == "index" && !dir.is_empty() {
        dir.rsplit_once('/').unwrap_or(("", dir))
    } else {
        (dir, stem)
    };
    let section = file.rel.split_once('/').map(|(first, _)| first).unwrap_or("");
    let slug = text(file.front, "slug");
    if let Some((_, pattern)) = permalinks.iter().find(|(key, _)| key.trim_matches('/') == section) {
        let expanded = expand(pattern, file, parent, name, slug.as_deref())?;
        return Some(tidy(&expanded));
    }
    let own = slug.as_deref().unwrap_or(name);
    let prefix = if parent.is_empty() { "/".to_string() } else { format!("/{parent}/") };
    Some(if ugly { tidy(&format!("{prefix}{own}.html")) } else { tidy(&format!("{prefix}{own}/")) })
}

/// A permalink pattern with the page's values; `None` for a token it cannot fill (`:year`
/// of a page without a date, a token Hugo added later).
fn expand(pattern: &str, file: OldFile, parent: &str, name: &str, slug: Option<&str>) -> Option<String> {
    let date = text(file.front, "date").map(|d| d.into_owned());
    let part = |from: usize, to: usize| date.as_deref().and_then(|d| d.get(from..to)).map(str::to_string);
    let title = text(file.front, "title").map(|t| urlize(&t));
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut rest = pattern;
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let len = after.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(after.len());
        let value = match &after[..len] {
            "year" => part(0, 4)?,
            "month" => part(5, 7)?,
            "day" => part(8, 10)?,
            "section" => parent.split('/').next().unwrap_or_default().to_string(),
            "sections" => parent.to_string(),
            "title" => title.clone()?,
            "slug" => slug.map(urlize).or_else(|| title.clone())?,
            "filename" | "contentbasename" => name.to_string(),
            "slugorfilename" | "slugorcontentbasename" => {
                slug.map(urlize).unwrap_or_else(|| name.to_string())
            }
            _ => return None,
        };
        out.push_str(&value);
        rest = &after[len..];
    }
    out.push_str(rest);
    Some(out)
}

/// Hugo's `urlize` of a title, near enough: lower case, spaces to `-`, no punctuation.
fn urlize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    out
}
