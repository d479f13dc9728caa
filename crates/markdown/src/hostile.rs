//! Hostile input for the dialect parsers (issue 30): time linear in the input (a body of size
//! S and one of 8S within a factor of ten), and generated bodies (proptest) that never panic
//! and never put executable HTML into the page when raw HTML is escaped or stripped.

use std::collections::HashMap;
use std::time::Duration;

use proptest::prelude::*;

use crate::highlight::Highlighter;
use crate::{MarkdownLabels, RawHtmlPolicy, RenderContext, Rendered, analyze, render};

fn render_as(body: &str, raw_html: RawHtmlPolicy) -> Rendered {
    let outline = analyze(body, true, &Default::default());
    let highlighter = Highlighter::new();
    let labels = MarkdownLabels::dutch();
    let ctx = RenderContext {
        outline: &outline,
        links: &HashMap::new(),
        highlighter: &highlighter,
        smart_punctuation: true,
        raw_html,
        skip_h1: false,
        checklist: false,
        abbreviations: &HashMap::new(),
        labels: &labels,
        foreign_links: &HashMap::new(),
        shortcodes: &Default::default(),
        images: &HashMap::new(),
    };
    render(body, &ctx)
}

/// CPU time the calling thread has used: the scaling checks time in it, so a busy machine
/// (other builds, other test threads) does not make a linear parser look quadratic.
fn thread_cpu_time() -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid timespec for the call to fill in.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
    assert!(ok, "no thread CPU clock");
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// The least CPU time of three runs of analysing and rendering `body`.
fn time(body: &str) -> Duration {
    (0..3)
        .map(|_| {
            let started = thread_cpu_time();
            render_as(body, RawHtmlPolicy::Keep);
            thread_cpu_time() - started
        })
        .min()
        .expect("three runs")
}

/// `body(n)` and `body(8n)` within a factor of ten (plus 50 ms for a busy machine).
fn assert_linear(what: &str, n: usize, body: impl Fn(usize) -> String) {
    let (small, large) = (time(&body(n)), time(&body(8 * n)));
    assert!(
        large <= small * 10 + Duration::from_millis(50),
        "{what}: {n} took {small:?}, {} took {large:?}",
        8 * n
    );
}

#[test]
fn mdx_comments_and_unknown_tags_on_one_line_cost_linear_time() {
    // Each cut rebuilt the line and searched it again from its start.
    assert_linear("N `{/*c*/}` on one line", 2000, |n| "a {/*c*/} ".repeat(n));
    assert_linear("N unknown `<X>` on one line", 2000, |n| "a <X> ".repeat(n));
    assert_linear("N `<X>` and `</X>` with blanks", 2000, |n| " <X> </X>".repeat(n));
    assert_linear("N `<Card title=\"t\">` on one line", 1000, |n| "<Card title=\"t\">x".repeat(n));
}

#[test]
fn mdx_cuts_keep_the_text_and_its_places() {
    let r = render_as("Een {/*c*/} twee <X>drie</X> vier <Y/> vijf.\n", RawHtmlPolicy::Keep);
    assert!(r.html.contains("Een  twee drie vier  vijf."), "{}", r.html);
}

/// MDX components nested `depth` deep, each body indented `step` spaces more than its tag.
fn nested_mdx(depth: usize, step: usize) -> String {
    let mut body = String::new();
    for i in 0..depth {
        body.push_str(&format!("{}<Admonition type=\"note\" title=\"t{i}\">\n\n", " ".repeat(i * step)));
    }
    body.push_str(&format!("{}tekst\n\n", " ".repeat(depth * step)));
    for i in (0..depth).rev() {
        body.push_str(&format!("{}</Admonition>\n\n", " ".repeat(i * step)));
    }
    body
}

#[test]
fn nested_mdx_components_cost_linear_time() {
    // Each closing tag dedented all the lines of its component, the nested ones included:
    // N levels written flush left cost N^2 (8,000: 0.9 s, 16,000: 3.8 s). Now components nest
    // at most 32 deep.
    assert_linear("N nested components, flush left", 1000, |n| nested_mdx(n, 0));
    // Indented, the input grows with the square of the depth: 100 and 283 levels.
    let (small, large) = (time(&nested_mdx(100, 2)), time(&nested_mdx(283, 2)));
    assert!(large <= small * 10 + Duration::from_millis(50), "100 levels {small:?}, 283 {large:?}");
}

