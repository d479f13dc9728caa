//! The one HTML and XML escaper for text kennisbank writes itself: template output (tera's
//! autoescape), interface strings with placeholders, feeds, the sitemap and charts. It escapes
//! what text and double- or single-quoted attribute values need (`&<>"'`), and not `/`
//! (tera's default turns every URL into `&#x2F;`).

/// Escapes `text` for HTML or XML text and attribute values. Runs of plain text are copied
/// whole (every page's text passes through here several times).
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut copied = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The five are ASCII: `i` is a character boundary.
        out.push_str(&text[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
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
        assert_eq!(super::html("één < twee — drie"), "één &lt; twee — drie");
        assert_eq!(super::html(""), "");
    }
}
