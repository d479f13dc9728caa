//! Other generators' block syntax, rewritten to CommonMark plus kennisbank markers before parsing.
//!
//! MkDocs admonitions and tabs hang on indentation, Docusaurus admonitions on `:::` fences, MDX on
//! JSX tags: none of it survives a CommonMark parser (an indented admonition body becomes a code
//! block). So `analyze` and `render` both parse the body as this module prepares it: each pass
//! turns a list of lines into a list of lines, replacing the other generator's syntax by marker
//! comments (`<!--kb:callout kind="tip"-->`, see `markers`) that CommonMark reads as one-line HTML
//! blocks, and dedenting the bodies. `render` turns the markers into the theme's HTML.
//!
//! Every line remembers where its first byte came from in the original body, so link positions
//! and diagnostics are mapped back to the author's file ([`Prepared::original`]). Lines inside
//! fenced code are never touched.

use super::lines::{DialectNote, Fences, Line, split};
use super::{directives, icons, mdx, mkdocs, shortcodes};
use shortcodes::Shortcodes;

/// The body as the parser sees it, and the way back to the original offsets.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub text: String,
    /// (offset in `text`, offset in the original) of each line start and each cut within a
    /// line, in order; empty when unchanged.
    starts: Vec<(usize, usize)>,
    pub notes: Vec<DialectNote>,
    /// How many of `notes` (the first ones) the shortcode pass made: only a build with the
    /// templates sees them, while the others are reported once by the load stage.
    from_shortcodes: usize,
}

impl Prepared {
    /// The errors and warnings of shortcode calls.
    pub fn shortcode_notes(&self) -> &[DialectNote] {
        &self.notes[..self.from_shortcodes]
    }

    /// The original body offset of an offset in `text`.
    pub fn original(&self, offset: usize) -> usize {
        if self.starts.is_empty() {
            return offset;
        }
        let i = self.starts.partition_point(|(start, _)| *start <= offset).saturating_sub(1);
        let (start, origin) = self.starts[i];
        origin + (offset - start)
    }
}

/// Strings without which no pass has anything to do outside fenced code: most bodies are
/// returned as they are.
const TRIGGERS: &[&str] = &[
    "!!!",
    "???",
    "===",
    ":::",
    "import ",
    "export ",
    "{/*",
    "<",
    "{",
    ":material-",
    ":fontawesome-",
    ":octicons-",
    ":simple-",
    ":   ",
];

/// Runs every pass over `body`; shortcodes first, so their markdown output meets the others.
pub fn prepare(body: &str, shortcodes: &Shortcodes) -> Prepared {
    if !has_triggers(body) {
        return Prepared {
            text: body.to_string(),
            starts: Vec::new(),
            notes: Vec::new(),
            from_shortcodes: 0,
        };
    }
    passes(body, shortcodes)
}

fn passes(body: &str, shortcodes: &Shortcodes) -> Prepared {
    let mut lines = split(body);
    let mut notes = Vec::new();
    lines = shortcodes::prepare(lines, shortcodes, &mut notes);
    let from_shortcodes = notes.len();
    lines = mdx::prepare(lines, &mut notes);
    lines = directives::prepare(lines);
    lines = mkdocs::prepare(lines, &mut notes);
    lines = icons::prepare(lines);
    lines = super::attributes::prepare(lines);
    Prepared { from_shortcodes, ..join(lines, body.ends_with('\n'), notes) }
}

/// Whether a line outside fenced code holds one of the [`TRIGGERS`]. Every pass leaves fenced
/// code alone (each tracks it with the same [`Fences`]), and a documentation site's code is
/// full of `<` and `{`: looking at the whole body sent half the pages of a plain site through
/// all six passes, three times per page (load, analyze, render), for nothing.
fn has_triggers(body: &str) -> bool {
    let mut fences = Fences::default();
    body.split('\n').any(|line| !fences.is_code(line) && line_has_trigger(line.as_bytes()))
}

/// Whether one of the [`TRIGGERS`] occurs in `line`. Every trigger is `<`, `{`, or starts at
/// one of `!?=:` or at `im`/`ex` before `port `: vectorised searches for those bytes find the
/// few places worth a closer look (a paragraph is one line, and prose has many `:` and `?`).
fn line_has_trigger(line: &[u8]) -> bool {
    static PORT: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"port "));
    let trigger_at = |i: usize| TRIGGERS.iter().any(|t| line[i..].starts_with(t.as_bytes()));
    memchr::memchr2(b'<', b'{', line).is_some()
        || memchr::memchr3_iter(b'!', b'?', b'=', line).any(trigger_at)
        || memchr::memchr_iter(b':', line).any(trigger_at)
        || PORT.find_iter(line).any(|i| i >= 2 && matches!(&line[i - 2..i], b"im" | b"ex"))
}

