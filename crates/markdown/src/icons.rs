//! MkDocs Material's icon shortcodes (`:material-clock-fast:`, `:octicons-heart-fill-24:`,
//! `:fontawesome-brands-youtube:`, `:simple-github:`) are left out, with an attribute list
//! that styles one (`{ .lg .middle }`): the icons come from a font or SVG set kennisbank does
//! not ship, and read aloud their names mean nothing. Code is left as written.

use super::lines::{Fences, Line};
use super::shortcodes::after_code_span;

const SETS: &[&str] = &["material-", "fontawesome-", "octicons-", "simple-"];

pub fn prepare(lines: Vec<Line>) -> Vec<Line> {
    if !lines.iter().any(|l| SETS.iter().any(|s| l.text.contains(&format!(":{s}")))) {
        return lines;
    }
    let mut fences = Fences::default();
    lines
        .into_iter()
        .map(|line| if fences.is_code(&line.text) { line } else { without_icons(&line) })
        .collect()
}

fn without_icons(line: &Line) -> Line {
    let text = &line.text;
    let mut result = line.until(0);
    let mut kept_from = 0;
    let mut i = 0;
    while i < text.len() {
        match text.as_bytes()[i] {
            b'`' => i = after_code_span(text, i),
            b':' => match icon_len(&text[i..]) {
                Some(len) => {
                    result.append(&line.slice(kept_from, i));
                    i += len;
                    i += attribute_list_len(&text[i..]);
                    kept_from = i;
                }
                None => i += 1,
            },
            _ => i += 1,
        }
    }
    result.joined(&line.from(kept_from))
}

/// The length of `:set-name:` at the start of `text`.
fn icon_len(text: &str) -> Option<usize> {
    let rest = &text[1..];
    SETS.iter().find(|s| rest.starts_with(*s))?;
    let end = rest.find(':')?;
    let name = &rest[..end];
    name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-').then_some(end + 2)
}

/// The length of a `{ .class }` right after an icon, or 0.
fn attribute_list_len(text: &str) -> usize {
    let Some(inner) = text.strip_prefix('{') else { return 0 };
    let start = inner.trim_start();
    if !start.starts_with(['.', '#']) {
        return 0;
    }
    inner.find('}').map_or(0, |end| end + 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::split;

    fn run(text: &str) -> String {
        prepare(split(text)).iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn icons_and_their_attributes_go() {
        assert_eq!(run("-   :material-clock-fast:{ .lg .middle } __Snel__"), "-    __Snel__");
        assert_eq!(run("Wij :octicons-heart-fill-24: jou"), "Wij  jou");
        assert_eq!(run("`:material-x:` en 10:30: uur en :smile:"), "`:material-x:` en 10:30: uur en :smile:");
        assert_eq!(run("```\n:material-x:\n```"), "```\n:material-x:\n```");
    }
}
