//! Keys in YAML front matter: repeated top-level keys, read the way MkDocs reads them, and
//! where a key or value is written, for diagnostics.
//!
//! PyYAML, and so MkDocs, keeps the last value of a key written twice (`hide:` twice is common in
//! MkDocs Material pages); serde_yaml refuses the whole front matter. Before parsing, the earlier
//! occurrences are blanked out (replaced by spaces of the same byte length, so parse errors keep
//! pointing at the right line and column), and the loader warns at each repeated key's line.
//!
//! serde_yaml gives no positions, so [`YamlSpans`] reads the same text once more with saphyr's
//! event parser (only when a diagnostic needs a place).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use saphyr_parser::{Event, Parser, Span, SpannedEventReceiver};

use crate::load::config::{KeyStep, SpanPart};

/// A top-level `key:` line: byte offset of the key in the front matter, the key, and where the
/// key's value ends (the start of the next top-level line).
struct KeyBlock<'a> {
    offset: usize,
    key: &'a str,
    end: usize,
}

/// The top-level keys of a YAML mapping, in order. Only plain block style is read: the lines a
/// key owns are the indented, list (`- `), blank and comment lines after it.
fn key_blocks(front: &str) -> Vec<KeyBlock<'_>> {
    let mut blocks: Vec<KeyBlock> = Vec::new();
    let mut offset = 0;
    for line in front.split_inclusive('\n') {
        let owned_by_previous = line.trim().is_empty()
            || line.starts_with([' ', '\t', '#'])
            || line.starts_with("- ")
            || line.trim_end() == "-";
        if !owned_by_previous {
            if let Some(last) = blocks.last_mut() {
                last.end = offset;
            }
            if let Some(key) = key_of(line) {
                blocks.push(KeyBlock { offset, key, end: front.len() });
            }
        }
        offset += line.len();
    }
    blocks
}

/// `title: x` -> `title`; `"a b": x` -> `a b`; anything else (a flow mapping, a stray scalar)
/// -> none.
fn key_of(line: &str) -> Option<&str> {
    let line = line.trim_end();
    let (key, rest) = if let Some(quoted) = line.strip_prefix(['"', '\'']) {
        let quote = line.as_bytes()[0] as char;
        let end = quoted.find(quote)?;
        (&quoted[..end], &quoted[end + 1..])
    } else {
        let colon = line.find(": ").or_else(|| line.ends_with(':').then(|| line.len() - 1))?;
        (&line[..colon], &line[colon..])
    };
    (rest.starts_with(':') && !key.is_empty()).then_some(key)
}

/// Every occurrence of a top-level key but its first: (byte offset in the front matter, key).
/// These are the lines the loader warns at; the value written there is the one that counts.
pub fn repeated(front: &str) -> Vec<(usize, String)> {
    let mut seen: HashSet<&str> = HashSet::new();
    key_blocks(front)
        .into_iter()
        .filter(|b| !seen.insert(b.key))
        .map(|b| (b.offset, b.key.to_string()))
        .collect()
}

/// The front matter with every occurrence but the last of each repeated top-level key blanked
/// out, byte for byte (newlines kept), so that the later value wins.
pub fn without_overridden_keys(front: &str) -> Cow<'_, str> {
    let blocks = key_blocks(front);
    let mut last: HashMap<&str, usize> = HashMap::new();
    for (i, b) in blocks.iter().enumerate() {
        last.insert(b.key, i);
    }
    if last.len() == blocks.len() {
        return Cow::Borrowed(front);
    }
    let mut bytes = front.as_bytes().to_vec();
    for (i, b) in blocks.iter().enumerate() {
        if last.get(b.key) != Some(&i) {
            for byte in &mut bytes[b.offset..b.end] {
                if *byte != b'\n' {
                    *byte = b' ';
                }
            }
        }
    }
    // Whole lines were replaced by ASCII, so the text is still UTF-8.
    Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| front.to_string()))
}

