//! The one HTML and XML escaper for text kennisbank writes itself: template output (tera's
//! autoescape), interface strings with placeholders, feeds, the sitemap and charts. It escapes
//! what text and double- or single-quoted attribute values need (`&<>"'`), and not `/`
//! (tera's default turns every URL into `&#x2F;`).

/// Escapes `text` for HTML or XML text and attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_both_quotes_but_not_slashes() {
        assert_eq!(
            super::html(r#"<a href="/x">'t & "y"</a>"#),
            "&lt;a href=&quot;/x&quot;&gt;&#39;t &amp; &quot;y&quot;&lt;/a&gt;"
        );
    }
}
