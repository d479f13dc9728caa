//! Slide decks: one markdown body cut into slides, each with its own speaker notes and layout.
//!
//! The cut is made on the author's body with pulldown-cmark's offsets, so every position (an
//! unknown layout, a `---` that became a heading underline) points at the author's file:
//! - a thematic break (`---`, `***`, `___`) at the top level starts a new slide; one inside a
//!   list, a quote or a code block does not;
//! - with `split = "h2"` every top-level `## ` heading starts one too (a `---` right before it
//!   makes no empty slide);
//! - a paragraph that starts with `Notes:` (or `Notities:`) begins the speaker notes, which run
//!   to the slide's end;
//! - an HTML comment `<!-- layout: two-columns -->` on a line of its own chooses the layout.
//!
//! The model checks a deck with [`split`]; the docs stage renders each slide's parts with
//! [`render_deck`], keeping the heading ids the whole page has.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag};
use serde::Serialize;

use super::{RenderContext, analyze, parser_options, render};

/// The layouts a slide may ask for; the theme styles each (`kb-slide--<name>`).
pub const LAYOUTS: &[&str] = &["content", "title", "two-columns", "image"];

/// Words that begin the speaker notes of a slide, at the start of a paragraph.
const NOTES_MARKERS: &[&str] = &["Notes:", "Notities:"];

/// One slide of a body: byte ranges into the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlideSource {
    /// The slide's content, the layout comment and the notes left out.
    pub content: Range<usize>,
    /// The layout comment, if the slide has one: its name as written and where it is.
    pub layout: Option<(String, Range<usize>)>,
    /// The speaker notes after the `Notes:` marker.
    pub notes: Option<Range<usize>>,
}

/// Something in a deck's body the author should fix, with its byte range in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlideProblem {
    /// `<!-- layout: x -->` names no layout.
    UnknownLayout { name: String, at: Range<usize> },
    /// A `---` right under a line of text makes that line a heading, not a new slide.
    HeadingUnderline { at: Range<usize> },
}

/// A body cut into slides, with what is wrong in it.
#[derive(Debug, Clone, Default)]
pub struct DeckSource {
    pub slides: Vec<SlideSource>,
    pub problems: Vec<SlideProblem>,
}

/// Cuts `body` into slides; `at_headings` also cuts before each top-level `## `.
pub fn split(body: &str, at_headings: bool) -> DeckSource {
    // Each cut: where the slide before it ends and where the next one starts.
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut notes: Vec<(usize, usize)> = Vec::new();
    let mut layouts: Vec<(String, Range<usize>)> = Vec::new();
    let mut problems = Vec::new();
    let mut depth = 0usize;
    // A layout comment right before a `## ` that starts a slide belongs to that slide.
    let mut layout_before: Option<usize> = None;
    for (event, range) in Parser::new_ext(body, parser_options(false)).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    let comment_before = layout_before.take();
                    match tag {
                        Tag::Heading { level: HeadingLevel::H2, .. } => {
                            if at_headings {
                                let at = comment_before.unwrap_or(range.start);
                                cuts.push((at, at));
                            }
                            if is_setext_rule(&body[range.clone()]) && !at_headings {
                                problems.push(SlideProblem::HeadingUnderline { at: last_line(body, &range) });
                            }
                        }
                        Tag::Paragraph => {
                            let text = &body[range.clone()];
                            if let Some(marker) = NOTES_MARKERS.iter().find(|m| text.starts_with(*m)) {
                                notes.push((range.start, range.start + marker.len()));
                            }
                        }
                        Tag::HtmlBlock => {
                            if let Some(name) = layout_name(&body[range.clone()]) {
                                let at = range.start..range.start + body[range.clone()].trim_end().len();
                                if !LAYOUTS.contains(&name.as_str()) {
                                    problems.push(SlideProblem::UnknownLayout {
                                        name: name.clone(),
                                        at: at.clone(),
                                    });
                                }
                                layout_before = Some(range.start);
                                layouts.push((name, at));
                            }
                        }
                        _ => {}
                    }
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Rule if depth == 0 => {
                layout_before = None;
                cuts.push((range.start, range.end));
            }
            _ => {}
        }
    }
    let mut slides = Vec::new();
    let mut start = 0;
    for (end, next) in cuts.into_iter().chain(std::iter::once((body.len(), body.len()))) {
        let within = |at: usize| at >= start && at < end;
        let marker = notes.iter().find(|(at, _)| within(*at));
        let content = start..marker.map_or(end, |(at, _)| *at);
        let layout = layouts.iter().find(|(_, r)| content.contains(&r.start)).cloned();
        let slide = SlideSource { content, layout, notes: marker.map(|(_, after)| *after..end) };
        if !is_blank(body, &slide) {
            slides.push(slide);
        }
        start = next;
    }
    DeckSource { slides, problems }
}

/// `<!-- layout: two-columns -->` -> `two-columns`.
fn layout_name(html: &str) -> Option<String> {
    let inner = html.trim().strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    let name = inner.strip_prefix("layout:")?.trim();
    Some(name.to_string())
}

/// A heading whose last line is only dashes: a setext `##` heading.
fn is_setext_rule(heading: &str) -> bool {
    let last = heading.trim_end().lines().last().unwrap_or_default().trim();
    heading.trim_end().lines().count() > 1 && !last.is_empty() && last.chars().all(|c| c == '-')
}

fn last_line(body: &str, range: &Range<usize>) -> Range<usize> {
    let text = body[range.clone()].trim_end();
    let from = text.rfind('\n').map_or(0, |i| i + 1);
    range.start + from..range.start + text.len()
}

