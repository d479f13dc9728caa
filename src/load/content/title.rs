//! A title for a page whose author gave none, the way MkDocs and Docusaurus find one.
//!
//! Both generators take a missing title from the first `# ` heading (the site model already
//! does that) and, failing that, from the file name. Content written for them often relies on
//! the file name, so a page without either is not an error here: it is titled after its file
//! (or its folder, for an `index.md`). Only where the text has a heading that could have served
//! (a `## ` first) does the author get a warning, at that heading.

use pulldown_cmark::{Event, Parser, Tag};

use kb_core::diagnostics::Diagnostic;

use super::ContentFile;

/// Sets `file.front.title` from the file name when the front matter has none and the body does
/// not start its headings with a `# ` (which the site model takes as the title). Returns the
/// warning for a page whose first heading is of a lower level.
pub fn fill_from_name(file: &mut ContentFile) -> Option<Diagnostic> {
    if file.front.title.as_deref().is_some_and(|t| !t.trim().is_empty()) {
        return None;
    }
    let body = file.body();
    let first_heading = Parser::new_ext(body, kb_markdown::parser_options(false))
        .into_offset_iter()
        .find_map(|(event, range)| match event {
            Event::Start(Tag::Heading { level, .. }) => Some((level as u8, range.start)),
            _ => None,
        });
    if matches!(first_heading, Some((1, _))) {
        return None;
    }
    let title = from_name(&file.rel);
    let warning = first_heading.map(|(level, offset)| {
        Diagnostic::warning(format!("this page has no title; it is titled after its file: `{title}`"))
            .at_offset(&file.path, &file.source, file.body_offset + offset, usize::from(level))
            .with_hint(format!(
                "make this heading a `# ` heading to have it as the title, or add `title: {title}` to the \
                 front matter"
            ))
    });
    file.front.title = Some(title);
    warning
}

/// `docs/01-aan-de_slag.md` -> `Aan de slag`; `docs/api/index.md` -> `Api`. A leading number
/// prefix (`01-`, Docusaurus' way of ordering files) is left out.
pub fn from_name(rel: &str) -> String {
    let mut parts = rel.rsplit('/');
    let file = parts.next().unwrap_or(rel);
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let name = if matches!(stem, "index" | "_index") { parts.next().unwrap_or(stem) } else { stem };
    let unnumbered = name.trim_start_matches(|c: char| c.is_ascii_digit());
    let name = match unnumbered.strip_prefix(['-', '_', '.']) {
        Some(rest) if unnumbered.len() < name.len() && !rest.is_empty() => rest,
        _ => name,
    };
    let text = name.replace(['-', '_'], " ");
    let mut chars = text.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::content::FrontMatter;

    fn file(rel: &str, source: &str) -> ContentFile {
        ContentFile {
            path: rel.into(),
            rel: rel.into(),
            source: source.into(),
            body_offset: 0,
            front: FrontMatter::default(),
        }
    }

    #[test]
    fn names_become_titles() {
        assert_eq!(from_name("docs/aan-de_slag.md"), "Aan de slag");
        assert_eq!(from_name("docs/02-installeren.mdx"), "Installeren");
        assert_eq!(from_name("docs/api/index.md"), "Api");
        assert_eq!(from_name("2024.md"), "2024");
    }

    #[test]
    fn a_first_h1_is_left_to_the_site_model() {
        let mut f = file("a/b.md", "# Kop\n\nTekst.\n");
        assert!(fill_from_name(&mut f).is_none());
        assert_eq!(f.front.title, None);
    }

    #[test]
    fn plain_text_is_titled_quietly_and_a_lower_heading_warns() {
        let mut f = file("a/over-ons.md", "Tekst.\n");
        assert!(fill_from_name(&mut f).is_none());
        assert_eq!(f.front.title.as_deref(), Some("Over ons"));
        let mut f = file("a/over-ons.md", "Tekst.\n\n## Wie\n");
        let warning = fill_from_name(&mut f).expect("a warning");
        assert_eq!(warning.location.unwrap().line, 3);
        assert_eq!(f.front.title.as_deref(), Some("Over ons"));
    }
}
