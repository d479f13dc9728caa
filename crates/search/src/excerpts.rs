//! What a search result shows of its page: the start of the text under each heading.
//!
//! Cut while the index is built, right after the documents' text is cut into tokens: nothing
//! later reads the text, so a build can let every document's plain text go before the
//! postings are counted, the index stage's peak (at 10,000 pages the text is tens of
//! megabytes; what the fragments keep of it is at most [`FRAGMENT_CHARS`] a page).
//!
//! A page's excerpts are one string of exactly their length, cut by offsets: held as three
//! strings per section, each collected char by char with up to twice the capacity it used,
//! they took 287 MB at 100,000 pages.

use super::SearchDoc;

/// Text kept per section in a result fragment, and per page.
const SECTION_CHARS: usize = 300;
const FRAGMENT_CHARS: usize = 1_200;

/// The sections of one result fragment, each the heading's id (empty before the first
/// heading), the heading, and the start of its text.
#[derive(Debug, Clone, Default)]
pub(super) struct Excerpts {
    /// Every section's id, heading and text, one after the other.
    text: Box<str>,
    /// Per section: where its id, its heading and its text end in `text`.
    ends: Box<[[u32; 3]]>,
}

impl Excerpts {
    /// (id, heading, text) of each section, in order.
    pub fn sections(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        let mut from = 0;
        self.ends.iter().map(move |&[id, heading, text]| {
            let (id, heading, text) = (id as usize, heading as usize, text as usize);
            let section = (&self.text[from..id], &self.text[id..heading], &self.text[heading..text]);
            from = text;
            section
        })
    }
}

/// The start of `text`: its first `chars` characters (all when it has fewer), and how many
/// characters that is.
fn start(text: &str, chars: usize) -> (&str, usize) {
    match text.char_indices().nth(chars) {
        Some((end, _)) => (&text[..end], chars),
        None => (text, text.chars().count()),
    }
}

/// The excerpts of each of `d`'s sections, in order: each section's text up to
/// [`SECTION_CHARS`] characters while the page's [`FRAGMENT_CHARS`] last (then empty).
pub(super) fn of(d: &SearchDoc) -> Excerpts {
    let mut budget = FRAGMENT_CHARS;
    let texts: Vec<String> = d.sections.iter().map(|s| s.text(&d.body)).collect();
    let starts: Vec<&str> = texts
        .iter()
        .map(|text| {
            let (kept, chars) = start(text, SECTION_CHARS.min(budget));
            budget -= chars.min(budget);
            kept
        })
        .collect();
    let length = d.sections.iter().zip(&starts).map(|(s, t)| s.id.len() + s.heading.len() + t.len()).sum();
    let mut text = String::with_capacity(length);
    let mut end = |part: &str| {
        text.push_str(part);
        u32::try_from(text.len()).expect("a page's excerpts are under 4 GB")
    };
    let ends: Box<[[u32; 3]]> =
        d.sections.iter().zip(&starts).map(|(s, t)| [end(&s.id), end(&s.heading), end(t)]).collect();
    Excerpts { text: text.into_boxed_str(), ends }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kb_markdown::TextSection;

    #[test]
    fn sections_keep_the_start_of_their_text_within_the_page_budget() {
        let long = "é".repeat(1_000);
        let body = format!("kort{long}{long}");
        let section = |id: &str, range: std::ops::Range<usize>| TextSection {
            id: id.into(),
            heading: format!("Kop {id}"),
            range,
        };
        let (a, b) = (4, 4 + long.len());
        let sections = vec![
            section("", 0..4),
            section("een", a..b),
            section("twee", b..body.len()),
            section("drie", b..body.len()),
            section("vier", b..body.len()),
            section("vijf", b..body.len()),
        ];
        let d = SearchDoc { body: body.as_str().into(), sections: sections.into(), ..SearchDoc::default() };
        let excerpts = of(&d);
        let got: Vec<(&str, &str, usize)> =
            excerpts.sections().map(|(id, heading, text)| (id, heading, text.chars().count())).collect();
        assert_eq!(
            got,
            [
                ("", "Kop ", 4),
                ("een", "Kop een", 300),
                ("twee", "Kop twee", 300),
                ("drie", "Kop drie", 300),
                ("vier", "Kop vier", 296),
                ("vijf", "Kop vijf", 0),
            ]
        );
    }
}
