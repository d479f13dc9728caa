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

use super::lines::{DialectNote, Line, split};
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

/// Strings without which no pass has anything to do: most bodies are returned as they are.
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
    if !TRIGGERS.iter().any(|t| body.contains(t)) {
        return Prepared {
            text: body.to_string(),
            starts: Vec::new(),
            notes: Vec::new(),
            from_shortcodes: 0,
        };
    }
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
    use crate::lines::{Fences, attribute};

    #[test]
    fn untouched_bodies_map_to_themselves() {
        let p = prepare("# Kop\n\nTekst.\n", &Shortcodes::default());
        assert_eq!(p.text, "# Kop\n\nTekst.\n");
        assert_eq!(p.original(7), 7);
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
