//! Markdown body -> HTML, with resolved links, heading ids, callouts, highlighted code.

use std::collections::HashMap;

use kb_core::spill::Spill;
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd, html};
use pulldown_cmark_escape::{escape_href, escape_html};
use serde::{Deserialize, Serialize};

use super::abbreviations::Abbreviation;
use super::attributes;
use super::highlight::Highlighter;
use super::markers::{self, Expander};
use super::{MarkdownLabels, Outline, parser_options};

/// What happens to raw HTML written in markdown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtmlPolicy {
    /// Passed through as written (unsafe parts are still reported).
    #[default]
    Keep,
    /// Shown as text.
    Escape,
    /// Removed.
    Strip,
}

/// What rendering needs besides the body; all of it is computed before rendering starts.
pub struct RenderContext<'a> {
    pub outline: &'a Outline,
    /// Link destinations as written -> the href to use (internal links, relative files).
    pub links: &'a HashMap<String, String>,
    pub highlighter: &'a Highlighter,
    pub smart_punctuation: bool,
    pub raw_html: RawHtmlPolicy,
    /// Leave out the first `# ` heading because it became the page title.
    pub skip_h1: bool,
    /// Render task-list items as real, labelled checkboxes (the signals of a checklist).
    pub checklist: bool,
    /// Abbreviation -> its glossary entry; the first use on a page becomes an `<abbr>` link.
    pub abbreviations: &'a HashMap<String, Abbreviation>,
    /// The words rendering adds around the content, in the page's language.
    pub labels: &'a MarkdownLabels,
    /// Link destinations that lead to a page in another language -> (its language code, the
    /// note shown after the link, like "(in Dutch)"): a reader is never taken to another
    /// language without being told.
    pub foreign_links: &'a HashMap<String, (String, String)>,
    /// The shortcode templates; the same the outline was analysed with.
    pub shortcodes: &'a super::Shortcodes,
    /// Image hrefs (as in `links`) the build made responsive -> their size and WebP copies.
    pub images: &'a HashMap<String, attributes::ResponsiveImage>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML as rendered; empty once [`Rendered::compact`] moved it into `compact`. Read
    /// it with [`Rendered::html`].
    pub html: String,
    /// The HTML compressed (lz4), from [`Rendered::compact`], in memory or spilled.
    compact: Option<Compact>,
    pub toc: Vec<TocEntry>,
    /// Text without markup, for word counts, summaries and search (shared with the search
    /// documents, not copied: at 100,000 pages it is hundreds of megabytes).
    pub plain_text: std::sync::Arc<str>,
    pub word_count: usize,
    /// Plain text of the first paragraph.
    pub summary: String,
    /// The plain text cut at headings: where a search result can point into a long page.
    pub sections: std::sync::Arc<[TextSection]>,
    /// CSV downloads of charts that shortcodes drew (set by the docs stage).
    pub downloads: Vec<kb_core::OutputFile>,
}

/// Plain text under one heading (`id` is empty for the text before the first heading).
///
/// The text is where it is in the document's plain text, not a copy of it: every document's
/// plain text is held until the index is built, and a second copy cut at headings was as
/// large again (at 10,000 pages, tens of megabytes).
#[derive(Debug, Clone, Default, Serialize)]
pub struct TextSection {
    pub id: String,
    pub heading: String,
    /// Its text in [`Rendered::plain_text`] (byte offsets), the heading's own words left out;
    /// read it with [`TextSection::text`].
    pub range: std::ops::Range<usize>,
}

impl TextSection {
    /// Its text, with runs of white space collapsed into single spaces, from `plain`: the
    /// plain text of the document it was cut from.
    pub fn text(&self, plain: &str) -> String {
        squash(plain.get(self.range.clone()).unwrap_or_default())
    }
}

/// Where compressed HTML is held between the docs and pages stages.
#[derive(Debug, Clone)]
enum Compact {
    Memory(Box<[u8]>),
    /// In a build's spill file (see [`kb_core::spill`]), at this range.
    Spilled(std::sync::Arc<Spill>, std::ops::Range<u64>),
}

