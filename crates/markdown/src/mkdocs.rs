//! MkDocs (Material) blocks that hang on indentation: admonitions and content tabs.
//!
//! - `!!! type "Title"` with a body indented four spaces: a callout; `!!! type ""` has no title.
//! - `??? type "Title"` (closed) and `???+ type` (open): a collapsible callout.
//! - `=== "Label"` with an indented body: one tab; tabs that follow each other form one set
//!   (`===!` starts a new set).
//!
//! - `:   ` definitions (def_list) lose the colon and their indentation: CommonMark has no
//!   definition lists, and an admonition inside one would otherwise be a code block.
//!
//! Bodies are dedented (by four: a block in a list item keeps the item's indentation) and
//! prepared again, so blocks nest as deep as the author nested them.

use super::lines::{DialectNote, Fences, Line, marker, marker_line};

/// How deep admonitions and tabs nest; deeper, `!!!` and `===` lines stay as they are
/// (indented text). Each level copies its body, dedented, so N levels cost N times the body
/// (issue 30: 800 nested admonitions took 4 s and 500 MB).
pub const MAX_NESTING: usize = 32;

/// Prepares `lines`; a `!!!`, `???` or `===` line with an indented body that cannot be read
/// as an admonition or a tab (no type, a label without quotes) is an error in `notes`.
pub fn prepare(lines: Vec<Line>, notes: &mut Vec<DialectNote>) -> Vec<Line> {
    prepare_at(lines, 0, notes)
}

/// [`prepare`] for the body of `depth` blocks.
fn prepare_at(lines: Vec<Line>, depth: usize, notes: &mut Vec<DialectNote>) -> Vec<Line> {
    if depth >= MAX_NESTING {
        return lines;
    }
    let lines = definitions(lines);
    let mut out = Vec::with_capacity(lines.len());
    let mut fences = Fences::default();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if fences.is_code(&line.text) {
            out.push(line.clone());
            i += 1;
            continue;
        }
        if let Some(open) = admonition(line.text.trim_start()) {
            let (body, next) = body(&lines, i);
            out.push(marker_line(line, &open));
            out.extend(prepare_at(body, depth + 1, notes));
            out.push(marker_line(line, &marker("/callout", &[])));
            i = next;
            continue;
        }
        if tab_label(line.text.trim_start()).is_some() {
            i = tab_set(&lines, i, depth, &mut out, notes);
            continue;
        }
        notes.extend(unreadable_block(&lines, i));
        out.push(line.clone());
        i += 1;
    }
    out
}

/// The lines after `lines[start]` indented four more than it (or blank, inside), dedented by
/// four; and the index after them. Blank lines at the end are left outside.
///
/// The body keeps the indentation of the block's own line, as its markers do: a block in a
/// list item (`-   === "Tab"` bodies at eight spaces) stays in that item, where a body dedented
/// to the margin would end the list and leave the markers after it indented code.
/// A fence the body leaves open is closed at its end: in MkDocs the body's indentation ends
/// it (and CommonMark ends a fence with its container), here the markers after the body would
/// otherwise be read as code, and the rest of the page with them.
fn body(lines: &[Line], start: usize) -> (Vec<Line>, usize) {
    let indent = lines[start].indent();
    let mut end = start + 1;
    let mut last_content = start;
    while end < lines.len() && (lines[end].is_blank() || lines[end].indent() >= indent + 4) {
        if !lines[end].is_blank() {
            last_content = end;
        }
        end += 1;
    }
    let mut body: Vec<Line> = lines[start + 1..=last_content].iter().map(|l| l.dedent(4)).collect();
    let mut fences = Fences::default();
    for line in &body {
        fences.is_code(&line.text);
    }
    if let Some(closing) = fences.closing() {
        let last = &lines[last_content];
        body.push(Line::new(closing, last.origin_at(last.text.len())));
    }
    (body, last_content + 1)
}