fn is_blank(body: &str, slide: &SlideSource) -> bool {
    let content = content_text(body, slide);
    content.trim().is_empty() && slide.notes.as_ref().is_none_or(|n| body[n.clone()].trim().is_empty())
}

/// The slide's markdown without its layout comment.
fn content_text(body: &str, slide: &SlideSource) -> String {
    let mut text = body[slide.content.clone()].to_string();
    if let Some((_, at)) = &slide.layout {
        let from = at.start - slide.content.start;
        text.replace_range(from..at.end - slide.content.start, "");
    }
    text
}

/// One slide, rendered.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RenderedSlide {
    /// One of [`LAYOUTS`].
    pub layout: String,
    pub html: String,
    /// The speaker notes as HTML; empty without notes.
    pub notes_html: String,
}

/// Renders each slide of `body` (content and notes) with `ctx`. Headings keep the ids the
/// whole page's outline gave them, so a link to `#een-kop` finds its slide.
pub fn render_deck(body: &str, at_headings: bool, ctx: &RenderContext) -> Vec<RenderedSlide> {
    let deck = split(body, at_headings);
    let mut ids = ctx.outline.headings.iter().map(|h| h.id.clone());
    let mut title_pending = ctx.outline.h1.is_some();
    let mut part = |text: &str| -> String {
        if text.trim().is_empty() {
            return String::new();
        }
        let mut outline = analyze(text, ctx.smart_punctuation, ctx.shortcodes);
        // Only the page's first `# ` is its title; a later one is a heading like any other.
        if !title_pending && let Some((title, _)) = outline.h1.take() {
            outline.headings.insert(0, super::Heading { level: 1, id: String::new(), title });
        }
        let skip_h1 = outline.h1.is_some() && ctx.skip_h1;
        if outline.h1.is_some() || !outline.headings.is_empty() {
            title_pending = false;
        }
        for heading in &mut outline.headings {
            heading.id = ids.next().unwrap_or_default();
        }
        let part_ctx = RenderContext { outline: &outline, skip_h1, ..*ctx };
        render(text, &part_ctx).html
    };
    deck.slides
        .iter()
        .map(|slide| {
            let layout = slide
                .layout
                .as_ref()
                .map(|(name, _)| name.as_str())
                .filter(|name| LAYOUTS.contains(name))
                .unwrap_or(LAYOUTS[0])
                .to_string();
            let html = part(&content_text(body, slide));
            let notes_html = slide.notes.as_ref().map(|n| part(&body[n.clone()])).unwrap_or_default();
            RenderedSlide { layout, html, notes_html }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str, at_headings: bool) -> Vec<(String, Option<String>, Option<String>)> {
        split(body, at_headings)
            .slides
            .iter()
            .map(|s| {
                (
                    content_text(body, s).trim().to_string(),
                    s.layout.as_ref().map(|(n, _)| n.clone()),
                    s.notes.as_ref().map(|n| body[n.clone()].trim().to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn top_level_rules_cut_but_not_rules_in_code_or_lists() {
        let body =
            "## Een\n\nTekst\n\n---\n\n## Twee\n\n```\n---\n```\n\n- lijst\n\n  ***\n\n---\n\n## Drie\n";
        let slides = texts(body, false);
        assert_eq!(slides.len(), 3, "{slides:?}");
        assert!(slides[1].0.contains("```\n---\n```"));
        assert!(slides[1].0.contains("***"));
        assert_eq!(slides[2].0, "## Drie");
    }

    #[test]
    fn notes_and_layout_belong_to_their_slide() {
        let body = "<!-- layout: title -->\n# Welkom\n\nNotes:\nZeg wie je bent.\n\n- en waarom\n\n---\n\nTweede\n\nNotities: kort\n";
        let slides = texts(body, false);
        assert_eq!(slides[0].0, "# Welkom");
        assert_eq!(slides[0].1.as_deref(), Some("title"));
        assert_eq!(slides[0].2.as_deref(), Some("Zeg wie je bent.\n\n- en waarom"));
        assert_eq!(slides[1], ("Tweede".to_string(), None, Some("kort".to_string())));
    }

    #[test]
    fn headings_cut_when_asked_and_no_slide_is_empty() {
        let body = "## Een\n\nA\n\n---\n\n## Twee\n\nB\n\n## Drie\n";
        assert_eq!(texts(body, true).len(), 3);
        assert_eq!(texts(body, false).len(), 2);
        let with_layout = texts("## Een\n\n<!-- layout: title -->\n\n## Twee\n", true);
        assert_eq!(with_layout[0], ("## Een".to_string(), None, None));
        assert_eq!(with_layout[1].1.as_deref(), Some("title"));
        assert_eq!(texts("\n\n---\n\n", false).len(), 0);
    }

    #[test]
    fn problems_point_at_the_text() {
        let body = "Tekst\n\n<!-- layout: drie-kolommen -->\n\nKop\n---\n\nMeer\n";
        let deck = split(body, false);
        assert_eq!(deck.slides.len(), 1);
        let [SlideProblem::UnknownLayout { name, at }, SlideProblem::HeadingUnderline { at: rule }] =
            &deck.problems[..]
        else {
            panic!("{:?}", deck.problems)
        };
        assert_eq!(name, "drie-kolommen");
        assert_eq!(&body[at.clone()], "<!-- layout: drie-kolommen -->");
        assert_eq!(&body[rule.clone()], "---");
    }
}