impl Rendered {
    /// Compresses the HTML. Every document's HTML is held from the docs stage until the pages
    /// stage places it: highlighted code and class-heavy markup compress several times over
    /// with lz4 (at 10,000 documents it is the largest thing in memory), and one
    /// decompression per page is a few microseconds. With a `spill` (a build writing to
    /// disk), the compressed bytes go to its file and only their place stays in memory.
    pub fn compact(&mut self, spill: Option<&std::sync::Arc<Spill>>) {
        if self.compact.is_none() {
            let html = std::mem::take(&mut self.html);
            let bytes = lz4_flex::compress_prepend_size(html.as_bytes());
            self.compact = Some(match spill.and_then(|spill| Some((spill, spill.put(&bytes)?))) {
                Some((spill, range)) => Compact::Spilled(std::sync::Arc::clone(spill), range),
                None => Compact::Memory(bytes.into_boxed_slice()),
            });
        }
    }

    /// The HTML, compacted or not. Empty when the spill could not be read back (its
    /// [`Spill::failure`] says so, and the build reports it).
    pub fn html(&self) -> std::borrow::Cow<'_, str> {
        let bytes = match &self.compact {
            None => return std::borrow::Cow::Borrowed(&self.html),
            Some(Compact::Memory(bytes)) => lz4_flex::decompress_size_prepended(bytes),
            Some(Compact::Spilled(spill, range)) => lz4_flex::decompress_size_prepended(&spill.get(range)),
        };
        // Compressed from a `String` by `compact`, so it is UTF-8; a failure is a bug, shown
        // as replacement characters rather than a panic.
        let bytes = bytes.unwrap_or_default();
        std::borrow::Cow::Owned(
            String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        )
    }
}

