//! Attribute lists (`{ #id .class key=value }`, MkDocs attr_list, kramdown, Hugo) and
//! `markdown` on HTML blocks (MkDocs md_in_html).
//!
//! - After a heading: pulldown-cmark reads `{ #id .class }` itself; `key="a b"` values (which it
//!   cannot read) are left out here first, so the heading keeps its id.
//! - After a link or image, `[a](b){ .md-button }`: the id, classes and safe attributes go on
//!   the `<a>` or `<img>` ([`take_inline`], used while rendering).
//! - On a line of its own after a block: left out (kennisbank's theme has no use for Material's
//!   block classes such as `.annotate` or `.grid`).
//! - `<div markdown>`: the attribute is left out and blank lines are put around the content, so
//!   that CommonMark reads it as markdown.
//!
//! `style` and `on...` attributes are never written: they break the Content-Security-Policy.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::lines::{Fences, Line};

pub fn prepare(lines: Vec<Line>) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    let mut fences = Fences::default();
    // Tag names of open `markdown` HTML blocks, with their nesting depth of the same tag.
    let mut open: Vec<(String, usize)> = Vec::new();
    for line in lines {
        if fences.is_code(&line.text) {
            out.push(line);
            continue;
        }
        let trimmed = line.text.trim();
        if parse(trimmed.strip_prefix('{').and_then(|t| t.strip_suffix('}')).unwrap_or("")).is_some() {
            out.push(Line::new("", line.origin));
            continue;
        }
        if let Some((name, without)) = markdown_block(&line.text) {
            out.push(Line::new(without, line.origin));
            out.push(Line::new("", line.origin + line.text.len()));
            open.push((name, 0));
            continue;
        }
        if let Some((name, depth)) = open.last_mut() {
            let opens = trimmed.matches(&format!("<{name}")).count();
            let closes = trimmed.matches(&format!("</{name}>")).count();
            if trimmed.starts_with(&format!("</{name}>")) && *depth == 0 {
                let end = line.origin + line.text.len();
                out.push(Line::new("", line.origin));
                out.push(line);
                out.push(Line::new("", end));
                open.pop();
                continue;
            }
            *depth = (*depth + opens).saturating_sub(closes);
        }
        out.push(heading(line));
    }
    out
}

/// `<div class="grid" markdown>` -> (`div`, the line without the attribute).
fn markdown_block(text: &str) -> Option<(String, String)> {
    let trimmed = text.trim_start();
    let rest = trimmed.strip_prefix('<')?;
    let name: String = rest.chars().take_while(char::is_ascii_alphanumeric).collect();
    if name.is_empty() || !text.trim_end().ends_with('>') || text.contains(&format!("</{name}>")) {
        return None;
    }
    for form in [" markdown=\"1\"", " markdown=\"block\"", " markdown=\"span\"", " markdown"] {
        if let Some(i) = text.find(form) {
            let after = text[i + form.len()..].chars().next();
            if matches!(after, Some(' ' | '>' | '/')) {
                return Some((name, format!("{}{}", &text[..i], &text[i + form.len()..])));
            }
        }
    }
    None
}

/// A heading line with the attributes pulldown-cmark cannot read (quoted values) left out.
fn heading(line: Line) -> Line {
    let t = line.text.trim_start();
    if !t.starts_with('#') || !line.text.trim_end().ends_with('}') {
        return line;
    }
    let Some(open) = line.text.rfind('{') else { return line };
    let inner = &line.text[open + 1..line.text.trim_end().len() - 1];
    let Some(attrs) = parse(inner) else { return line };
    let mut kept = String::from("{");
    if let Some(id) = &attrs.id {
        kept.push_str(&format!(" #{id}"));
    }
    for class in &attrs.classes {
        kept.push_str(&format!(" .{class}"));
    }
    kept.push_str(" }");
    let text = format!("{}{kept}", &line.text[..open]);
    Line { text, ..line }
}

/// What an attribute list holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes {
    pub id: Option<String>,
    pub classes: Vec<String>,
    /// Other `key=value` pairs that are safe to write (not `style`, not `on...`).
    pub pairs: Vec<(String, String)>,
    /// `alt="..."` on an image: its text alternative instead of the bracketed text; `alt=""`
    /// marks an image as decorative (CommonMark cannot tell `![](x.png)` from a forgotten alt).
    /// Never written on a link.
    pub alt: Option<String>,
}

impl Attributes {
    /// ` id="x" class="a b" key="v"`, escaped.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        let mut push = |key: &str, value: &str| {
            out.push(' ');
            out.push_str(key);
            out.push_str("=\"");
            let _ = escape_html(&mut out, value);
            out.push('"');
        };
        if let Some(id) = &self.id {
            push("id", id);
        }
        if !self.classes.is_empty() {
            push("class", &self.classes.join(" "));
        }
        for (k, v) in &self.pairs {
            push(k, v);
        }
        out
    }
}

