//! The acceptance test of issue 14: two real sites written for other generators (vendored in
//! `tests/corpora/`, see its README) build with kennisbank as they are, and no page shows the
//! other generator's syntax as text.

use std::path::Path;

use crate::common::{Site, copy_dir, kennisbank, run, tree};

/// Copies a corpus folder's `content_from` into a new site's `content/` and builds it with
/// internal links as warnings (the corpora come without their images).
fn build_corpus(corpus: &str, content_from: &str) -> Site {
    let site = Site::empty();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpora").join(corpus).join(content_from);
    copy_dir(&source, &site.path("content"));
    site.write(
        "kennisbank.toml",
        format!("title = \"{corpus}\"\nbase_url = \"https://{corpus}.example.org\"\n\n[links]\ninternal = \"warning\"\n"),
    );
    let out = run(kennisbank().args(["build", "--quiet", "--root"]).arg(site.root()));
    assert_eq!(out.code, 0, "{corpus} does not build:\n{}", out.stderr);
    site
}

/// Text outside `<pre>`, `<code>`, `<script>` and tags, where leftover syntax would show.
fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    'outer: while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        for element in ["pre", "code", "script"] {
            let open = format!("<{element}");
            if rest.starts_with(&open) && rest[open.len()..].starts_with([' ', '>']) {
                let close = format!("</{element}>");
                rest = rest.find(&close).map_or("", |end| &rest[end + close.len()..]);
                out.push(' ');
                continue 'outer;
            }
        }
        rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
        out.push(' ');
    }
    out.push_str(rest);
    out.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Syntax of MkDocs, Docusaurus/MDX, Hugo and Zola that must not be left as text.
fn leftovers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for needle in [
        "!!!",
        "???",
        ":::",
        "=== \"",
        "<Tabs",
        "<TabItem",
        "<Admonition",
        "<DocCardList",
        "{{<",
        "{{%",
        "{%",
    ] {
        if let Some(i) = text.find(needle) {
            found.push(context(text, i));
        }
    }
    for (i, _) in text.match_indices("import ") {
        let line = text[i..].lines().next().unwrap_or_default();
        if line.contains(" from '") || line.contains(" from \"") {
            found.push(context(text, i));
        }
    }
    for (i, _) in text.match_indices("{{ ") {
        let call =
            text[i + 3..].split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or("");
        if !call.is_empty() && text[i + 3 + call.len()..].starts_with('(') {
            found.push(context(text, i));
        }
    }
    for pattern in ["{ .", "{: .", "{ #", "{: #"] {
        for (i, _) in text.match_indices(pattern) {
            let inside = text[i..].split('}').next().unwrap_or_default();
            let named = text[i + pattern.len()..].starts_with(|c: char| c.is_ascii_alphanumeric());
            if named && !inside.contains('\n') && inside.len() < 80 {
                found.push(context(text, i));
                break;
            }
        }
    }
    found
}

fn context(text: &str, at: usize) -> String {
    let mut start = at.saturating_sub(40);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 60).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    text[start..end].split_whitespace().collect::<Vec<_>>().join(" ")
}

/// kennisbank's own markers (`<!--kb…:tab label="…"-->`, see `kb-markdown`'s `markers`) left in
/// a page, anywhere: escaped as text (in code too, where `visible_text` does not look) or as a
/// raw comment. Render turns every marker into the theme's HTML, so none may remain.
fn marker_text(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for needle in ["&lt;!--kb", "<!--kb"] {
        found.extend(html.match_indices(needle).map(|(i, _)| context(html, i)));
    }
    found
}

fn assert_no_leftovers(site: &Site) {
    let mut problems = Vec::new();
    for (path, bytes) in tree(&site.public()) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        for snippet in leftovers(&visible_text(&html)) {
            problems.push(format!("{path}: {snippet}"));
        }
        for snippet in marker_text(&html) {
            problems.push(format!("{path}: marker as text: {snippet}"));
        }
    }
    assert!(problems.is_empty(), "{} leftovers:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_scanner_finds_what_it_looks_for() {
    let page = "<p>!!! tip</p><pre>!!! code</pre><p>{{ chart(x=1) }} and <code>{{ x() }}</code> [a]{ .md-button }</p>";
    let found = leftovers(&visible_text(page));
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(leftovers(&visible_text("<p>import x from 'y'</p>")).len() == 1);
    assert!(leftovers(&visible_text("<p>{{ page.title }} and a { . } brace</p>")).is_empty());
    let leaked =
        "<pre><code>&lt;!--kb0123456789abcdef:/tab--&gt;</code></pre><!--kb0123456789abcdef:/tabs-->";
    assert_eq!(marker_text(leaked).len(), 2);
    assert!(leftovers(&visible_text(leaked)).is_empty(), "code is not where leftovers look");
    assert!(marker_text("<p>&lt;!-- kb --&gt; <!-- a comment --></p>").is_empty());
}

#[test]
fn mkdocs_material_docs_build_without_leftover_syntax() {
    let site = build_corpus("mkdocs-material-docs", "docs");
    assert_no_leftovers(&site);
}

#[test]
fn developer_overheid_nl_builds_without_leftover_syntax() {
    let site = build_corpus("don-site", "");
    assert_no_leftovers(&site);
}
