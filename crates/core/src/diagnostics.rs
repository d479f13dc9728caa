//! Problems found in a site's input, reported like a compiler would.
//!
//! Every stage pushes `Diagnostic`s into a `Diagnostics` list instead of stopping at the first
//! problem, so an author sees all that is wrong with a build at once. A diagnostic carries the
//! file, 1-based line and column, the source line itself (so reporting never re-reads files),
//! what was expected and a hint on how to fix it. Rendering uses annotate-snippets, the renderer
//! behind rustc and cargo.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// Longest stretch of a source line shown in a snippet; a 10 MB line must not flood a terminal.
const SNIPPET_WINDOW: usize = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// Where in a file a problem sits. `line` and `column` are 1-based; column counts characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Boxed to keep `Result<_, Diagnostic>` small.
    pub location: Option<Box<Location>>,
    /// Characters to underline from the column on (at least one caret is drawn).
    #[serde(skip)]
    pub span_chars: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            location: None,
            span_chars: 1,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(message) }
    }

    /// Points the diagnostic at `file` without a line (e.g. an unreadable file).
    pub fn in_file(mut self, file: &Path) -> Self {
        self.location = Some(Box::new(Location { file: file.to_path_buf(), line: 0, column: 0 }));
        self
    }

    /// Points the diagnostic at a byte offset of `source`, the whole text of `file`.
    pub fn at_offset(self, file: &Path, source: &str, offset: usize, len_bytes: usize) -> Self {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[offset..].find('\n').map_or(source.len(), |i| offset + i);
        let line = source[..offset].matches('\n').count() + 1;
        let column = source[line_start..offset].chars().count() + 1;
        let end = floor_char_boundary(source, (offset + len_bytes).min(line_end));
        let span_chars = source[offset..end].chars().count().max(1);
        let line_text = source[line_start..line_end].trim_end_matches('\r');
        Self {
            location: Some(Box::new(Location { file: file.to_path_buf(), line, column })),
            span_chars,
            source_line: Some(line_text.to_string()),
            ..self
        }
    }

    /// Points the diagnostic at a 1-based line and column of `source`.
    pub fn at_line_col(self, file: &Path, source: &str, line: usize, column: usize) -> Self {
        let offset = offset_of_line_col(source, line, column);
        self.at_offset(file, source, offset, 1)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_span_chars(mut self, chars: usize) -> Self {
        self.span_chars = chars.max(1);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders like rustc: `error: message`, `--> file:line:col`, the line with a caret, the hint.
    pub fn render(&self, root: &Path, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        let path = self.location.as_ref().map(|l| display_path(&l.file, root));
        let mut group = Group::with_title(level.primary_title(&self.message));
        let window;
        if let (Some(loc), Some(line_text), Some(path)) = (&self.location, &self.source_line, &path) {
            let (text, start, end) = snippet_window(line_text, loc.column, self.span_chars);
            window = text;
            group = group.element(
                Snippet::source(window.as_str())
                    .line_start(loc.line)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(start..end)),
            );
        } else if let (Some(loc), Some(path)) = (&self.location, &path) {
            let mut origin = path.clone();
            if loc.line > 0 {
                let _ = write!(origin, ":{}:{}", loc.line, loc.column);
            }
            group = group.element(Level::NOTE.message(format!("in {origin}")));
        }
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        renderer.render(&[group]).to_string()
    }
}