/// Reads the inside of `{ ... }` (an optional leading `:` as in kramdown); `None` if it is not
/// an attribute list (so `{ x }` in prose stays text).
pub fn parse(inner: &str) -> Option<Attributes> {
    let inner = inner.strip_prefix(':').unwrap_or(inner).trim();
    if inner.is_empty() {
        return None;
    }
    let mut attrs = Attributes::default();
    let mut rest = inner;
    while !rest.is_empty() {
        let token_end = token_end(rest)?;
        let token = &rest[..token_end];
        rest = rest[token_end..].trim_start();
        if let Some(id) = token.strip_prefix('#') {
            valid_name(id)?;
            attrs.id = Some(id.to_string());
        } else if let Some(class) = token.strip_prefix('.') {
            valid_name(class)?;
            attrs.classes.push(class.to_string());
        } else {
            let (key, value) = token.split_once('=')?;
            valid_name(key)?;
            let value = value.trim_matches(['"', '\'']);
            if key.eq_ignore_ascii_case("alt") {
                attrs.alt = Some(value.to_string());
            } else if is_allowed(key) {
                attrs.pairs.push((key.to_string(), value.to_string()));
            }
        }
    }
    Some(attrs)
}

/// The attributes a list may add: ones that describe or size an element. Everything else is
/// left out, so a list can never give a link a second `href`, an image a second `src`, a
/// button a `formaction`, or anything a `style` or `on...` handler (which would break the
/// Content-Security-Policy), nor switch on the theme's scripts (`data-kb-...`).
fn is_allowed(key: &str) -> bool {
    const ALLOWED: [&str; 12] = [
        "target", "rel", "title", "width", "height", "lang", "dir", "hreflang", "download", "loading",
        "decoding", "role",
    ];
    let lower = key.to_ascii_lowercase();
    ALLOWED.contains(&lower.as_str())
        || (lower.starts_with("aria-") && lower.len() > 5)
        || (lower.starts_with("data-") && lower.len() > 5 && !lower.starts_with("data-kb"))
}

/// End of the first token, a quoted value counting as part of it.
fn token_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, c) if c.is_whitespace() => return Some(i),
            _ => {}
        }
    }
    quote.is_none().then_some(text.len())
}

fn valid_name(name: &str) -> Option<()> {
    (!name.is_empty()
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        && !name.starts_with(|c: char| c.is_ascii_digit()))
    .then_some(())
}

/// An attribute list at the start of text that follows a link or image: the attributes and the
/// text after it.
pub fn take_inline(text: &str) -> Option<(Attributes, &str)> {
    let rest = text.strip_prefix('{')?;
    let end = rest.find('}')?;
    let attrs = parse(&rest[..end])?;
    Some((attrs, &rest[end + 1..]))
}

/// (first, end) of the text events an attribute list was taken from, and the text left after
/// it with its source range.
type ListTaken = (usize, usize, Option<(String, Range<usize>)>);