fn join(lines: Vec<Line>, trailing_newline: bool, notes: Vec<DialectNote>) -> Prepared {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(lines.len());
    let count = lines.len();
    for (i, line) in lines.into_iter().enumerate() {
        starts.push((text.len(), line.origin));
        starts.extend(line.jumps.iter().map(|(at, origin)| (text.len() + at, *origin)));
        text.push_str(&line.text);
        if i + 1 < count || trailing_newline {
            text.push('\n');
        }
    }
    Prepared { text, starts, notes, from_shortcodes: 0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::attribute;

    #[test]
    fn untouched_bodies_map_to_themselves() {
        let p = prepare("# Kop\n\nTekst.\n", &Shortcodes::default());
        assert_eq!(p.text, "# Kop\n\nTekst.\n");
        assert_eq!(p.original(7), 7);
    }

    #[test]
    fn triggers_inside_fenced_code_change_nothing() {
        let body = "Tekst.\n\n```js\nconst x = { a: 1 } < 2; // !!! ===\n```\n";
        assert!(!has_triggers(body));
        let p = prepare(body, &Shortcodes::default());
        assert_eq!(p.text, body);
        assert!(has_triggers("Tekst.\n\n```js\nx\n```\n\n!!! tip\n    Let op.\n"));
        assert!(has_triggers("<Tabs>\n```js\nx\n```\n</Tabs>\n"));
        // An unclosed fence hides the rest, as it does for every pass.
        assert!(!has_triggers("```\n:::tip\n"));
    }

    proptest::proptest! {
        #[test]
        fn the_byte_scan_finds_what_contains_finds(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "!", "!!", "?", "??", "=", "==", ":", "::", " ", "  ", "im", "ex", "port", "port ",
                "import", "{", "<", "/*", ":material", "-", ":fontawesome", ":octicons", ":simple",
                "a", "p", "é",
            ]), 0..12)
        ) {
            let line = parts.concat();
            let naive = TRIGGERS.iter().any(|t| line.contains(t));
            proptest::prop_assert_eq!(line_has_trigger(line.as_bytes()), naive);
        }

        /// The shortcut is only taken where the passes would have changed nothing.
        #[test]
        fn bodies_without_triggers_outside_code_pass_through_unchanged(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "Tekst\n", "\n", "```js\n", "```\n", "~~~\n", "    ```\n", "````\n", "x < y\n",
                "{{ kaart() }}\n", "!!! tip\n", "    inhoud\n", ":::info\n", ":::\n", "<Tabs>\n",
                "import X from 'y'\n", "{/* c */}\n", ":material-home:\n", ":   definitie\n",
                "Kop\n", "===\n", "## Kop {#id}\n", "``` `x`\n", "\r\n",
            ]), 0..24)
        ) {
            let body: String = parts.concat();
            if !has_triggers(&body) {
                let full = passes(&body, &Shortcodes::default());
                proptest::prop_assert_eq!(&full.text, &body);
                proptest::prop_assert!(full.notes.is_empty());
            }
        }
    }

    #[test]
    fn dedented_lines_map_back() {
        let lines = vec![Line::new("a", 0), Line::new("    b", 2).dedent(4)];
        let p = join(lines, true, Vec::new());
        assert_eq!(p.text, "a\nb\n");
        assert_eq!(p.original(2), 6);
    }

    #[test]
    fn fences_hide_code() {
        let mut f = Fences::default();
        let code: Vec<bool> = ["a", "```md", "!!! tip", "```", "b", "    ~~~", "x", "    ~~~"]
            .iter()
            .map(|l| f.is_code(l))
            .collect();
        assert_eq!(code, [false, true, true, true, false, true, true, true]);
        assert!(!Fences::default().is_code("```bash npx x ```"));
        // A fence indented four more than the open one is code, not its end (CommonMark).
        let mut f = Fences::default();
        let code: Vec<bool> = ["```md", "    ```", "x", "   ```", "y"].iter().map(|l| f.is_code(l)).collect();
        assert_eq!(code, [true, true, true, true, false]);
    }

    #[test]
    fn attributes_are_read_from_tags() {
        let tag = "<TabItem value=\"npm\" label='Npm' default>";
        assert_eq!(attribute(tag, "value"), Some("npm"));
        assert_eq!(attribute(tag, "label"), Some("Npm"));
        assert_eq!(attribute("<Admonition type={\"tip\"}>", "type"), Some("tip"));
        assert_eq!(attribute(tag, "title"), None);
    }
}