/// `!!! tip "Title"` / `??? note` / `???+ danger ""` -> the opening marker.
fn admonition(text: &str) -> Option<String> {
    let (fold, rest) = if let Some(rest) = text.strip_prefix("???+") {
        ("open", rest)
    } else if let Some(rest) = text.strip_prefix("???") {
        ("closed", rest)
    } else {
        ("", text.strip_prefix("!!!")?)
    };
    if !rest.starts_with(' ') {
        return None;
    }
    let rest = rest.trim();
    let (words, title) = match rest.find('"') {
        Some(q) => (&rest[..q], Some(rest[q + 1..].trim_end().strip_suffix('"').unwrap_or(&rest[q + 1..]))),
        None => (rest, None),
    };
    // `!!! note inline end "Title"`: the first word is the type, the rest are classes.
    let kind = words.split_whitespace().next()?;
    if !kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return None;
    }
    let mut attributes = vec![("kind", kind)];
    if let Some(title) = title {
        attributes.push(("title", title));
    }
    if !fold.is_empty() {
        attributes.push(("fold", fold));
    }
    Some(marker("callout", &attributes))
}

/// `=== "Label"` -> (the label, whether it starts a new set).
fn tab_label(text: &str) -> Option<(&str, bool)> {
    let rest = text.strip_prefix("===")?;
    let (new_set, rest) = match rest.chars().next() {
        Some('!') => (true, &rest[1..]),
        Some('+') => (false, &rest[1..]),
        _ => (false, rest),
    };
    let rest = rest.strip_prefix(' ')?.trim();
    let label = rest.strip_prefix('"')?.strip_suffix('"')?;
    Some((label, new_set))
}

/// One set of tabs from `lines[start]`; returns the index after it.
fn tab_set(
    lines: &[Line],
    start: usize,
    depth: usize,
    out: &mut Vec<Line>,
    notes: &mut Vec<DialectNote>,
) -> usize {
    let indent = lines[start].indent();
    let mut i = start;
    let mut first = true;
    while let Some((label, new_set)) = tab_label(lines[i].text.trim_start()) {
        if new_set && !first {
            break;
        }
        let opening = marker("tab", &[("label", label)]);
        let opening = if first {
            format!("{}{opening}", marker("tabs", &[]))
        } else {
            format!("{}{opening}", marker("/tab", &[]))
        };
        out.push(marker_line(&lines[i], &opening));
        let (body, next) = body(lines, i);
        out.extend(prepare_at(body, depth + 1, notes));
        first = false;
        // The next tab of the set may follow after blank lines, at the same indentation.
        let mut j = next;
        while j < lines.len() && lines[j].is_blank() {
            j += 1;
        }
        let continues = j < lines.len()
            && lines[j].indent() == indent
            && tab_label(lines[j].text.trim_start()).is_some_and(|(_, new)| !new);
        if !continues {
            out.push(marker_line(&lines[start], &format!("{}{}", marker("/tab", &[]), marker("/tabs", &[]))));
            return next;
        }
        out.extend(lines[next..j].iter().cloned());
        i = j;
    }
    out.push(marker_line(&lines[start], &format!("{}{}", marker("/tab", &[]), marker("/tabs", &[]))));
    i
}

/// A line that starts like an admonition (`!!! `, `??? `) or a content tab (`=== `) and has
/// an indented body, but cannot be read as one: an error at the line, never text shown as
/// it is without a word. (`===` alone is a heading's underline, and without a body a line
/// like `!!! Let op` is the author's text.)
fn unreadable_block(lines: &[Line], i: usize) -> Option<DialectNote> {
    let line = &lines[i];
    let text = line.text.trim_start();
    let (what, hint) = if ["!!! ", "??? ", "???+ "]
        .iter()
        .any(|p| text.starts_with(p) || text == p.trim_end())
    {
        (
            format!("`{}` starts an admonition, but has no type", text.trim_end()),
            "write the type first, then the title in quotes: `!!! note \"Titel\"` (types: note, tip, warning, danger, ...)",
        )
    } else if ["=== ", "===! ", "===+ "].iter().any(|p| text.starts_with(p))
        && !text.trim_end().ends_with("===")
    {
        (
            format!("`{}` starts a content tab, but its label is not in double quotes", text.trim_end()),
            "write the label in double quotes: `=== \"Label\"`",
        )
    } else {
        return None;
    };
    let next = lines[i + 1..].iter().find(|l| !l.is_blank())?;
    if next.indent() < line.indent() + 4 {
        return None;
    }
    let indent = line.text.len() - text.len();
    Some(DialectNote {
        offset: line.origin_at(indent),
        len: text.trim_end().len(),
        message: what,
        hint: hint.to_string(),
        error: true,
    })
}

