//! Docusaurus v3, from its plugins' code. Docs (`plugin-content-docs/src/slug.ts`,
//! `numberPrefix.ts`, `docs.ts`): the route (`routeBasePath`) plus the slug, which is the
//! front matter's `slug` (from the route when it starts with `/`, else from the file's
//! folder), else the folder and the `id` (or the file name), number prefixes stripped from
//! every part (`01-intro` -> `intro`, `14.-mongo` -> `mongo`, but `2021-01-x` and `1.2-x`
//! kept); a category index (`index`, `README` or a file named like its folder) is the folder
//! itself. Blog (`plugin-content-blog/src/blogUtils.ts`, `DATE_FILENAME_REGEX`): the route
//! plus `slug`, else `YYYY/MM/DD/` and the rest of the name when the path holds a date
//! (`2025-03-26-name.md`, `2025/03/26-name.md`, `2025-03-26-name/index.md`), else the path.
//! Files and folders starting with `_` are partials, and `draft: true` pages are not built.

use super::{OldFile, is_true, join, split_file, text};

pub fn doc_url(file: OldFile, trailing_slash: Option<bool>) -> Option<String> {
    if is_partial(file.rel) || is_true(file.front, "draft") {
        return None;
    }
    let (dir, stem) = split_file(file.rel);
    let parse_prefixes = file.front.get("parse_number_prefixes") != Some(&serde_json::Value::Bool(false));
    let base_id = match text(file.front, "id") {
        Some(id) => id.into_owned(),
        None if parse_prefixes => strip_number_prefix(stem).to_string(),
        None => stem.to_string(),
    };
    let dir_slug =
        if dir.is_empty() { "/".to_string() } else { format!("/{}/", strip_path_number_prefixes(dir)) };
    let front_slug = text(file.front, "slug");
    let slug = match front_slug.as_deref() {
        Some(slug) if slug.starts_with('/') => slug.to_string(),
        None if is_category_index(dir, stem) => dir_slug,
        Some(slug) => resolve(slug, &dir_slug),
        None => resolve(&base_id, &dir_slug),
    };
    Some(trailing(&join(&[file.route, &slug]), slug.ends_with('/'), trailing_slash))
}

pub fn blog_url(file: OldFile, trailing_slash: Option<bool>) -> Option<String> {
    if is_partial(file.rel) || is_true(file.front, "draft") {
        return None;
    }
    let slug = match text(file.front, "slug") {
        Some(slug) => slug.into_owned(),
        None => blog_slug(file.rel),
    };
    Some(trailing(&join(&[file.route, &slug]), slug.ends_with('/'), trailing_slash))
}

/// `trailingSlash`: true adds one, false takes it away, undefined keeps the slug's.
fn trailing(url: &str, had: bool, setting: Option<bool>) -> String {
    let with = setting.unwrap_or(had);
    match (with, url) {
        (_, "/") => "/".into(),
        (true, _) => format!("{url}/"),
        (false, _) => url.to_string(),
    }
}

/// Docusaurus' default `exclude`: `_file.md` and anything in `_folder/`.
fn is_partial(rel: &str) -> bool {
    rel.split('/').any(|part| part.starts_with('_'))
}

/// `index`, `readme` or the folder's own name (any case) make a file its folder's index.
fn is_category_index(dir: &str, stem: &str) -> bool {
    let folder = dir.rsplit('/').next().unwrap_or_default();
    stem.eq_ignore_ascii_case("index")
        || stem.eq_ignore_ascii_case("readme")
        || (!folder.is_empty() && stem.to_lowercase() == folder.to_lowercase())
}

/// `DefaultNumberPrefixParser`: `/^\d+[-_.]\d+/` is a date or version and kept; otherwise
/// `/^(\d+)\s*[-_.]+\s*([^-_.\s].*)$/` loses its number.
pub fn strip_number_prefix(name: &str) -> &str {
    let digits = name.len() - name.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return name;
    }
    let after = &name[digits..];
    let mut chars = after.chars();
    if chars.next().is_some_and(|c| matches!(c, '-' | '_' | '.'))
        && chars.next().is_some_and(|c| c.is_ascii_digit())
    {
        return name;
    }
    let rest = after.trim_start_matches(char::is_whitespace);
    let without_separators = rest.trim_start_matches(['-', '_', '.']);
    if without_separators.len() == rest.len() {
        return name;
    }
    let suffix = without_separators.trim_start_matches(char::is_whitespace);
    match suffix.chars().next() {
        Some(c) if !matches!(c, '-' | '_' | '.') && !c.is_whitespace() => suffix,
        _ => name,
    }
}

/// [`strip_number_prefix`] of every folder of a path.
fn strip_path_number_prefixes(path: &str) -> String {
    path.split('/').map(strip_number_prefix).collect::<Vec<_>>().join("/")
}

/// A relative slug (`../x`, `./x`, `x/y`) read from the folder `base` (`/a/b/`), as a URL.
fn resolve(slug: &str, base: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    let ends_open = slug.ends_with('/');
    for part in slug.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            name => parts.push(name),
        }
    }
    let joined = format!("/{}", parts.join("/"));
    if ends_open && joined != "/" { format!("{joined}/") } else { joined }
}

/// `parseBlogFileName`: the last date in the path (`\d{4}[-/]\d{1,2}[-/]\d{1,2}`) becomes
/// `/YYYY/MM/DD/`, followed by the folder before it and the rest of the name; a path without
/// one is its own slug. A trailing `/index` goes.
fn blog_slug(rel: &str) -> String {
    let without_ext = rel.strip_suffix(".mdx").or_else(|| rel.strip_suffix(".md")).unwrap_or(rel);
    let text_of = |rest: &str| rest.strip_suffix("/index").unwrap_or(rest).to_string();
    for start in (0..rel.len()).rev() {
        if !rel.is_char_boundary(start) {
            continue;
        }
        if let Some(len) = date_at(&rel[start..]) {
            let folder = &rel[..start];
            let after = &without_ext[(start + len).min(without_ext.len())..];
            let after = after.strip_prefix(['-', '/']).unwrap_or(after);
            let date = rel[start..start + len].replace('-', "/");
            return format!("/{date}/{folder}{}", text_of(after));
        }
    }
    format!("/{}", text_of(without_ext))
}

/// The length of `\d{4}[-/]\d{1,2}[-/]\d{1,2}` at the start of `s`, digits taken greedily.
fn date_at(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let run = |from: usize, max: usize| b[from..].iter().take(max).take_while(|c| c.is_ascii_digit()).count();
    if b.len() < 4 || run(0, 4) != 4 {
        return None;
    }
    let mut at = 4;
    for _ in 0..2 {
        if !matches!(b.get(at), Some(b'-' | b'/')) {
            return None;
        }
        let n = run(at + 1, 2);
        if n == 0 {
            return None;
        }
        at += 1 + n;
    }
    Some(at)
}