/// Where the key or value at `path` is written in YAML `front` (byte offsets into `front`).
/// `front` is read as the loader reads it, so a repeated key points at its last occurrence.
/// For more than one lookup, parse once with [`YamlSpans::parse`].
#[cfg(test)]
pub fn span_of(front: &str, path: &[KeyStep], part: SpanPart) -> Option<Range<usize>> {
    YamlSpans::parse(front)?.span_of(path, part)
}

/// YAML front matter read once for its places: a file with many problems (a decision tree
/// whose every answer leads nowhere) costs one parse, not one per diagnostic.
pub struct YamlSpans {
    root: Spanned,
    /// The byte offset of each character, when the text is not ASCII (the parser counts
    /// characters); with a final entry for the end.
    char_starts: Option<Vec<usize>>,
    len: usize,
}

impl YamlSpans {
    /// `None` when saphyr cannot read `front` (serde_yaml read it, so this is rare).
    pub fn parse(front: &str) -> Option<YamlSpans> {
        let cleaned = without_overridden_keys(front);
        let mut events = Events::default();
        Parser::new_from_str(&cleaned).load(&mut events, false).ok()?;
        let mut next = 0;
        let root = node(&events.list, &mut next)?;
        let char_starts = (!cleaned.is_ascii())
            .then(|| cleaned.char_indices().map(|(i, _)| i).chain([cleaned.len()]).collect());
        Some(YamlSpans { root, char_starts, len: cleaned.len() })
    }

    /// Where the key or value at `path` is written (byte offsets into the front matter).
    pub fn span_of(&self, path: &[KeyStep], part: SpanPart) -> Option<Range<usize>> {
        let mut current = &self.root;
        let mut span = current.span.clone();
        for (n, step) in path.iter().enumerate() {
            let (key_span, value) = match (step, &current.shape) {
                (KeyStep::Key(key), Shape::Mapping(entries)) => {
                    // The last of a key written twice at one level is the one that counts.
                    let (_, key_span, value) = entries.iter().rev().find(|(k, _, _)| k == key)?;
                    (Some(key_span.clone()), value)
                }
                (KeyStep::Index(i), Shape::Sequence(items)) => (None, items.get(*i)?),
                _ => return None,
            };
            span = match key_span {
                Some(k) if part == SpanPart::Key && n + 1 == path.len() => k,
                _ => value.span.clone(),
            };
            current = value;
        }
        let byte = |chars: usize| match &self.char_starts {
            None => chars.min(self.len),
            Some(starts) => starts.get(chars).copied().unwrap_or(self.len),
        };
        Some(byte(span.start)..byte(span.end))
    }
}

/// The parser's events with their spans (in characters), the few kinds a lookup needs.
#[derive(Default)]
struct Events {
    list: Vec<(Mark, Range<usize>)>,
}

enum Mark {
    Scalar(String),
    /// `*name`: a value, never a key here.
    Alias,
    MappingStart,
    SequenceStart,
    End,
    Other,
}

impl<'input> SpannedEventReceiver<'input> for Events {
    fn on_event(&mut self, event: Event<'input>, span: Span) {
        let mark = match event {
            Event::Scalar(text, ..) => Mark::Scalar(text.into_owned()),
            Event::Alias(_) => Mark::Alias,
            Event::MappingStart(..) => Mark::MappingStart,
            Event::SequenceStart(..) => Mark::SequenceStart,
            Event::MappingEnd | Event::SequenceEnd => Mark::End,
            _ => Mark::Other,
        };
        self.list.push((mark, span.start.index()..span.end.index()));
    }
}

/// A value with where it is written; a mapping keeps each key's own span.
struct Spanned {
    span: Range<usize>,
    shape: Shape,
}

enum Shape {
    Scalar,
    Mapping(Vec<(String, Range<usize>, Spanned)>),
    Sequence(Vec<Spanned>),
}

