//! MDX (Docusaurus) in markdown: ESM lines, JSX comments and components.
//!
//! - `import ... from '...'` and `export ...` lines are left out; so are `{/* ... */}` comments.
//! - Known components are mapped: `<Tabs>` / `<TabItem value label>` to tabs, `<Admonition
//!   type title>` to a callout, `<DocCardList />` to nothing (a section page lists its pages
//!   already). Their children are dedented (MDX ignores indentation; CommonMark would read four
//!   spaces as code).
//! - Any other component (`<Card>`, `<Grid>`) is dropped and its children kept, with one note
//!   per component name at its first use.
//!
//! Lines inside fenced code and tags inside inline code are left alone.

use std::collections::HashSet;

use super::lines::{DialectNote, Fences, Line, attribute, marker, marker_line};

/// Components with a meaning here.
const KNOWN: &[&str] = &["Tabs", "TabItem", "Admonition", "DocCardList"];

pub fn prepare(lines: Vec<Line>, notes: &mut Vec<DialectNote>) -> Vec<Line> {
    let mut state = State::default();
    let mut fences = Fences::default();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if fences.is_code(&line.text) {
            state.out.push(line.clone());
            i += 1;
            continue;
        }
        if let Some(skip) = esm(&lines, i) {
            i += skip;
            continue;
        }
        if state.in_comment {
            match line.text.find("*/}") {
                Some(end) => {
                    state.in_comment = false;
                    let rest = line.from(end + 3);
                    i += 1;
                    i += state.line(rest, &lines[i..], notes);
                }
                None => i += 1,
            }
            continue;
        }
        i += 1;
        i += state.line(line.clone(), &lines[i..], notes);
    }
    // MDX refuses a component without its end tag; here too, at the opening tag.
    for (_, name, origin) in state.open.drain(..) {
        notes.push(unclosed(&name, origin, None));
    }
    state.out
}

/// `<name>` opened at `origin` and not closed: at the end of the page, or by `</other>`.
fn unclosed(name: &str, origin: usize, closed_by: Option<&str>) -> DialectNote {
    let (message, hint) = match closed_by {
        None => (
            format!("`<{name}>` has no `</{name}>`"),
            format!(
                "MDX closes every component: add `</{name}>` after its content, or write `<{name} />` when it has none"
            ),
        ),
        Some(other) => (
            format!("`<{name}>` is closed by `</{other}>`"),
            format!("close the inner component first: `</{name}>` comes before `</{other}>`"),
        ),
    };
    DialectNote { error: true, offset: origin, len: name.len() + 1, message, hint }
}

#[derive(Default)]
struct State {
    out: Vec<Line>,
    in_comment: bool,
    warned: HashSet<String>,
    /// Each open mapped component: the index of its marker in `out`, its name and the offset
    /// of its tag (for the error when it is never closed).
    open: Vec<(usize, String, usize)>,
    /// Mapped components opened past [`MAX_NESTING`] and not yet closed: their tags are left
    /// out (and the first is an error), so their closing tags are too.
    too_deep: usize,
}

/// How deep mapped components (`Tabs`, `TabItem`, `Admonition`) nest, as `!!!` blocks do
/// ([`crate::mkdocs::MAX_NESTING`]). A closing tag dedents the children of its component, the
/// nested ones included, so N levels cost N times the body (issue 30: 8,000 levels took 0.9 s,
/// 16,000 took 3.8 s); past this depth a tag is an error at its place.
pub const MAX_NESTING: usize = crate::mkdocs::MAX_NESTING;

