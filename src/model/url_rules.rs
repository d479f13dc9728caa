//! What a URL of the site may be: every page, section, alias and term page becomes a folder
//! of the output, so each part of its path must be a name every file system and host can
//! hold, and none may take a name the build writes itself (`/sitemap.xml`, `/404.html`...).
//! Checked in the model, where the file and the front-matter line that chose the URL are
//! known, so such a URL is an error with a place in `build` and `check` alike, never a late
//! "cannot write" or a page that silently vanishes.

/// Files and folders the build writes at the top of the output: an alias or slug that takes
/// one of these names would turn the file into a folder (or replace it).
pub const RESERVED_TOP_LEVEL: &[&str] = &[
    "404.html",
    "index.html",
    "sitemap.xml",
    "atom.xml",
    "robots.txt",
    "_headers",
    "_redirects",
    "nginx-security-headers.conf",
    "nginx-redirects.conf",
    kb_core::OUTPUT_MARKER,
];

/// The longest name (in bytes) of one file or folder on common file systems (ext4, APFS,
/// NTFS counts UTF-16 units, which is never more than the UTF-8 bytes).
pub const MAX_SEGMENT_BYTES: usize = 255;

/// Why `url` (`/a/b/`, as the model keeps it) cannot be a folder of the output; `None` when
/// it can.
pub fn url_problem(url: &str) -> Option<String> {
    if url == "/" {
        return None;
    }
    let inner = url.strip_prefix('/').unwrap_or(url);
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    for (n, segment) in inner.split('/').enumerate() {
        if let Some(why) = segment_problem(segment) {
            return Some(why);
        }
        if n == 0 && RESERVED_TOP_LEVEL.iter().any(|r| r.eq_ignore_ascii_case(segment)) {
            return Some(format!("`/{segment}` is a file the build writes itself"));
        }
    }
    None
}

/// Why the last part of `url` (the part a page's own file name or slug chose) cannot be a
/// folder of the output: the parts before it are its sections', reported at their own files.
pub fn own_part_problem(url: &str) -> Option<String> {
    if url == "/" {
        return None;
    }
    let inner = url.strip_prefix('/').unwrap_or(url);
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    match inner.rsplit_once('/') {
        Some((_, last)) => segment_problem(last),
        None => url_problem(url),
    }
}

/// Why `segment` cannot be one folder name of the output.
pub fn segment_problem(segment: &str) -> Option<String> {
    if segment.is_empty() {
        return Some("it has an empty part (no letters or digits to make a name from)".into());
    }
    if segment == "." || segment == ".." {
        return Some(format!("`{segment}` is not a name: it points at a folder that is already there"));
    }
    if segment.len() > MAX_SEGMENT_BYTES {
        return Some(format!(
            "one part is {} bytes long; file systems hold names of at most {MAX_SEGMENT_BYTES} bytes",
            segment.len()
        ));
    }
    if let Some(c) = segment
        .chars()
        .find(|c| c.is_control() || matches!(c, '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
    {
        return Some(format!("`{}` cannot be part of a file name on every system", c.escape_default()));
    }
    if segment.ends_with(['.', ' ']) {
        return Some(format!("`{segment}` ends with a dot or a space, which Windows drops"));
    }
    let stem = segment.split('.').next().unwrap_or(segment).to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0');
    if reserved {
        return Some(format!("`{segment}` is a reserved device name on Windows"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_urls_pass() {
        for url in ["/", "/signalen/", "/signalen/blauwe-plekken/", "/blog/2025/03/26/naam/", "/Setup/Kleur/"]
        {
            assert_eq!(url_problem(url), None, "{url}");
        }
    }

    #[test]
    fn dots_empty_parts_and_long_names_are_refused() {
        assert!(url_problem("/./").unwrap().contains("`.`"));
        assert!(url_problem("/a/../").unwrap().contains("`..`"));
        assert!(url_problem("//").unwrap().contains("empty part"));
        let long = format!("/{}/", "a".repeat(256));
        assert!(url_problem(&long).unwrap().contains("256 bytes"));
        assert_eq!(url_problem(&format!("/{}/", "a".repeat(255))), None);
    }

    #[test]
    fn names_the_build_writes_are_refused_at_the_top_only() {
        for name in ["sitemap.xml", "404.html", "_headers", "robots.txt", ".kennisbank-output", "Sitemap.XML"]
        {
            let why = url_problem(&format!("/{name}/")).unwrap_or_else(|| panic!("{name} passes"));
            assert!(why.contains("the build writes itself"), "{why}");
        }
        assert_eq!(url_problem("/docs/robots.txt/"), None);
    }

    #[test]
    fn only_the_own_part_is_a_pages_problem() {
        assert_eq!(own_part_problem("/a:b/c/"), None, "the section reports its own part");
        assert!(own_part_problem("/a/./").is_some());
        assert!(own_part_problem("/a//").is_some());
        assert!(own_part_problem("/404.html/").is_some());
        assert_eq!(own_part_problem("/"), None);
    }

    #[test]
    fn characters_and_names_windows_refuses() {
        assert!(url_problem("/urn:nl:a/").unwrap().contains("`:`"));
        assert!(url_problem("/a\\b/").is_some());
        assert!(url_problem("/a\u{1}b/").is_some());
        assert!(url_problem("/con/").unwrap().contains("reserved device name"));
        assert!(url_problem("/lpt1.txt/").is_some());
        assert_eq!(url_problem("/com0/"), None);
        assert_eq!(url_problem("/console/"), None);
        assert!(url_problem("/klaar./").is_some());
    }
}
