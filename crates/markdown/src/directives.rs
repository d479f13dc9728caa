//! Docusaurus admonitions: `:::type`, `:::type[Title]`, `:::type Title`, closed by `:::`.
//!
//! The body is not indented; admonitions nest, the outer one usually written with more colons
//! (`::::note` around `:::tip`). A closing line closes the innermost open admonition; one left
//! open at the end of the body is closed there.

use super::lines::{Fences, Line, marker, marker_line};

pub fn prepare(lines: Vec<Line>) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    let mut fences = Fences::default();
    let mut open: Vec<Line> = Vec::new();
    for line in lines {
        if fences.is_code(&line.text) {
            out.push(line);
            continue;
        }
        let text = line.text.trim();
        let colons = text.chars().take_while(|c| *c == ':').count();
        if colons < 3 {
            out.push(line);
            continue;
        }
        let rest = text[colons..].trim();
        if rest.is_empty() {
            if open.pop().is_some() {
                out.push(marker_line(&line, &marker("/callout", &[])));
            } else {
                out.push(line);
            }
            continue;
        }
        match opening(rest) {
            Some(m) => {
                out.push(marker_line(&line, &m));
                open.push(line);
            }
            None => out.push(line),
        }
    }
    if let Some(last) = out.last().cloned() {
        for _ in open.drain(..) {
            out.push(Line::new(marker("/callout", &[]), last.origin + last.text.len()));
        }
    }
    out
}

/// `tip[Title]`, `tip Title`, `tip` -> the opening marker; anything else is not an admonition.
fn opening(rest: &str) -> Option<String> {
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(rest.len());
    let kind = &rest[..end];
    if kind.is_empty() {
        return None;
    }
    let after = &rest[end..];
    // `{#id .class}` directive attributes are left out.
    let after = match after.find('{') {
        Some(i) if after.trim_end().ends_with('}') => &after[..i],
        _ => after,
    };
    let title = if let Some(bracketed) = after.strip_prefix('[') {
        Some(bracketed.rsplit_once(']').map_or(bracketed, |(t, _)| t).trim())
    } else if after.starts_with(' ') {
        Some(after.trim()).filter(|t| !t.is_empty())
    } else if after.trim().is_empty() {
        None
    } else {
        return None;
    };
    let mut attributes = vec![("kind", kind)];
    if let Some(title) = title {
        attributes.push(("title", title));
    }
    Some(marker("callout", &attributes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::split;

    fn run(text: &str) -> String {
        prepare(split(text)).iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn the_three_title_forms() {
        assert_eq!(run(":::info\nx\n:::"), "<!--kb:callout kind=\"info\"-->\nx\n<!--kb:/callout-->");
        assert!(run(":::success[**TL;DR**]\nx\n:::").contains("title=\"**TL;DR**\""));
        assert!(run(":::tip Voorkeur voor productie\nx\n:::").contains("title=\"Voorkeur voor productie\""));
    }

    #[test]
    fn nesting_code_and_unclosed() {
        let out = run("::::note\n:::tip\nbinnen\n:::\nbuiten\n::::");
        assert_eq!(out.matches("/callout").count(), 2, "{out}");
        assert_eq!(run("```\n:::tip\n```"), "```\n:::tip\n```");
        assert!(run(":::danger\nopen").ends_with("<!--kb:/callout-->"));
        assert_eq!(run("a ::: b\n:::"), "a ::: b\n:::");
    }
}