/// Finds `{ ... }` right after each link and image, takes it out of the text, and returns the
/// attributes by the index of the link's or image's `Start` event. Smart punctuation may have
/// split the list over several text events and curled its quotes; both are undone here.
///
/// The lists are taken out in one rebuild of the events at the end (not one splice per list,
/// which made N lists in a row cost N squared).
pub fn take_after_links(events: &mut Vec<(Event<'_>, Range<usize>)>) -> HashMap<usize, Attributes> {
    let mut found = HashMap::new();
    let mut edits: Vec<ListTaken> = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => starts.push(i),
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let start = starts.pop();
                if let (Some(start), Some(Event::Text(first))) = (start, events.get(i + 1).map(|e| &e.0))
                    && first.starts_with('{')
                {
                    let mut text = String::new();
                    let mut j = i + 1;
                    while let Some((Event::Text(t), _)) = events.get(j) {
                        text.push_str(t);
                        j += 1;
                        if text.contains('}') {
                            break;
                        }
                    }
                    let close = text.find('}').map_or(text.len(), |c| c + 1);
                    let list = text[..close]
                        .replace(['\u{201c}', '\u{201d}'], "\"")
                        .replace(['\u{2018}', '\u{2019}'], "'")
                        .replace('\u{2014}', "---")
                        .replace('\u{2013}', "--");
                    if let Some((attrs, _)) = take_inline(&list) {
                        let rest = text[close..].to_string();
                        let range = events[i + 1].1.start..events[j - 1].1.end;
                        edits.push((i + 1, j, (!rest.is_empty()).then_some((rest, range))));
                        found.insert(start, attrs);
                        i = j;
                        continue;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    if edits.is_empty() {
        return found;
    }
    let old = std::mem::take(events);
    let mut new_index = vec![usize::MAX; old.len()];
    let mut edits = edits.into_iter().peekable();
    let mut skip_until = 0;
    for (k, event) in old.into_iter().enumerate() {
        if let Some((from, to, _)) = edits.peek()
            && *from == k
        {
            skip_until = *to;
            if let Some((_, _, Some((rest, range)))) = edits.next() {
                events.push((Event::Text(rest.into()), range));
            }
        }
        if k < skip_until {
            continue;
        }
        new_index[k] = events.len();
        events.push(event);
    }
    found.into_iter().map(|(start, attrs)| (new_index[start], attrs)).collect()
}

/// An image with attributes, as HTML (pulldown-cmark cannot add attributes to the ones it writes).
pub fn image_html(
    src: &str,
    title: &str,
    alt: &str,
    attrs: &Attributes,
    responsive: Option<&ResponsiveImage>,
) -> String {
    let mut html = String::new();
    let sized_by_author =
        attrs.pairs.iter().any(|(k, _)| k.eq_ignore_ascii_case("width") || k.eq_ignore_ascii_case("height"));
    if let Some(r) = responsive {
        html.push_str("<picture><source type=\"image/webp\" srcset=\"");
        let _ = escape_html(&mut html, &r.webp_srcset);
        html.push_str("\" sizes=\"");
        html.push_str(ResponsiveImage::SIZES);
        html.push_str("\">");
    }
    html.push_str("<img src=\"");
    let _ = escape_href(&mut html, src);
    html.push_str("\" alt=\"");
    let _ = escape_html(&mut html, attrs.alt.as_deref().unwrap_or(alt));
    html.push('"');
    if !title.is_empty() {
        html.push_str(" title=\"");
        let _ = escape_html(&mut html, title);
        html.push('"');
    }
    if let Some(r) = responsive
        && !sized_by_author
    {
        html.push_str(&format!(
            " width=\"{}\" height=\"{}\" loading=\"lazy\" decoding=\"async\"",
            r.width, r.height
        ));
    }
    html.push_str(&attrs.to_html());
    html.push('>');
    if responsive.is_some() {
        html.push_str("</picture>");
    }
    html
}

/// A content image the build made responsive: its size (so the page does not shift when it
/// loads) and the WebP copies offered beside it, from small to its own width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponsiveImage {
    pub width: u32,
    pub height: u32,
    /// `url 480w, url 960w, ...`, URLs as written in the page.
    pub webp_srcset: String,
}

impl ResponsiveImage {
    /// How wide an image in the text is shown: the screen's width on a phone, at most the
    /// width of the theme's text column (`--kb-prose-max-inline-size`, 44rem).
    pub const SIZES: &str = "(max-width: 44rem) 100vw, 44rem";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::split;

    fn run(text: &str) -> String {
        prepare(split(text)).iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn lists_are_read_and_unsafe_attributes_dropped() {
        let a = parse(" #start .md-button .primary target=\"_blank\" style=\"x\" onclick=y ").unwrap();
        assert_eq!(a.id.as_deref(), Some("start"));
        assert_eq!(a.classes, ["md-button", "primary"]);
        assert_eq!(a.to_html(), " id=\"start\" class=\"md-button primary\" target=\"_blank\"");
        assert!(parse("x").is_none());
        let decorative = parse("alt=\"\" .rand").unwrap();
        assert_eq!((decorative.alt.as_deref(), decorative.to_html().as_str()), (Some(""), " class=\"rand\""));
        let responsive =
            ResponsiveImage { width: 800, height: 600, webp_srcset: "/a.1.webp 480w, /a.2.webp 800w".into() };
        let html = image_html("/a.jpg", "", "Een kind", &decorative, Some(&responsive));
        assert_eq!(
            html,
            "<picture><source type=\"image/webp\" srcset=\"/a.1.webp 480w, /a.2.webp 800w\" sizes=\"(max-width: 44rem) 100vw, 44rem\">\
             <img src=\"/a.jpg\" alt=\"\" width=\"800\" height=\"600\" loading=\"lazy\" decoding=\"async\" class=\"rand\"></picture>"
        );
        assert!(parse("naam van iets").is_none());
        let (a, rest) = take_inline("{ .md-button } en verder").unwrap();
        assert_eq!((a.classes.len(), rest), (1, " en verder"));
    }

    #[test]
    fn block_lists_go_headings_keep_ids() {
        assert_eq!(run("1. een\n{ .annotate }\n"), "1. een\n");
        assert_eq!(run("## Met pip { #with-pip data-toc-label=\"with pip\" }"), "## Met pip { #with-pip }");
        assert_eq!(run("```\n{ .x }\n```"), "```\n{ .x }\n```");
    }

    #[test]
    fn lists_after_links_are_taken_out_of_the_text() {
        let text = "[Start](/a/){ .md-button--primary target=\"_blank\" } en ![x](b.png){ width=\"300\" }.";
        let mut events: Vec<_> =
            pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION)
                .into_offset_iter()
                .collect();
        let found = take_after_links(&mut events);
        assert_eq!(found.len(), 2);
        let texts: Vec<String> = events
            .iter()
            .filter_map(|(e, _)| if let Event::Text(t) = e { Some(t.to_string()) } else { None })
            .collect();
        assert_eq!(texts, ["Start", " en ", "x", "."]);
        let link = found.values().find(|a| !a.classes.is_empty()).unwrap();
        assert_eq!(link.pairs, [("target".to_string(), "_blank".to_string())]);
    }

    #[test]
    fn markdown_in_html_gets_blank_lines() {
        let out = run("<div class=\"grid cards\" markdown>\n- **a**\n<div>x</div>\n</div>\nNa.");
        assert_eq!(out, "<div class=\"grid cards\">\n\n- **a**\n<div>x</div>\n\n</div>\n\nNa.");
    }
}