/// Cuts a long line down to a window around the column; returns the text and the byte span of
/// the underlined part within it. A window must start at the line's start, because
/// annotate-snippets counts the column it prints from there: a line whose start would be cut
/// off is passed whole, and annotate-snippets trims it to the terminal around the span itself.
fn snippet_window(line: &str, column: usize, span_chars: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let col0 = column.saturating_sub(1).min(chars.len());
    let from = col0.saturating_sub(SNIPPET_WINDOW / 2);
    if from > 0 {
        let start: usize = chars[..col0].iter().map(|c| c.len_utf8()).sum();
        let end = start
            + chars[col0..(col0 + span_chars).min(chars.len())].iter().map(|c| c.len_utf8()).sum::<usize>();
        return (line.to_string(), start, end.max(start));
    }
    let to = (col0 + SNIPPET_WINDOW / 2).max(from + SNIPPET_WINDOW).min(chars.len());
    let text: String = chars[from..to].iter().collect();
    let start: usize = chars[from..col0].iter().map(|c| c.len_utf8()).sum();
    let span_end = (col0 + span_chars).min(to);
    let end = start + chars[col0..span_end].iter().map(|c| c.len_utf8()).sum::<usize>();
    // An empty span (column past the end of the line) still needs one caret.
    (text, start, end.max(start))
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Byte offset of a 1-based line and column in `source` (clamped to the text).
pub fn offset_of_line_col(source: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line.max(1) {
        match source[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return source.len(),
        }
    }
    let line_end = source[offset..].find('\n').map_or(source.len(), |i| offset + i);
    source[offset..line_end]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_end, |(i, _)| offset + i)
}

pub fn display_path(file: &Path, root: &Path) -> String {
    file.strip_prefix(root).unwrap_or(file).display().to_string()
}

/// All problems of one build, in a stable order for output.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics { items }
    }
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Sorts by file and position so output does not depend on thread scheduling.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.location, a.severity, &a.message).cmp(&(&b.location, b.severity, &b.message))
        });
        self.items.dedup_by(|a, b| a.location == b.location && a.message == b.message);
    }

    pub fn render(&self, root: &Path, color: bool) -> String {
        let mut out = String::new();
        for d in &self.items {
            out.push_str(&d.render(root, color));
            out.push_str("\n\n");
        }
        out
    }
}

/// How many known names a hint lists; past that it says how many more there are, so a hint
/// about one of 10,000 pages stays one line.
const HINT_LIST_CAP: usize = 20;

/// The hint for a name that is not one of `known`: the nearest known name when it is close
/// enough to be a typo, then the known names (at most [`HINT_LIST_CAP`]). `what` names the
/// list: "kinds", "keys here". Every "did you mean" is written here, so they read alike and
/// share one distance rule.
pub fn unknown_name_hint(word: &str, known: &[&str], what: &str) -> String {
    NameHint::new(word, known, what).to_string()
}

/// [`unknown_name_hint`] with its parts: for a hint whose names are written with a prefix
/// (`@/` paths, `#` anchors), or a caller that needs the nearest name itself.
pub struct NameHint<'a> {
    nearest: Option<&'a str>,
    known: &'a [&'a str],
    what: &'a str,
    prefix: &'a str,
}

impl<'a> NameHint<'a> {
    pub fn new(word: &str, known: &'a [&'a str], what: &'a str) -> Self {
        NameHint { nearest: did_you_mean(word, known), known, what, prefix: "" }
    }

    /// Writes every name with `prefix` in front: `@/` for content paths, `#` for anchors.
    pub fn prefixed(self, prefix: &'a str) -> Self {
        NameHint { prefix, ..self }
    }

    pub fn nearest(&self) -> Option<&'a str> {
        self.nearest
    }
}

impl std::fmt::Display for NameHint<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (prefix, what) = (self.prefix, self.what);
        if self.known.is_empty() {
            return write!(f, "there are no {what}");
        }
        match self.nearest {
            Some(k) => write!(f, "did you mean `{prefix}{k}`? Known {what}: ")?,
            None => write!(f, "known {what}: ")?,
        }
        for (n, k) in self.known.iter().take(HINT_LIST_CAP).enumerate() {
            let sep = if n == 0 { "" } else { ", " };
            write!(f, "{sep}{prefix}{k}")?;
        }
        match self.known.len().saturating_sub(HINT_LIST_CAP) {
            0 => Ok(()),
            more => write!(f, " and {more} more"),
        }
    }
}

