//! Markdown written where only text belongs (a callout's title, a tab's label, a decision
//! outcome's text) -> HTML that cannot run anything: raw HTML in it is shown as text, whatever
//! the `raw_html` policy (a title is no place for an element), and a link or image whose URL
//! has a refused scheme (`javascript:`, `data:`) keeps its text and loses its `href`/`src`.
//! The body's own links are reported as errors by the model; these are the last line.

use pulldown_cmark::{Event, Parser, Tag, TagEnd, html};

use kb_core::url_scheme::refused_scheme;

/// `text` as HTML, with the markdown's blocks (an outcome text may hold paragraphs and lists).
pub fn to_html(text: &str) -> String {
    let mut out = String::new();
    html::push_html(&mut out, neutralised(Parser::new(text)));
    out
}

/// The events of `parser` with raw HTML turned into text and refused links and images
/// dropped (their content stays).
fn neutralised<'a>(parser: Parser<'a>) -> impl Iterator<Item = Event<'a>> {
    // Per open link or image: whether its start was dropped, so its end is dropped too.
    let mut dropped: Vec<bool> = Vec::new();
    parser.filter_map(move |event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { ref dest_url, .. }) | Event::Start(Tag::Image { ref dest_url, .. }) => {
            let refused = refused_scheme(dest_url).is_some();
            dropped.push(refused);
            if refused {
                // An image's alt text follows as text events; a link's text too.
                None
            } else {
                Some(event)
            }
        }
        Event::End(TagEnd::Link | TagEnd::Image) => {
            if dropped.pop().unwrap_or(false) {
                None
            } else {
                Some(event)
            }
        }
        other => Some(other),
    })
}

/// A title or label as inline HTML: [`to_html`] without the paragraph around it.
pub fn inline(text: &str) -> String {
    let out = to_html(text.trim());
    let out = out.trim();
    let out = out.strip_prefix("<p>").and_then(|o| o.strip_suffix("</p>")).unwrap_or(out);
    out.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_and_script_urls_cannot_run() {
        assert_eq!(inline("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
        assert_eq!(inline("<svg onload=alert(1)>"), "&lt;svg onload=alert(1)&gt;");
        assert_eq!(inline("[x](javascript:alert(1))"), "x");
        assert_eq!(inline("![plaatje](data:text/html,x) na"), "plaatje na");
        assert_eq!(
            inline("**Let op** [hulp](https://example.org)"),
            "<strong>Let op</strong> <a href=\"https://example.org\">hulp</a>"
        );
        let block = to_html("Bel <b onmouseover=x>nu</b>.\n\n- een");
        assert!(!block.contains("<b ") && block.contains("<li>een</li>"), "{block}");
    }
}