impl State {
    /// Handles one line (and, for a tag spanning lines, the lines after it); returns how many of
    /// `following` it consumed.
    ///
    /// The line is read once, left to right: what stays of it is appended to `kept` and the
    /// search goes on after each comment or tag cut out (issue 30: rebuilding the line and
    /// searching it again from its start made N tags or comments on one line cost N x N).
    fn line(&mut self, line: Line, following: &[Line], notes: &mut Vec<DialectNote>) -> usize {
        let mut consumed = 0;
        // The line being read, and where its part not yet kept starts.
        let mut src = line;
        let mut seg = 0;
        // The line as it now reads up to `seg`, and whether that is blank.
        let mut kept = Line::new("", src.origin);
        let mut kept_blank = true;
        loop {
            let Some((at, kind)) = next_special(&src.text[seg..]) else {
                add(&mut kept, src.from(seg));
                self.out.push(kept);
                return consumed;
            };
            let start = seg + at;
            let piece = src.slice(seg, start);
            let before_blank = kept_blank && piece.is_blank();
            add(&mut kept, piece);
            kept_blank = before_blank;
            if kind == Special::Comment {
                match src.text[start..].find("*/}") {
                    Some(end) => seg = start + end + 3,
                    None => {
                        self.in_comment = true;
                        if !before_blank {
                            self.out.push(kept);
                        }
                        return consumed;
                    }
                }
                continue;
            }
            // A tag: where it ends, on this line or on one of the lines after it.
            let (tag, next_line, next_seg) = match tag_end(&src.text[start..]) {
                Some(end) => (src.text[start..start + end].to_string(), None, start + end),
                None => match spanning_tag(&src.text[start..], &following[consumed..]) {
                    Some((tag, extra, cut)) => {
                        consumed += extra;
                        (tag, Some(following[consumed - 1].clone()), cut)
                    }
                    None => {
                        add(&mut kept, src.from(start));
                        self.out.push(kept);
                        return consumed;
                    }
                },
            };
            let after_blank = next_line.as_ref().unwrap_or(&src).text[next_seg..].trim_start().is_empty();
            let origin = src.origin_at(start);
            if self.tag(&tag, origin, notes) {
                let indent = indent_of(kept.text.chars().chain(src.text[start..].chars()));
                if !before_blank {
                    self.out.push(std::mem::replace(&mut kept, Line::new("", 0)));
                }
                self.push_marker(&tag, indent, origin, notes);
                if after_blank {
                    return consumed;
                }
                if let Some(next) = next_line {
                    src = next;
                }
                seg = next_seg;
                kept = Line::new("", src.origin_at(seg));
                kept_blank = true;
            } else if !(before_blank && after_blank) {
                // An unknown component inside a line: its tag is cut out, the line stays one.
                if let Some(next) = next_line {
                    src = next;
                }
                seg = next_seg;
            } else {
                // A tag on its own line separates blocks, as it did in MDX.
                self.out.push(Line::new("", origin));
                return consumed;
            }
        }
    }

    /// Whether `tag` is a mapped component (its marker is pushed by `push_marker`); notes an
    /// unknown component the first time its name is seen.
    fn tag(&mut self, tag: &str, offset: usize, notes: &mut Vec<DialectNote>) -> bool {
        let name = tag_name(tag);
        if mapped(tag).is_some() {
            return true;
        }
        if !KNOWN.contains(&name) && self.warned.insert(name.to_string()) {
            notes.push(DialectNote {
                error: false,
                offset,
                len: name.len() + 1,
                message: format!("the MDX component `<{name}>` is not known here: its content is shown without it"),
                hint: format!(
                    "kennisbank maps Tabs, TabItem, Admonition and DocCardList; write what `<{name}>` shows in \
                     markdown, or leave the tags out"
                ),
            });
        }
        false
    }

    /// The marker of a mapped component's tag at `origin`, indented like its line (`indent`).
    fn push_marker(&mut self, tag: &str, indent: usize, origin: usize, notes: &mut Vec<DialectNote>) {
        let Some(m) = mapped(tag) else { return };
        let closing = tag.starts_with("</");
        if closing && self.too_deep > 0 {
            self.too_deep -= 1;
            return;
        }
        if !closing && self.open.len() >= MAX_NESTING {
            if self.too_deep == 0 {
                let name = tag_name(tag);
                notes.push(DialectNote {
                    error: true,
                    offset: origin,
                    len: name.len() + 1,
                    message: format!("`<{name}>` is nested more than {MAX_NESTING} components deep"),
                    hint: format!(
                        "components nest at most {MAX_NESTING} deep; close some of the ones around it first"
                    ),
                });
            }
            self.too_deep += 1;
            return;
        }
        let at = Line::new(" ".repeat(indent.min(3)), origin);
        let name = tag_name(tag);
        if closing {
            match self.open.pop() {
                Some((open, opened, _)) => {
                    if opened != name {
                        notes.push(unclosed(&opened, origin, Some(name)));
                    }
                    dedent_children(&mut self.out[open + 1..]);
                }
                None => notes.push(DialectNote {
                    error: true,
                    offset: origin,
                    len: name.len() + 2,
                    message: format!("`</{name}>` closes no `<{name}>`"),
                    hint: format!("remove it, or open the component with `<{name}>` above it"),
                }),
            }
        } else {
            self.open.push((self.out.len(), name.to_string(), origin));
        }
        self.out.push(marker_line(&at, &m));
    }
}