/// The nearest of `known` to `word`, if it is close enough to be a likely typo: one edit for
/// a short name, about one in four characters for a longer one (a content path).
fn did_you_mean<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&word, &k.to_lowercase()), *k))
        .filter(|(d, k)| *d <= max_typo_distance(k.chars().count()) && *d < k.chars().count())
        .min()
        .map(|(_, k)| k)
}

fn max_typo_distance(len: usize) -> usize {
    if len <= 5 { 1 } else { (len / 4).max(2) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_maps_to_line_and_column() {
        let src = "a = 1\ntitel = \"x\"\n";
        let d = Diagnostic::error("x").at_offset(Path::new("f.md"), src, 6, 5);
        let loc = d.location.unwrap();
        assert_eq!((loc.line, loc.column), (2, 1));
        assert_eq!(d.source_line.as_deref(), Some("titel = \"x\""));
        assert_eq!(d.span_chars, 5);
    }

    #[test]
    fn line_col_round_trips() {
        let src = "één\ntwee drie\n";
        assert_eq!(offset_of_line_col(src, 2, 6), src.find("drie").unwrap());
    }

    #[test]
    fn render_shows_caret_and_hint() {
        let src = "titel = \"x\"\n";
        let d = Diagnostic::error("unknown field `titel`")
            .at_offset(Path::new("/site/content/a.md"), src, 0, 5)
            .with_hint("did you mean `title`?");
        let text = d.render(Path::new("/site"), false);
        assert!(text.contains("error: unknown field `titel`"), "{text}");
        assert!(text.contains("content/a.md:1:1"), "{text}");
        assert!(text.contains("^^^^^"), "{text}");
        assert!(text.contains("did you mean `title`?"), "{text}");
    }

    #[test]
    fn long_lines_are_windowed() {
        let line = "x".repeat(10_000_000);
        let d = Diagnostic::error("long").at_offset(Path::new("a.md"), &line, 5_000_000, 1);
        let text = d.render(Path::new(""), false);
        assert!(text.len() < 1000);
        assert!(text.contains("a.md:1:5000001"), "{text}");
    }

    #[test]
    fn suggestions_are_close_only() {
        assert_eq!(did_you_mean("titel", &["title", "date"]), Some("title"));
        assert_eq!(did_you_mean("audiance", &["audience", "date"]), Some("audience"));
        assert_eq!(did_you_mean("sessions", &["title", "slug"]), None);
        assert_eq!(did_you_mean("Titel", &["Title"]), Some("Title"));
        // A longer name (a content path) allows about one edit in four characters.
        assert_eq!(did_you_mean("meldcode/stapen.md", &["meldcode/stappen.md"]), Some("meldcode/stappen.md"));
        assert_eq!(did_you_mean("hulp/a.md", &["meldcode/stappen.md"]), None);
    }

    #[test]
    fn hint_names_the_nearest_then_the_known_names() {
        let known = ["guidance", "training", "checklist"];
        assert_eq!(
            unknown_name_hint("trainig", &known, "kinds"),
            "did you mean `training`? Known kinds: guidance, training, checklist"
        );
        assert_eq!(unknown_name_hint("zzz", &known, "kinds"), "known kinds: guidance, training, checklist");
        assert_eq!(unknown_name_hint("zzz", &[], "headings there"), "there are no headings there");
        let anchors = ["stap-1", "stap-2"];
        assert_eq!(
            NameHint::new("stap-3", &anchors, "headings there").prefixed("#").to_string(),
            "did you mean `#stap-1`? Known headings there: #stap-1, #stap-2"
        );
    }

    #[test]
    fn hint_lists_at_most_the_cap() {
        let names: Vec<String> = (0..HINT_LIST_CAP + 5).map(|n| format!("pagina-{n:02}")).collect();
        let known: Vec<&str> = names.iter().map(String::as_str).collect();
        let hint = unknown_name_hint("x", &known, "pages");
        assert!(hint.ends_with("pagina-19 and 5 more"), "{hint}");
        assert!(!hint.contains("pagina-20"), "{hint}");
    }
}