#[test]
fn mdx_components_past_the_limit_are_an_error_at_the_first_too_deep() {
    let body = nested_mdx(crate::mdx::MAX_NESTING + 3, 0);
    let prepared = crate::prepare(&body, &Default::default());
    let errors: Vec<_> = prepared.notes.iter().filter(|n| n.error).collect();
    assert_eq!(errors.len(), 1, "{:?}", prepared.notes);
    let at = body.match_indices("<Admonition").nth(crate::mdx::MAX_NESTING).expect("the 33rd").0;
    assert_eq!(errors[0].offset, at, "{:?}", errors[0]);
    assert!(errors[0].message.contains("nested more than 32 components deep"), "{:?}", errors[0]);
    // 32 levels are fine.
    let prepared = crate::prepare(&nested_mdx(crate::mdx::MAX_NESTING, 0), &Default::default());
    assert!(prepared.notes.iter().all(|n| !n.error), "{:?}", prepared.notes);
}

/// Admonitions nested `depth` deep, each body indented one tab more than its opener.
fn nested_admonitions(depth: usize) -> String {
    let mut body = String::new();
    for i in 0..depth {
        body.push_str(&"\t".repeat(i));
        body.push_str("!!! note \"t\"\n\n");
    }
    body.push_str(&"\t".repeat(depth));
    body.push_str("tekst\n");
    body
}

#[test]
fn nested_admonitions_cost_linear_time() {
    // The input grows with the square of the depth (each level one tab more), so 8x the
    // input is 2.83x the depth: 100 and 283 levels. Each level copied its body, dedented:
    // N levels cost N^3 (800 took 4 s and 500 MB); now blocks nest at most 32 deep.
    let (small, large) = (time(&nested_admonitions(100)), time(&nested_admonitions(283)));
    let sizes = (nested_admonitions(100).len(), nested_admonitions(283).len());
    assert!(sizes.1 >= 6 * sizes.0 && sizes.1 <= 9 * sizes.0, "{sizes:?}");
    assert!(large <= small * 10 + Duration::from_millis(50), "100 levels {small:?}, 283 {large:?}");
    let spaces = |depth: usize| nested_admonitions(depth).replace('\t', "    ");
    let (small, large) = (time(&spaces(100)), time(&spaces(283)));
    assert!(large <= small * 10 + Duration::from_millis(50), "spaces: 100 levels {small:?}, 283 {large:?}");
}

#[test]
fn admonitions_nest_thirty_two_deep() {
    let html = render_as(&nested_admonitions(40), RawHtmlPolicy::Keep).html;
    assert_eq!(html.matches("<aside").count(), 32, "{html}");
}

#[test]
fn hugo_openers_on_one_line_cost_linear_time() {
    assert_linear("N `{{< ` on one line", 2000, |n| "{{< ".repeat(n));
    assert_linear("N `{{% ` on one line", 2000, |n| "{{% ".repeat(n));
}

// Generated bodies.

/// Pieces of every dialect, hostile text among them, put together in any order. (No forged
/// `<!--kb:` markers: this crate's unit tests use the plain marker prefix, the build a secret
/// one; `tests/testsuite/hostile_input.rs` forges them against the real binary.)
const PIECES: &[&str] = &[
    "\n",
    "\n\n",
    "    ",
    "\t",
    "tekst ",
    "# Kop\n",
    "## Kop {#id .klasse}\n",
    "!!! note \"",
    "!!! tip \"Titel\"\n",
    "??? warning\n",
    "???+ danger \"",
    "=== \"",
    "=== \"Tab\"\n",
    "===! \"Nieuw\"\n",
    ":::tip[",
    ":::note\n",
    ":::\n",
    ":::danger Titel\n",
    "> [!WARNING]\n> ",
    "<Tabs>",
    "</Tabs>",
    "<TabItem value=\"a\" label=\"",
    "</TabItem>",
    "<Admonition type=\"tip\" title=\"",
    "</Admonition>",
    "<DocCardList />",
    "<Card title=\"x\">",
    "</Card>",
    "{/*",
    "*/}",
    "{/* c */}",
    "import X from 'x';\n",
    "export const a = {\n",
    "{{< figure src=\"/a.png\" link=\"",
    "{{< contact name=\"s\" >}}",
    "{{< /contact >}}",
    "{{% details %}}",
    "{{% /details %}}",
    "{{< ",
    " >}}",
    "{{ a(",
    "{% details(summary=\"a\") %}",
    "{% end %}",
    "{{/* a() */}}",
    "[a](/x/){.c}",
    "[a](/x/){: target=\"_blank\" }",
    "{: .klasse #id }",
    "{ href=\"javascript:alert(1)\" }",
    "{ onclick=\"alert(1)\" }",
    "{ formaction=\"javascript:x\" }",
    "{ src=\"javascript:x\" data-kb-x=\"1\" }",
    "![b](javascript:alert(1))",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](\tjavascript:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](vbscript:msgbox)",
    "<javascript:alert(1)>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<b onmouseover=alert(1)>",
    "<!--",
    "-->",
    "\"",
    "'",
    "`",
    "```\n",
    "~~~\n",
    "- [ ] taak\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "[^1]\n\n[^1]: voet\n",
    ":material-home:",
    ":   definitie\n",
    "&lt;",
    "\u{202e}",
    "\u{200b}",
    "e\u{301}",
    "\u{1F600}",
    "\0",
    "\r\n",
];