/// Appends `piece` to `kept` (the piece itself when `kept` is still empty and starts where it
/// does).
fn add(kept: &mut Line, piece: Line) {
    if kept.text.is_empty() && kept.jumps.is_empty() && kept.origin == piece.origin {
        *kept = piece;
    } else {
        kept.append(&piece);
    }
}

/// Leading spaces of a line given by its characters (a tab counts as four), as [`Line::indent`].
fn indent_of(chars: impl Iterator<Item = char>) -> usize {
    let mut width = 0;
    for c in chars {
        match c {
            ' ' => width += 1,
            '\t' => width += 4,
            _ => break,
        }
    }
    width
}

/// A tag that starts at `first` (the rest of its line) and ends on one of the next 20 lines:
/// its text, how many lines it took and where it ends in the last.
fn spanning_tag(first: &str, following: &[Line]) -> Option<(String, usize, usize)> {
    let mut text = first.to_string();
    for (k, next) in following.iter().take(20).enumerate() {
        text.push('\n');
        text.push_str(&next.text);
        if let Some(end) = tag_end(&text) {
            let cut = end - (text.len() - next.text.len());
            text.truncate(end);
            return Some((text, k + 1, cut));
        }
    }
    None
}

fn tag_name(tag: &str) -> &str {
    let name = tag.trim_start_matches(['<', '/']);
    let end = name.find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_')).unwrap_or(name.len());
    &name[..end]
}

/// The marker of a mapped component's tag.
fn mapped(tag: &str) -> Option<String> {
    let closing = tag.starts_with("</");
    let self_closing = tag.trim_end_matches('>').trim_end().ends_with('/');
    match (tag_name(tag), closing) {
        (_, false) if self_closing => None,
        ("Tabs", false) => Some(marker("tabs", &[])),
        ("TabItem", false) => {
            let label = attribute(tag, "label").or_else(|| attribute(tag, "value")).unwrap_or_default();
            Some(marker("tab", &[("label", label)]))
        }
        ("Admonition", false) => {
            let kind = attribute(tag, "type").unwrap_or("note");
            let mut attributes = vec![("kind", kind)];
            if let Some(title) = attribute(tag, "title") {
                attributes.push(("title", title));
            }
            Some(marker("callout", &attributes))
        }
        ("Tabs", true) => Some(marker("/tabs", &[])),
        ("TabItem", true) => Some(marker("/tab", &[])),
        ("Admonition", true) => Some(marker("/callout", &[])),
        _ => None,
    }
}

/// Removes the indentation the children of a component have in common.
fn dedent_children(lines: &mut [Line]) {
    let common = lines.iter().filter(|l| !l.is_blank()).map(Line::indent).min().unwrap_or(0);
    if common > 0 {
        for line in lines.iter_mut() {
            *line = line.dedent(common);
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Special {
    Comment,
    Tag,
}

/// The next `{/*` or `<Component` / `</Component` outside inline code.
fn next_special(text: &str) -> Option<(usize, Special)> {
    let bytes = text.as_bytes();
    let mut in_code = false;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'`' => in_code = !in_code,
            b'{' if !in_code && text[i..].starts_with("{/*") => return Some((i, Special::Comment)),
            b'<' if !in_code => {
                let name = text[i + 1..].strip_prefix('/').unwrap_or(&text[i + 1..]);
                if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                    return Some((i, Special::Tag));
                }
            }
            _ => {}
        }
    }
    None
}

/// Byte length of the tag at the start of `text`: up to its `>`, outside quotes and braces.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut braces = 0usize;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{') => braces += 1,
            (None, '}') => braces = braces.saturating_sub(1),
            (None, '>') if braces == 0 => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// How many lines an `import`/`export` statement at `lines[i]` takes (none if it is not one).
