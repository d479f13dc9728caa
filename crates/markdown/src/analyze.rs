//! One read of a markdown body for the site model: headings with their ids, links, raw HTML.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::{parser_options, slugify};

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link or image destination as written, with its byte position in the body.
#[derive(Debug, Clone)]
pub struct LinkRef {
    pub dest: String,
    pub offset: usize,
    pub len: usize,
    pub is_image: bool,
    /// An image without a text alternative: no text between the brackets and no `{ alt="" }`
    /// marking it decorative.
    pub missing_alt: bool,
}

/// Raw HTML that breaks the Content-Security-Policy (inline script, style, event handlers).
#[derive(Debug, Clone)]
pub struct RawHtml {
    pub offset: usize,
    pub problem: &'static str,
}

#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// The first `# ` heading: its text and byte range in the prepared body (left out of the
    /// body when it is the title).
    pub h1: Option<(String, Range<usize>)>,
    /// Every heading but that first h1, in order, with unique ids.
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    pub unsafe_html: Vec<RawHtml>,
    /// Task-list items (`- [ ]`): the signals of a checklist.
    pub task_count: usize,
    /// Shortcode calls that could not be rendered (errors) and ones rendered other than their
    /// generator would (warnings), at offsets of the original body.
    pub shortcode_notes: Vec<super::DialectNote>,
}

impl Outline {
    pub fn has_anchor(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id) || is_footnote_anchor(id)
    }
}

/// Footnote anchors exist on every page with footnotes; they are not headings.
pub fn is_footnote_anchor(id: &str) -> bool {
    id.starts_with("fn-") || id.starts_with("fnref-")
}

/// Reads the body once. Heading ids: explicit `{#id}` wins, otherwise the slug of the text;
/// repeats get `-1`, `-2`.
pub fn analyze(body: &str, smart_punctuation: bool, shortcodes: &super::Shortcodes) -> Outline {
    let prepared = super::prepare(body, shortcodes);
    let mut outline = Outline { shortcode_notes: prepared.shortcode_notes().to_vec(), ..Outline::default() };
    let mut used: HashSet<String> = HashSet::new();
    let mut next_number: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut current: Option<(u8, Option<String>, String, usize)> = None;
    // (destination, start, is an image, whether alt text or `{ alt="..." }` was seen)
    let mut link_stack: Vec<(String, usize, bool, bool)> = Vec::new();
    let body = prepared.text.as_str();
    let mut events: Vec<(Event, Range<usize>)> =
        Parser::new_ext(body, parser_options(smart_punctuation)).into_offset_iter().collect();
    let attributes = super::attributes::take_after_links(&mut events);
    for (index, (event, range)) in events.into_iter().enumerate() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current =
                    Some((heading_number(level), id.map(|i| i.to_string()), String::new(), range.start));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, explicit, text, start)) = current.take() else {
                    continue;
                };
                let text = text.trim().to_string();
                if level == 1 && outline.h1.is_none() && outline.headings.is_empty() {
                    outline.h1 = Some((text, start..range.end));
                    continue;
                }
                let base = explicit.unwrap_or_else(|| {
                    let s = slugify(&text);
                    if s.is_empty() { "kop".to_string() } else { s }
                });
                // The next number to try per base: N headings of one text cost N, not N squared.
                let n = next_number.entry(base.clone()).or_insert(1);
                let mut id = base.clone();
                while !used.insert(id.clone()) {
                    id = format!("{base}-{n}");
                    *n += 1;
                }
                outline.headings.push(Heading { level, id, title: text });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text, _)) = current.as_mut() {
                    text.push_str(&t);
                }
                if !t.trim().is_empty()
                    && let Some(open) = link_stack.last_mut()
                {
                    open.3 = true;
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                link_stack.push((dest_url.to_string(), range.start, false, true))
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let alt_given = attributes.get(&index).is_some_and(|a| a.alt.is_some());
                link_stack.push((dest_url.to_string(), range.start, true, alt_given))
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((dest, start, is_image, has_alt)) = link_stack.pop() {
                    let offset = body[start..range.end].find(&dest).map_or(start, |i| start + i);
                    let len = if offset == start { range.end - start } else { dest.len() };
                    let offset = prepared.original(offset);
                    outline.links.push(LinkRef {
                        dest,
                        offset,
                        len,
                        is_image,
                        missing_alt: is_image && !has_alt,
                    });
                }
            }
            Event::TaskListMarker(_) => outline.task_count += 1,
            Event::Html(html) | Event::InlineHtml(html) if !super::markers::is_marker(&html) => {
                if let Some(problem) = csp_problem(&html) {
                    outline.unsafe_html.push(RawHtml { offset: prepared.original(range.start), problem });
                }
            }
            _ => {}
        }
    }
    outline
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// What in a piece of raw HTML a strict Content-Security-Policy would block.
pub fn csp_problem(html: &str) -> Option<&'static str> {
    let lower = html.to_ascii_lowercase();
    if lower.contains("<script") {
        return Some("a `<script>` element");
    }
    if lower.contains("javascript:") {
        return Some("a `javascript:` URL");
    }
    let bytes = lower.as_bytes();
    for (i, _) in lower.match_indices("on") {
        let before_ok = i > 0 && bytes[i - 1].is_ascii_whitespace();
        let name_len = bytes[i + 2..].iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let after = lower[i + 2 + name_len..].trim_start();
        if before_ok && name_len > 0 && after.starts_with('=') {
            return Some("an inline event handler (`on...=`)");
        }
    }
    for (i, _) in lower.match_indices("style") {
        let before_ok = i > 0 && bytes[i - 1].is_ascii_whitespace();
        if before_ok && lower[i + 5..].trim_start().starts_with('=') {
            return Some("an inline `style=` attribute");
        }
    }
    if lower.contains("<style") {
        return Some("a `<style>` element");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_first_h1_is_the_title() {
        let o = analyze(
            "# Titel\n\n## Signalen\n\n## Signalen\n\n### Eigen {#mijn-id}\n",
            false,
            &Default::default(),
        );
        assert_eq!(o.h1.as_ref().unwrap().0, "Titel");
        let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["signalen", "signalen-1", "mijn-id"]);
    }

    #[test]
    fn links_carry_their_offsets() {
        let body = "Zie [stap 2](@/meldcode/stap-2.md#doel) en ![x](a.png).";
        let o = analyze(body, false, &Default::default());
        assert_eq!(o.links.len(), 2);
        assert_eq!(&body[o.links[0].offset..o.links[0].offset + o.links[0].len], "@/meldcode/stap-2.md#doel");
        assert!(o.links[1].is_image);
    }

    #[test]
    fn an_image_without_alt_is_found_unless_marked_decorative() {
        let body = "![](a.png) ![Een kind](b.png) ![](c.png){ alt=\"\" } [![](d.png)](e.md) ![ ](f.png)";
        let o = analyze(body, true, &Default::default());
        let missing: Vec<_> = o.links.iter().filter(|l| l.missing_alt).map(|l| l.dest.as_str()).collect();
        assert_eq!(missing, ["a.png", "d.png", "f.png"]);
    }

    #[test]
    fn csp_breaking_html_is_found() {
        assert!(csp_problem("<div onclick=\"x()\">").is_some());
        assert!(csp_problem("<p style=\"color:red\">").is_some());
        assert!(csp_problem("<script>alert(1)</script>").is_some());
        assert!(csp_problem("<abbr title=\"on time\">x</abbr>").is_none());
        assert!(csp_problem("<kbd>Esc</kbd>").is_none());
    }
}