/// `:   definition` and the lines indented under it, as plain blocks.
fn definitions(lines: Vec<Line>) -> Vec<Line> {
    if !lines.iter().any(|l| l.text.starts_with(":   ")) {
        return lines;
    }
    let mut out = Vec::with_capacity(lines.len());
    let mut fences = Fences::default();
    let mut inside = false;
    for line in lines {
        if fences.is_code(&line.text) && !inside {
            out.push(line);
            continue;
        }
        if line.text.starts_with(":   ") && !line.text[4..].starts_with(' ') {
            inside = true;
            out.push(line.from(4));
        } else if inside && (line.is_blank() || line.indent() >= 4) {
            out.push(line.dedent(4));
        } else {
            inside = false;
            out.push(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::split;

    #[test]
    fn definitions_lose_their_colon() {
        let out = run("<!-- term -->\n\n:   !!! note\n\n        Tekst.\n\nNa.");
        assert!(out.starts_with("<!-- term -->\n\n<!--kb:callout kind=\"note\"-->\n\nTekst."), "{out}");
        assert!(out.ends_with("<!--kb:/callout-->\n\nNa."), "{out}");
    }

    fn run(text: &str) -> String {
        prepare(split(text), &mut Vec::new()).iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn blocks_that_cannot_be_read_are_errors_at_their_line() {
        let mut notes = Vec::new();
        prepare(split("Tekst\n\n!!! \n    hallo\n\n=== Tab\n    x\n\nKop\n===\n\n!!! Let op\n"), &mut notes);
        let found: Vec<(usize, &str)> = notes.iter().map(|n| (n.offset, n.message.as_str())).collect();
        assert_eq!(
            found,
            vec![
                (7, "`!!!` starts an admonition, but has no type"),
                (23, "`=== Tab` starts a content tab, but its label is not in double quotes")
            ]
        );
        assert!(notes.iter().all(|n| n.error));
    }

    #[test]
    fn admonitions_become_markers_with_dedented_bodies() {
        let out = run("!!! tip \"Tip\"\n    Eerste regel.\n\n    - lijst\n\nDaarna.");
        assert_eq!(
            out,
            "<!--kb:callout kind=\"tip\" title=\"Tip\"-->\nEerste regel.\n\n- lijst\n<!--kb:/callout-->\n\nDaarna."
        );
    }

    #[test]
    fn collapsible_untitled_and_nested() {
        let out = run("??? question\n    Buiten.\n\n    !!! note \"\"\n        Binnen.\n");
        assert!(out.starts_with("<!--kb:callout kind=\"question\" fold=\"closed\"-->\nBuiten.\n"), "{out}");
        assert!(
            out.contains(
                "<!--kb:callout kind=\"note\" title=\"\"-->\nBinnen.\n<!--kb:/callout-->\n<!--kb:/callout-->"
            ),
            "{out}"
        );
        assert!(run("???+ info \"Open\"\n    x").contains("fold=\"open\""));
    }

    #[test]
    fn tabs_that_follow_each_other_are_one_set() {
        let out = run("=== \"Linux\"\n\n    apt\n\n=== \"macOS\"\n\n    brew\n\nNa.");
        assert_eq!(
            out,
            "<!--kb:tabs--><!--kb:tab label=\"Linux\"-->\n\napt\n\n<!--kb:/tab--><!--kb:tab label=\"macOS\"-->\n\nbrew\n\
             <!--kb:/tab--><!--kb:/tabs-->\n\nNa."
        );
    }

    /// What CommonMark makes of prepared text: each code block with the last marker before it
    /// and how deep in list items it is; and whether a marker was read as text (in code or a
    /// paragraph) instead of as HTML.
    fn read(prepared: &str) -> (Vec<(String, usize, String)>, bool) {
        use pulldown_cmark::{Event, Parser, Tag, TagEnd};
        let mut blocks = Vec::new();
        let (mut last, mut items, mut code, mut leaked) = (String::new(), 0, None::<String>, false);
        for event in Parser::new_ext(prepared, crate::parser_options(false)) {
            match event {
                Event::Html(html) | Event::InlineHtml(html) if html.contains("<!--kb:") => {
                    last = html.trim().to_string();
                }
                Event::Start(Tag::Item) => items += 1,
                Event::End(TagEnd::Item) => items -= 1,
                Event::Start(Tag::CodeBlock(_)) => code = Some(String::new()),
                Event::End(TagEnd::CodeBlock) => blocks.push((last.clone(), items, code.take().unwrap())),
                Event::Text(text) | Event::Code(text) => {
                    leaked |= text.contains("<!--kb");
                    if let Some(code) = code.as_mut() {
                        code.push_str(&text);
                    }
                }
                _ => {}
            }
        }
        (blocks, leaked)
    }

    /// The shape of `blog/posts/search-better-faster-smaller.md` (MkDocs Material docs): tabs
    /// with fenced code in a collapsible admonition.
    #[test]
    fn tabs_with_fenced_code_in_an_admonition() {
        let out = run(
            "??? example \"Index\"\n\n    === \"Now\"\n\n        ``` json\n        { \"a\": 1 }\n        ```\n\n    \
                       === \"Before\"\n\n        ``` json\n        { \"b\": 2 }\n        ```\n\nNa.\n",
        );
        let (blocks, leaked) = read(&out);
        assert!(!leaked, "{out}");
        assert_eq!(
            blocks,
            vec![
                ("<!--kb:tabs--><!--kb:tab label=\"Now\"-->".to_string(), 0, "{ \"a\": 1 }\n".to_string()),
                ("<!--kb:/tab--><!--kb:tab label=\"Before\"-->".to_string(), 0, "{ \"b\": 2 }\n".to_string()),
            ],
            "{out}"
        );
        assert!(out.ends_with("```\n<!--kb:/tab--><!--kb:/tabs-->\n<!--kb:/callout-->\n\nNa."), "{out}");
    }

    /// The same page further on: tabs with fenced code in an ordered list item stay in it.
    #[test]
    fn tabs_in_a_list_item_stay_in_it() {
        let text = "1.  Eerst.\n\n2.  Kijk:\n\n    === \"Now\"\n\n        ``` html\n        <p>nu</p>\n        ```\n\n    \
                    === \"Before\"\n\n        ```\n        toen\n        ```\n\n    Daarna, in het item.\n\nNa de lijst.\n";
        let out = run(text);
        let (blocks, leaked) = read(&out);
        assert!(!leaked, "{out}");
        assert_eq!(
            blocks,
            vec![
                ("<!--kb:tabs--><!--kb:tab label=\"Now\"-->".to_string(), 1, "<p>nu</p>\n".to_string()),
                ("<!--kb:/tab--><!--kb:tab label=\"Before\"-->".to_string(), 1, "toen\n".to_string()),
            ],
            "{out}"
        );
        assert!(
            out.contains("    ```\n    <!--kb:/tab--><!--kb:/tabs-->\n\n    Daarna, in het item."),
            "{out}"
        );
    }

    /// The shape of `guides/creating-a-reproduction.md`: a bullet item (`-   `) whose tabs,
    /// labelled with icons, hold fenced code, followed by more of the item and another item.
    #[test]
    fn tabs_in_a_bullet_item_followed_by_more_of_it() {
        let text = "-   Activeer:\n\n    === \":material-apple: macOS\"\n\n        ``` sh\n        . venv/bin/activate\n        ```\n\n    \
                    === \":fontawesome-brands-windows: Windows\"\n\n        ``` sh\n        . venv/Scripts/activate\n        ```\n\n\n    \
                    Je prompt toont nu `(venv)`.\n\n-   Verlaat:\n\n    ```\n    deactivate\n    ```\n";
        let out = run(text);
        let (blocks, leaked) = read(&out);
        assert!(!leaked, "{out}");
        let where_: Vec<(&str, usize)> = blocks.iter().map(|(m, items, _)| (m.as_str(), *items)).collect();
        assert_eq!(
            where_,
            vec![
                ("<!--kb:tabs--><!--kb:tab label=\":material-apple: macOS\"-->", 1),
                ("<!--kb:/tab--><!--kb:tab label=\":fontawesome-brands-windows: Windows\"-->", 1),
                ("<!--kb:/tab--><!--kb:/tabs-->", 1),
            ],
            "{out}"
        );
        assert_eq!(blocks[1].2, ". venv/Scripts/activate\n");
        assert_eq!(blocks[2].2, "deactivate\n");
    }

    /// The shape of `insiders/upgrade.md`: a tab whose body leaves a fence open (a stray
    /// closing fence of the author's) ends its code with the tab, as CommonMark ends a fence
    /// with its container; the next tab is not swallowed.
    #[test]
    fn a_fence_left_open_in_a_tab_ends_with_the_tab() {
        let text = "=== \"pip\"\n\n    ```\n    pip install\n    ```\n\n    Uitleg.\n    ```\n\n=== \"git upgrade\"\n\n    \
                    ```\n    git pull\n    ```\n\nNa.\n";
        let out = run(text);
        let (blocks, leaked) = read(&out);
        assert!(!leaked, "{out}");
        let markers: Vec<&str> = blocks.iter().map(|(m, _, _)| m.as_str()).collect();
        assert_eq!(
            markers,
            vec![
                "<!--kb:tabs--><!--kb:tab label=\"pip\"-->",
                "<!--kb:tabs--><!--kb:tab label=\"pip\"-->",
                "<!--kb:/tab--><!--kb:tab label=\"git upgrade\"-->",
            ],
            "{out}"
        );
        assert_eq!(blocks[2].2, "git pull\n");
        assert!(out.ends_with("<!--kb:/tab--><!--kb:/tabs-->\n\nNa."), "{out}");
    }

    /// The shape of `reference/content-tabs.md`: a fenced example of tabs whose inner fences
    /// are indented four spaces. An indented ``` does not close the outer fence (CommonMark
    /// allows a closing fence three spaces of indentation), so the example stays code.
    #[test]
    fn an_indented_fence_does_not_close_the_fence_around_it() {
        let example = "``` title=\"Tabs\"\n=== \"C\"\n\n    ``` c\n    int x;\n    ```\n\n=== \"C++\"\n\n    ``` c++\n    int y;\n    ```\n```\n";
        let out = run(&format!("{example}\n=== \"C\"\n\n    ``` c\n    int x;\n    ```\n"));
        let (blocks, leaked) = read(&out);
        assert!(!leaked, "{out}");
        assert!(out.starts_with(example), "{out}");
        assert_eq!(blocks.len(), 2, "{out}");
        assert_eq!(blocks[0].0, "");
        assert_eq!(
            blocks[1],
            ("<!--kb:tabs--><!--kb:tab label=\"C\"-->".to_string(), 0, "int x;\n".to_string())
        );
    }

    #[test]
    fn code_is_left_alone_and_positions_kept() {
        assert_eq!(run("```\n!!! tip\n    x\n```"), "```\n!!! tip\n    x\n```");
        let lines = prepare(split("!!! tip\n    abc\n"), &mut Vec::new());
        assert_eq!(lines[1].text, "abc");
        assert_eq!(lines[1].origin, 12);
    }
}