fn body() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|pieces| pieces.concat())
}

/// Executable HTML in `html`: a `<script` tag, an `on...=` attribute or a `javascript:`,
/// `vbscript:` or `data:text/html` URL in an attribute. Quote-aware: text inside an attribute
/// value (`title="a onclick=b"`) is no attribute.
fn executable(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        let start = i + lt;
        i = start + 1;
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        // The tag's name, then its attributes up to `>`, outside quotes.
        let mut j = i;
        while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' && bytes[j] != b'/' {
            j += 1;
        }
        let name = html[i..j].to_ascii_lowercase();
        if name == "script" {
            found.push(format!("a script tag at {start}"));
        }
        while j < bytes.len() && bytes[j] != b'>' {
            if bytes[j].is_ascii_whitespace() || bytes[j] == b'/' {
                j += 1;
                continue;
            }
            let a = j;
            while j < bytes.len() && !matches!(bytes[j], b'=' | b'>' | b' ' | b'\t' | b'\n' | b'/') {
                j += 1;
            }
            let attribute = html[a..j].to_ascii_lowercase();
            if attribute.starts_with("on") {
                found.push(format!("the attribute {attribute} at {a}"));
            }
            if bytes.get(j) == Some(&b'=') {
                j += 1;
                let value = match bytes.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[j + 1..].find(q as char).map_or(bytes.len(), |e| j + 1 + e);
                        let value = &html[j + 1..end];
                        j = (end + 1).min(bytes.len());
                        value
                    }
                    _ => {
                        let v = j;
                        while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                            j += 1;
                        }
                        &html[v..j]
                    }
                };
                let url: String = decode_numeric(value)
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                let is_url =
                    matches!(attribute.as_str(), "href" | "src" | "action" | "formaction" | "xlink:href");
                if is_url && ["javascript:", "vbscript:", "data:text/html"].iter().any(|s| url.starts_with(s))
                {
                    found.push(format!("the URL {value} in {attribute} at {a}"));
                }
            }
        }
        i = j;
    }
    found
}

/// `value` with `&#106;` and `&#x6a;` read as the characters they stand for.
fn decode_numeric(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 2..];
        let (digits, radix) = match tail.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (tail, 10),
        };
        let len = digits.find(|c: char| !c.is_digit(radix)).unwrap_or(digits.len());
        match u32::from_str_radix(&digits[..len], radix).ok().and_then(char::from_u32) {
            Some(c) => {
                out.push(c);
                let after = &digits[len..];
                rest = after.strip_prefix(';').unwrap_or(after);
            }
            None => {
                out.push_str("&#");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn the_finder_sees_what_runs() {
    assert_eq!(executable("<a href=\"&#106;avascript:x\">").len(), 1);
    assert!(executable("<a title=\"javascript:x\">").is_empty());
    assert!(executable("<p>&lt;script&gt; onclick=x javascript:x</p><a title=\"a onclick=b\">").is_empty());
    assert_eq!(executable("<SCRIPT>").len(), 1);
    assert_eq!(executable("<img src=x onerror=alert(1)>").len(), 1);
    assert_eq!(executable("<a href=\" JavaScript:x\">").len(), 1);
    assert_eq!(executable("<a href='data:text/html,x'>").len(), 1);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn generated_bodies_never_panic_and_run_nothing_when_html_is_escaped(body in body()) {
        for policy in [RawHtmlPolicy::Escape, RawHtmlPolicy::Strip] {
            let r = render_as(&body, policy);
            let found = executable(&r.html);
            prop_assert!(found.is_empty(), "{policy:?}: {found:?}\n--- body\n{body}\n--- html\n{}", r.html);
        }
        // Kept raw HTML runs by design; it must still not panic.
        render_as(&body, RawHtmlPolicy::Keep);
    }

    #[test]
    fn generated_bodies_map_every_note_into_the_body(body in body()) {
        let prepared = crate::prepare(&body, &Default::default());
        for note in &prepared.notes {
            prop_assert!(note.offset <= body.len(), "{note:?} outside a body of {} bytes", body.len());
        }
        for offset in 0..=prepared.text.len() {
            prop_assert!(prepared.original(offset) <= body.len() + prepared.text.len());
        }
    }

    #[test]
    fn single_lines_of_one_piece_repeated_never_panic(piece in prop::sample::select(PIECES), n in 1usize..200) {
        let body = piece.repeat(n);
        let r = render_as(&body, RawHtmlPolicy::Escape);
        let found = executable(&r.html);
        prop_assert!(found.is_empty(), "{found:?}\n--- body\n{body}\n--- html\n{}", r.html);
    }
}