fn esm(lines: &[Line], i: usize) -> Option<usize> {
    let text = &lines[i].text;
    let is_import = text.starts_with("import ")
        && (text.contains(" from ") || text[7..].trim_start().starts_with(['"', '\'', '{']));
    let is_export = text.starts_with("export ")
        && ["const ", "default ", "function ", "let ", "var ", "{"]
            .iter()
            .any(|k| text[7..].trim_start().starts_with(k));
    if !is_import && !is_export {
        return None;
    }
    let mut depth: i64 = 0;
    let mut n = 0;
    for line in &lines[i..] {
        n += 1;
        depth += line.text.matches(['{', '(', '[']).count() as i64;
        depth -= line.text.matches(['}', ')', ']']).count() as i64;
        let end = line.text.trim_end();
        let import_open = is_import && (end.ends_with('{') || end.ends_with(',') || end.ends_with(" from"));
        if depth <= 0 && !import_open {
            break;
        }
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::split;

    fn run(text: &str) -> (String, Vec<DialectNote>) {
        let mut notes = Vec::new();
        let lines = prepare(split(text), &mut notes);
        (lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n"), notes)
    }

    #[test]
    fn a_component_without_its_end_tag_is_an_error_at_its_tag() {
        let (_, notes) = run("Tekst\n\n<Tabs>\n<TabItem value=\"a\" label=\"A\">\n\nx\n\n</TabItem>\n");
        let errors: Vec<(&str, usize)> =
            notes.iter().filter(|n| n.error).map(|n| (n.message.as_str(), n.offset)).collect();
        assert_eq!(errors, vec![("`<Tabs>` has no `</Tabs>`", 7)]);
        assert!(notes[0].hint.contains("add `</Tabs>`"), "{notes:?}");
        let (_, notes) = run("<Tabs>\n<TabItem value=\"a\">\n\nx\n\n</Tabs>\n</TabItem>\n");
        assert_eq!(notes[0].message, "`<TabItem>` is closed by `</Tabs>`", "{notes:?}");
        let (_, notes) = run("x\n\n</Admonition>\n");
        assert_eq!(notes[0].message, "`</Admonition>` closes no `<Admonition>`", "{notes:?}");
        let (_, notes) = run("<Tabs>\n<TabItem value=\"a\">\n\nx\n\n</TabItem>\n</Tabs>\n<DocCardList />\n");
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn esm_and_comments_are_left_out() {
        let (out, _) = run(
            "import Tabs from '@theme/Tabs'; import X from \"x\";\nexport const a = {\n  b: 1,\n};\n\nTekst {/* weg */} hier.\n{/*\nlang\n*/}\nNa.",
        );
        assert_eq!(out, "\nTekst  hier.\n\nNa.");
        let (out, _) = run("```js\nimport a from 'b';\n```");
        assert_eq!(out, "```js\nimport a from 'b';\n```");
    }

    #[test]
    fn tabs_map_to_markers_with_dedented_children() {
        let src = "<Tabs groupId=\"x\">\n  <TabItem value=\"bier\" label=\"Bier\">\n\n    ```json\n    {}\n    ```\n\n  </TabItem>\n  <TabItem value=\"npm\">`npx a`</TabItem>\n</Tabs>";
        let (out, notes) = run(src);
        let out = out.replace("  <!--", "<!--");
        assert!(notes.is_empty());
        assert!(out.contains("<!--kb:tab label=\"Bier\"-->\n\n```json\n{}\n```\n\n<!--kb:/tab-->"), "{out}");
        assert!(
            out.contains("<!--kb:tab label=\"npm\"-->\n`npx a`\n<!--kb:/tab-->\n<!--kb:/tabs-->"),
            "{out}"
        );
    }

    #[test]
    fn unknown_components_keep_their_children_and_note_once() {
        let (out, notes) = run(
            "<Grid>\n<Card title=\"a\">\nEen\n</Card>\n<Card\n  title=\"b\">\nTwee\n</Card>\n</Grid>\nZie <Link href=\"/x\">hier</Link>.",
        );
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert_eq!(notes[1].offset, 7);
        assert!(out.contains("\nEen\n"), "{out}");
        assert!(out.ends_with("Zie hier."), "{out}");
        assert!(!out.contains('<'), "{out}");
        let (_, notes) = run("Gebruik `<Tabs>` zo.\n<DocCardList />");
        assert!(notes.is_empty());
    }
}