/// The value starting at `events[*next]`; `next` moves past it.
fn node(events: &[(Mark, Range<usize>)], next: &mut usize) -> Option<Spanned> {
    while matches!(events.get(*next), Some((Mark::Other, _))) {
        *next += 1;
    }
    let (mark, span) = events.get(*next)?;
    *next += 1;
    let shape = match mark {
        Mark::Scalar(_) | Mark::Alias => Shape::Scalar,
        Mark::End | Mark::Other => return None,
        Mark::MappingStart => {
            let mut entries = Vec::new();
            while let Some((Mark::Scalar(key), key_span)) = events.get(*next) {
                *next += 1;
                let value = node(events, next)?;
                entries.push((key.clone(), key_span.clone(), value));
            }
            Shape::Mapping(entries)
        }
        Mark::SequenceStart => {
            let mut items = Vec::new();
            while !matches!(events.get(*next), Some((Mark::End, _)) | None) {
                items.push(node(events, next)?);
            }
            Shape::Sequence(items)
        }
    };
    let end = match shape {
        Shape::Scalar => span.end,
        _ => {
            // Past the container's end event.
            let end = events.get(*next).map_or(span.end, |(_, s)| s.end.max(span.start));
            *next += 1;
            end
        }
    };
    Some(Spanned { span: span.start..end, shape })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRONT: &str = "title: Zoeken\nhide:\n  - navigation\ndescription: x\nhide:\n- toc\n";

    #[test]
    fn the_repeated_key_is_found_at_its_own_line() {
        let found = repeated(FRONT);
        assert_eq!(found, vec![(FRONT.find("hide:\n- toc").unwrap(), "hide".to_string())]);
        assert!(repeated("a: 1\nb:\n  a: 2\n").is_empty(), "nested keys are not top-level");
    }

    #[test]
    fn the_later_value_wins_and_offsets_stay() {
        let cleaned = without_overridden_keys(FRONT);
        assert_eq!(cleaned.len(), FRONT.len());
        assert_eq!(cleaned.lines().count(), FRONT.lines().count());
        let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(&cleaned).unwrap();
        assert_eq!(value["hide"][0].as_str(), Some("toc"));
        assert_eq!(value["description"].as_str(), Some("x"));
    }

    #[test]
    fn front_matter_without_repeats_is_untouched() {
        assert!(matches!(without_overridden_keys("a: 1\nb: 2\n"), Cow::Borrowed(_)));
        assert!(matches!(without_overridden_keys("\"a b\": 1\nc: \"x: y\"\n"), Cow::Borrowed(_)));
    }

    fn text_at(front: &str, path: &[KeyStep], part: SpanPart) -> String {
        let span = span_of(front, path, part).expect("found");
        front[span].to_string()
    }

    #[test]
    fn keys_and_values_are_found_where_they_are_written() {
        use KeyStep::{Index, Key};
        let front = "title: Één\nkind: traning\naudience: [public, publiek]\ntaxonomies:\n  thema:\n    - a\nsessions:\n  - start: \"9:00\"\n  - start: morgen\n";
        assert_eq!(text_at(front, &[Key("kind")], SpanPart::Value), "traning");
        assert_eq!(text_at(front, &[Key("kind")], SpanPart::Key), "kind");
        assert_eq!(text_at(front, &[Key("audience"), Index(1)], SpanPart::Value), "publiek");
        assert_eq!(text_at(front, &[Key("taxonomies"), Key("thema")], SpanPart::Key), "thema");
        assert_eq!(text_at(front, &[Key("sessions"), Index(1), Key("start")], SpanPart::Value), "morgen");
        assert_eq!(text_at(front, &[Key("sessions"), Index(0), Key("start")], SpanPart::Value), "\"9:00\"");
        assert!(span_of(front, &[Key("missing")], SpanPart::Key).is_none());
        assert!(span_of(front, &[Key("kind"), Index(0)], SpanPart::Value).is_none());
        let aliased = "a: &x 1\nb: *x\nc: twee\n";
        assert_eq!(text_at(aliased, &[Key("c")], SpanPart::Value), "twee");
    }

    #[test]
    fn a_repeated_key_is_found_at_its_last_place() {
        let span = span_of(FRONT, &[KeyStep::Key("hide")], SpanPart::Key).unwrap();
        assert_eq!(span.start, FRONT.find("hide:\n- toc").unwrap());
    }
}
