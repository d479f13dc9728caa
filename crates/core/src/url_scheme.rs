//! The one check of a URL's scheme, for every URL content can put in an `href` or `src`:
//! markdown links and images, outcome links, a session's `register`, shortcode arguments and
//! attribute lists. Only `http`, `https`, `mailto`, `tel` and scheme-less (relative, `@/`,
//! `#anchor`, `/path`) URLs are allowed; `javascript:`, `data:`, `vbscript:` and every other
//! scheme would run code or load something the Content-Security-Policy promises is not there.
//!
//! Browsers ignore ASCII tabs and newlines anywhere in a URL and leading spaces and control
//! characters, and schemes are case-insensitive, so the scheme is read the way a browser reads
//! it (`JaVa\tScript:` is `javascript:`).

/// The schemes a link or image may use.
pub const ALLOWED: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The scheme of `url` when it is one kennisbank refuses, lowercased (`javascript`), or
/// `None` for an allowed or scheme-less URL.
pub fn refused_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = cleaned.find([':', '/', '?', '#'])?;
    if !cleaned[end..].starts_with(':') {
        return None;
    }
    let scheme = cleaned[..end].to_ascii_lowercase();
    // A scheme starts with a letter and holds letters, digits, `+`, `-` and `.`; anything else
    // before the colon makes the URL a relative path (`a b:c`) in browsers as well.
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme || ALLOWED.contains(&scheme.as_str()) {
        return None;
    }
    Some(scheme)
}

/// The message and hint of a refused URL, the same wherever it was written.
pub fn problem(url: &str, scheme: &str) -> (String, String) {
    let shown: String = url.chars().take(60).collect();
    (
        format!("the URL `{shown}` uses the scheme `{scheme}:`, which kennisbank does not allow"),
        format!(
            "links and images may use {}, or a path on the site (`@/page.md`, `/path/`, `#anchor`); \
             `{scheme}:` URLs can run code or load content the site's security policy forbids",
            ALLOWED.map(|s| format!("`{s}:`")).join(", ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_mail_and_phone_schemes_pass() {
        for ok in [
            "https://example.org/",
            "http://x",
            "mailto:a@b.nl",
            "tel:0800-2000",
            "@/hulp.md",
            "/pad/",
            "#kop",
            "pad/bestand.pdf",
            "a b:c",
            "?q=a:b",
            "",
        ] {
            assert_eq!(refused_scheme(ok), None, "{ok}");
        }
        for (bad, scheme) in [
            ("javascript:alert(1)", "javascript"),
            ("  JaVa\tScRipt:alert(1)", "javascript"),
            ("\u{1}javascript:x", "javascript"),
            ("data:text/html,<script>", "data"),
            ("vbscript:x", "vbscript"),
            ("file:///etc/passwd", "file"),
        ] {
            assert_eq!(refused_scheme(bad).as_deref(), Some(scheme), "{bad:?}");
        }
    }
}