pub fn render(body: &str, ctx: &RenderContext) -> Rendered {
    let prepared = super::prepare(body, ctx.shortcodes);
    let body = prepared.text.as_str();
    let mut events: Vec<(Event, std::ops::Range<usize>)> =
        Parser::new_ext(body, parser_options(ctx.smart_punctuation)).into_offset_iter().collect();
    let inline_attributes = attributes::take_after_links(&mut events);
    let mut markers = Expander::default();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut plain = String::new();
    let mut section_starts: Vec<(usize, String, String)> = Vec::new();
    let mut summary = String::new();
    let mut summary_state = SummaryState::Waiting;
    let mut heading_index = 0;
    // Accessible names given to scrolling tables so far: each is unique on the page.
    let mut table_names: HashMap<String, usize> = HashMap::new();
    // Per open link: whether its `<a>` is ours (Some(true)), pulldown-cmark's (Some(false)), or
    // left out (None).
    let mut link_ends: Vec<Option<bool>> = Vec::new();
    let mut link_notes: Vec<Option<&(String, String)>> = Vec::new();
    let mut callout_count = 0;
    // For each open list item: is it a checklist signal (rendered as a checkbox and label)?
    let mut items: Vec<bool> = Vec::new();
    let mut signal_count = 0;
    let mut no_abbr_depth = 0usize;
    let mut used_abbr: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let abbreviation_index = super::abbreviations::AbbreviationIndex::new(ctx.abbreviations);
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. }) => no_abbr_depth += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image) => {
                no_abbr_depth = no_abbr_depth.saturating_sub(1);
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading { level, classes, attrs, .. }) => {
                markers.heading(*level as u8);
                let is_title_h1 = ctx.outline.h1.as_ref().is_some_and(|(_, r)| r.start == range.start);
                if is_title_h1 {
                    if ctx.skip_h1 {
                        while i < events.len() && !matches!(events[i].0, Event::End(TagEnd::Heading(_))) {
                            i += 1;
                        }
                        i += 1;
                        no_abbr_depth = no_abbr_depth.saturating_sub(1);
                        continue;
                    }
                    out.push(event.clone());
                } else {
                    if let Some(h) = ctx.outline.headings.get(heading_index) {
                        section_starts.push((plain.len(), h.id.clone(), h.title.clone()));
                    }
                    let id = ctx.outline.headings.get(heading_index).map(|h| CowStr::from(h.id.clone()));
                    heading_index += 1;
                    out.push(Event::Start(Tag::Heading {
                        level: *level,
                        id,
                        classes: classes.clone(),
                        attrs: attrs.clone(),
                    }));
                }
            }
            // A refused scheme (`javascript:`, `data:`): the text stays, the link goes (the model
            // reported it at its place).
            // A link to a page that does not exist, with `[links] internal = "warning"`: the
            // model resolved it to nothing (an empty href), so it goes too.
            Event::Start(Tag::Link { dest_url, .. })
                if kb_core::url_scheme::refused_scheme(dest_url).is_some()
                    || ctx.links.get(dest_url.as_ref()).is_some_and(String::is_empty) =>
            {
                link_ends.push(None);
            }
            Event::Start(Tag::Link { dest_url, title, .. }) => {
                let href = ctx.links.get(dest_url.as_ref()).map_or(dest_url.as_ref(), String::as_str);
                let external = is_external(href);
                let mut tag = String::from("<a href=\"");
                let _ = escape_href(&mut tag, href);
                tag.push('"');
                if !title.is_empty() {
                    tag.push_str(" title=\"");
                    let _ = escape_html(&mut tag, title);
                    tag.push('"');
                }
                let mut written = inline_attributes.get(&i).cloned().unwrap_or_default();
                if external {
                    tag.push_str(" rel=\"noopener noreferrer\"");
                    written.classes.insert(0, "kb-external".into());
                }
                tag.push_str(&written.to_html());
                let foreign = ctx.foreign_links.get(dest_url.as_ref());
                if let Some((lang, _)) = foreign {
                    tag.push_str(" hreflang=\"");
                    let _ = escape_html(&mut tag, lang);
                    tag.push('"');
                }
                link_notes.push(foreign);
                tag.push('>');
                out.push(Event::InlineHtml(tag.into()));
                link_ends.push(Some(true));
            }
            Event::End(TagEnd::Link) => {
                let ours = link_ends.pop().unwrap_or(Some(false));
                if ours.is_none() {
                    // The start of a refused link was left out: so is its end.
                } else if ours == Some(true) {
                    let mut end = String::from("</a>");
                    if let Some(Some((_, note))) = link_notes.pop() {
                        end.push_str(" <span class=\"kb-lang-note\">");
                        let _ = escape_html(&mut end, note);
                        end.push_str("</span>");
                    }
                    out.push(Event::InlineHtml(end.into()));
                } else {
                    out.push(event.clone());
                }
            }
            Event::Start(Tag::Image { dest_url, title, .. })
                if inline_attributes.contains_key(&i)
                    || ctx.images.contains_key(
                        ctx.links.get(dest_url.as_ref()).map_or(dest_url.as_ref(), String::as_str),
                    ) =>
            {
                let start = i;
                let href = ctx.links.get(dest_url.as_ref()).map_or(dest_url.as_ref(), String::as_str);
                let href = if kb_core::url_scheme::refused_scheme(href).is_some() { "" } else { href };
                let mut alt = String::new();
                while i + 1 < events.len() && !matches!(events[i + 1].0, Event::End(TagEnd::Image)) {
                    i += 1;
                    if let Event::Text(t) | Event::Code(t) = &events[i].0 {
                        alt.push_str(t);
                    }
                }
                i += 1;
                let no_attributes = attributes::Attributes::default();
                let attrs = inline_attributes.get(&start).unwrap_or(&no_attributes);
                let html = attributes::image_html(href, title, &alt, attrs, ctx.images.get(href));
                out.push(Event::InlineHtml(html.into()));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let mut href =
                    ctx.links.get(dest_url.as_ref()).cloned().unwrap_or_else(|| dest_url.to_string());
                if kb_core::url_scheme::refused_scheme(&href).is_some() {
                    href.clear();
                }
                out.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: href.into(),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                i += 1;
                while i < events.len() {
                    match &events[i].0 {
                        Event::End(TagEnd::CodeBlock) => break,
                        Event::Text(t) => code.push_str(t),
                        _ => {}
                    }
                    i += 1;
                }
                out.push(Event::Html(code_block(ctx.highlighter, &code, &lang).into()));
            }
            Event::Start(Tag::Table(_)) => {
                let heading = section_starts.last().map(|(_, _, title)| title.as_str());
                let name = table_name(&ctx.labels.table, heading, &mut table_names);
                let mut tag = String::from("<div class=\"kb-table\" role=\"region\" aria-label=\"");
                let _ = escape_html(&mut tag, &name);
                tag.push_str("\" tabindex=\"0\">");
                out.push(Event::Html(tag.into()));
                out.push(event.clone());
            }
            Event::End(TagEnd::Table) => {
                out.push(event.clone());
                out.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                callout_count += 1;
                let (class, title) = callout(*kind, ctx.labels);
                out.push(Event::Html(
                    format!(
                        "<aside class=\"kb-callout kb-callout--{class}\" aria-labelledby=\"kb-callout-{callout_count}\">\n\
                         <p class=\"kb-callout__title\" id=\"kb-callout-{callout_count}\">{title}</p>\n"
                    )
                    .into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => out.push(Event::Html("</aside>\n".into())),
            Event::Start(Tag::Item) => {
                let task = is_task_item(&events, i);
                let signal = task && ctx.checklist;
                items.push(signal);
                match (task, signal) {
                    (_, true) => out.push(Event::Html("<li class=\"kb-signal\">".into())),
                    (true, false) => out.push(Event::Html("<li class=\"kb-task\">".into())),
                    _ => out.push(event.clone()),
                }
            }
            Event::TaskListMarker(done) if ctx.checklist => {
                signal_count += 1;
                let checked = if *done { " checked" } else { "" };
                out.push(Event::InlineHtml(
                    format!(
                        "<input type=\"checkbox\" class=\"kb-signal__box\" id=\"signaal-{signal_count}\"{checked}>\
                         <label class=\"kb-signal__label\" for=\"signaal-{signal_count}\">"
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) if items.last() == Some(&true) => {
                // A label holds phrasing content only: loose list items lose their <p>.
            }
            Event::End(TagEnd::Item) => {
                plain.push('\n');
                if items.pop() == Some(true) {
                    out.push(Event::Html("</label></li>\n".into()));
                } else {
                    out.push(event.clone());
                }
            }
            Event::Text(t) if no_abbr_depth == 0 && !ctx.abbreviations.is_empty() => {
                plain.push_str(t);
                if summary_state == SummaryState::Inside {
                    summary.push_str(t);
                }
                abbreviate(t, &abbreviation_index, &mut used_abbr, &mut out);
            }
            Event::TaskListMarker(done) => {
                let html = if *done {
                    format!(
                        "<span class=\"kb-task__box\" aria-hidden=\"true\">☑</span><span class=\"kb-visually-hidden\">{}</span> ",
                        ctx.labels.task_done
                    )
                } else {
                    "<span class=\"kb-task__box\" aria-hidden=\"true\">☐</span> ".to_string()
                };
                out.push(Event::InlineHtml(html.into()));
            }
            Event::Html(raw) if markers::is_marker(raw) => {
                out.push(Event::Html(markers.expand(raw, ctx.labels).into()))
            }
            Event::InlineHtml(raw) if markers::is_marker(raw) => {
                out.push(Event::InlineHtml(markers.expand(raw, ctx.labels).into()))
            }
            Event::Html(raw) | Event::InlineHtml(raw) => match ctx.raw_html {
                RawHtmlPolicy::Keep => out.push(event.clone()),
                RawHtmlPolicy::Escape => out.push(Event::Text(raw.clone())),
                RawHtmlPolicy::Strip => {}
            },
            Event::Text(t) | Event::Code(t) => {
                plain.push_str(t);
                if summary_state == SummaryState::Inside {
                    summary.push_str(t);
                }
                out.push(event.clone());
            }
            Event::SoftBreak | Event::HardBreak => {
                plain.push(' ');
                if summary_state == SummaryState::Inside {
                    summary.push(' ');
                }
                out.push(event.clone());
            }
            Event::Start(Tag::Paragraph) => {
                if summary_state == SummaryState::Waiting {
                    summary_state = SummaryState::Inside;
                }
                out.push(event.clone());
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell) => {
                plain.push('\n');
                if summary_state == SummaryState::Inside && matches!(event, Event::End(TagEnd::Paragraph)) {
                    summary_state = SummaryState::Done;
                }
                out.push(event.clone());
            }
            _ => out.push(event.clone()),
        }
        i += 1;
    }
    let unclosed = markers.finish();
    if !unclosed.is_empty() {
        out.push(Event::Html(unclosed.into()));
    }
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    // Held until the pages stage, for every document of the site (see `compact`): the
    // growth's spare capacity (up to half) would be a quarter of the docs stage's memory.
    html_out.shrink_to_fit();
    let word_count = plain.split_whitespace().count();
    Rendered {
        html: html_out,
        compact: None,
        toc: toc(ctx.outline),
        word_count,
        summary: truncate_words(summary.trim(), 300),
        sections: text_sections(&plain, &section_starts).into(),
        downloads: Vec::new(),
        plain_text: plain.into(),
    }
}

/// The accessible name of a scrolling table: the word for a table and the heading it is under
/// (`Tabel: Signalen bij baby's`), numbered from the second table with the same name, so that
/// no two regions of a page share a name (a screen reader lists them by name).
fn table_name(word: &str, heading: Option<&str>, used: &mut HashMap<String, usize>) -> String {
    let base = match heading {
        Some(heading) if !heading.is_empty() => format!("{word}: {heading}"),
        _ => word.to_string(),
    };
    let count = used.entry(base.clone()).or_insert(0);
    *count += 1;
    if *count == 1 { base } else { format!("{base} ({count})") }
}

/// Splits text at the first use of each abbreviation not yet used on this page and wraps it
/// in `<abbr title="..."><a href="glossary entry">`.
fn abbreviate<'t>(
    text: &CowStr<'t>,
    index: &super::abbreviations::AbbreviationIndex<'t>,
    used: &mut std::collections::HashSet<&'t str>,
    out: &mut Vec<Event<'t>>,
) {
    let mut rest: &str = text;
    let mut pieces: Vec<Event<'t>> = Vec::new();
    let mut changed = false;
    'scan: loop {
        let best = index.first_use(rest, used);
        let Some((at, abbr, entry)) = best else { break 'scan };
        used.insert(abbr);
        changed = true;
        if at > 0 {
            pieces.push(Event::Text(rest[..at].to_string().into()));
        }
        let mut html = String::from("<abbr title=\"");
        let _ = escape_html(&mut html, &entry.title);
        html.push_str("\"><a href=\"");
        let _ = escape_href(&mut html, &entry.href);
        html.push_str("\">");
        let _ = escape_html(&mut html, abbr);
        html.push_str("</a></abbr>");
        pieces.push(Event::InlineHtml(html.into()));
        rest = &rest[at + abbr.len()..];
    }
    if !changed {
        out.push(Event::Text(text.clone()));
        return;
    }
    if !rest.is_empty() {
        pieces.push(Event::Text(rest.to_string().into()));
    }
    out.extend(pieces);
}

#[derive(PartialEq, Eq)]
enum SummaryState {
    Waiting,
    Inside,
    Done,
}

fn text_sections(plain: &str, starts: &[(usize, String, String)]) -> Vec<TextSection> {
    let mut sections = Vec::with_capacity(starts.len() + 1);
    let first = starts.first().map_or(plain.len(), |s| s.0);
    sections.push(TextSection { id: String::new(), heading: String::new(), range: 0..first });
    for (n, (start, id, heading)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(plain.len(), |s| s.0);
        let text = plain[*start..end].trim_start();
        let skipped = end - start - text.len();
        let skipped = skipped + if text.starts_with(heading.as_str()) { heading.len() } else { 0 };
        sections.push(TextSection { id: id.clone(), heading: heading.clone(), range: start + skipped..end });
    }
    // A section whose text is only white space has no text (see `squash`).
    sections.retain(|s| !plain[s.range.clone()].trim().is_empty() || !s.id.is_empty());
    sections
}

/// Collapses runs of white space into single spaces.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn is_external(href: &str) -> bool {
    href.starts_with("http://") || href.starts_with("https://") || href.starts_with("//")
}

fn is_task_item(events: &[(Event, std::ops::Range<usize>)], i: usize) -> bool {
    events[i + 1..].iter().take(2).any(|(e, _)| matches!(e, Event::TaskListMarker(_)))
}

fn callout(kind: BlockQuoteKind, labels: &MarkdownLabels) -> (&'static str, &str) {
    match kind {
        BlockQuoteKind::Note => ("note", &labels.note),
        BlockQuoteKind::Tip => ("tip", &labels.tip),
        BlockQuoteKind::Important => ("important", &labels.important),
        BlockQuoteKind::Warning => ("warning", &labels.warning),
        BlockQuoteKind::Caution => ("caution", &labels.caution),
    }
}

fn code_block(highlighter: &Highlighter, code: &str, lang: &str) -> String {
    let mut html = String::from("<pre class=\"kb-code hl-code\" tabindex=\"0\"");
    if !lang.is_empty() {
        html.push_str(" data-lang=\"");
        let _ = escape_html(&mut html, lang);
        html.push('"');
    }
    html.push_str("><code>");
    html.push_str(&highlighter.highlight(code, lang));
    html.push_str("</code></pre>\n");
    html
}

/// Nests h2..h4 into a tree.
fn toc(outline: &Outline) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for h in outline.headings.iter().filter(|h| (2..=4).contains(&h.level)) {
        let entry =
            TocEntry { level: h.level, id: h.id.clone(), title: h.title.clone(), children: Vec::new() };
        insert(&mut root, entry);
    }
    root
}

fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert(&mut last.children, entry),
        _ => list.push(entry),
    }
}

/// Cuts text at a word boundary to at most `max` characters, with an ellipsis.
pub fn truncate_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze;

    fn html(body: &str) -> Rendered {
        render_with(body, false)
    }

    fn render_with(body: &str, checklist: bool) -> Rendered {
        let mut abbreviations = HashMap::new();
        abbreviations.insert(
            "THV".to_string(),
            Abbreviation { title: "tijdelijk huisverbod".into(), href: "/begrippen/#thv".into() },
        );
        let outline = analyze(body, true, &Default::default());
        let mut links = HashMap::new();
        links.insert("@/a.md#x".to_string(), "/a/#x".to_string());
        let highlighter = Highlighter::new();
        let labels = MarkdownLabels::dutch();
        let ctx = RenderContext {
            outline: &outline,
            links: &links,
            highlighter: &highlighter,
            smart_punctuation: true,
            raw_html: RawHtmlPolicy::Keep,
            skip_h1: true,
            checklist,
            abbreviations: &abbreviations,
            labels: &labels,
            foreign_links: &HashMap::new(),
            shortcodes: &Default::default(),
            images: &HashMap::new(),
        };
        render(body, &ctx)
    }

    #[test]
    fn callouts_become_labelled_asides() {
        let r = html("> [!WARNING]\n> Pas goed op.\n");
        assert!(
            r.html.contains(
                "<aside class=\"kb-callout kb-callout--warning\" aria-labelledby=\"kb-callout-1\">"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains(">Waarschuwing</p>"));
    }

    #[test]
    fn every_table_of_a_page_has_its_own_name_from_its_heading() {
        let table = "| a |\n|---|\n| 1 |\n";
        let body = format!("{table}\n## Kosten & baten\n\n{table}\n{table}\n## Wegen\n\n{table}");
        let r = html(&body);
        let names: Vec<&str> = r
            .html
            .split("role=\"region\" aria-label=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap())
            .collect();
        assert_eq!(
            names,
            ["Tabel", "Tabel: Kosten &amp; baten", "Tabel: Kosten &amp; baten (2)", "Tabel: Wegen"]
        );
    }

    #[test]
    fn labels_come_from_the_context() {
        let labels = MarkdownLabels {
            warning: "Warning".into(),
            table: "Table".into(),
            task_done: "(done)".into(),
            ..MarkdownLabels::dutch()
        };
        let body = "> [!WARNING]\n> Careful.\n\n| a |\n|---|\n| 1 |\n\n- [x] done\n";
        let outline = analyze(body, true, &Default::default());
        let (links, abbreviations, highlighter) = (HashMap::new(), HashMap::new(), Highlighter::new());
        let ctx = RenderContext {
            outline: &outline,
            links: &links,
            highlighter: &highlighter,
            smart_punctuation: true,
            raw_html: RawHtmlPolicy::Keep,
            skip_h1: true,
            checklist: false,
            abbreviations: &abbreviations,
            labels: &labels,
            foreign_links: &HashMap::new(),
            shortcodes: &Default::default(),
            images: &HashMap::new(),
        };
        let r = render(body, &ctx);
        assert!(r.html.contains(">Warning</p>"), "{}", r.html);
        assert!(r.html.contains("aria-label=\"Table\""), "{}", r.html);
        assert!(r.html.contains(">(done)</span>"), "{}", r.html);
    }

    #[test]
    fn links_are_resolved_and_external_marked() {
        let r = html("[a](@/a.md#x) [b](https://example.org)");
        assert!(r.html.contains("<a href=\"/a/#x\">a</a>"), "{}", r.html);
        assert!(
            r.html.contains("href=\"https://example.org\" rel=\"noopener noreferrer\" class=\"kb-external\"")
        );
    }

    #[test]
    fn title_h1_is_dropped_and_headings_get_ids() {
        let r = html("# Titel\n\nEerste alinea.\n\n## Wat nu?\n\n### Daarna\n");
        assert!(!r.html.contains("<h1"));
        assert!(r.html.contains("<h2 id=\"wat-nu\">"));
        assert_eq!(r.toc.len(), 1);
        assert_eq!(r.toc[0].children[0].id, "daarna");
        assert_eq!(r.summary, "Eerste alinea.");
    }

    #[test]
    fn tables_scroll_and_code_is_highlighted() {
        let r = html("| a | b |\n|---|---|\n| 1 | 2 |\n\n```toml\nx = 1\n```\n");
        assert!(r.html.contains("<div class=\"kb-table\" role=\"region\""));
        assert!(r.html.contains("<pre class=\"kb-code hl-code\" tabindex=\"0\" data-lang=\"toml\"><code>"));
        assert!(!r.html.contains("style="));
    }

    #[test]
    fn checklist_signals_are_labelled_checkboxes() {
        let r = render_with("## Gedrag\n\n- [ ] Is angstig\n\n- [ ] Wil niet naar huis\n", true);
        assert_eq!(r.html.matches("<input type=\"checkbox\"").count(), 2, "{}", r.html);
        assert!(
            r.html.contains("<label class=\"kb-signal__label\" for=\"signaal-1\">Is angstig</label>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<p>"), "loose items must not put <p> in a label: {}", r.html);
    }

    #[test]
    fn first_use_of_an_abbreviation_links_to_the_glossary() {
        let r = html("## Over THV\n\nEen THV duurt 10 dagen. Na de THV volgt hulp. THVX niet.\n");
        assert_eq!(r.html.matches("<abbr").count(), 1, "{}", r.html);
        assert!(
            r.html.contains(
                "Een <abbr title=\"tijdelijk huisverbod\"><a href=\"/begrippen/#thv\">THV</a></abbr> duurt"
            ),
            "{}",
            r.html
        );
    }

    #[test]
    fn task_items_get_a_class_and_a_box() {
        let r = html("- [ ] open\n- [x] klaar\n");
        assert_eq!(r.html.matches("<li class=\"kb-task\">").count(), 2, "{}", r.html);
        assert!(r.html.contains("(gedaan)"));
        assert!(!r.html.contains("<input"));
    }
}
