//! The markers that `prepare` leaves in a body, and the HTML `render` puts in their place.
//!
//! A marker is an HTML comment on a line of its own, `<!--kb:callout kind="tip" title="Let op"-->`,
//! which CommonMark reads as a one-line HTML block: the markdown between an opening and a closing
//! marker stays markdown. Markers are kennisbank's own, so they are expanded whatever the
//! `raw_html` policy says. They become:
//! - `callout` / `/callout`: the accessible callout of GitHub alerts (`<aside>` labelled by its
//!   title), or a `<details>` with the title as `<summary>` when `fold` is `closed` or `open`;
//! - `tabs`, `tab label` / `/tab`, `/tabs`: sections with a heading each, in a `data-kb-tabs`
//!   container that `js/tabs.js` turns into WAI-ARIA tabs; without JavaScript and on paper they
//!   read as headed sections;
//! - `html`: a shortcode template's output, put in as it is.

use pulldown_cmark_escape::escape_html;

use super::MarkdownLabels;

const CLOSE: &str = "-->";

/// How a marker opens: `<!--kb:` followed by a secret of this process, so that a comment an
/// author writes (`<!--kb:html html="&lt;script&gt;"-->`) is never taken for one of ours and
/// meets the `raw_html` policy like any other HTML. Markers never reach the output, so a
/// random secret costs no reproducibility. Unit tests use the plain prefix, to read their
/// expected output; the integration tests build with the secret.
fn open() -> &'static str {
    static OPEN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    OPEN.get_or_init(|| {
        if cfg!(test) {
            return "<!--kb:".to_string();
        }
        use std::hash::{BuildHasher, Hasher};
        let mut secret = std::collections::hash_map::RandomState::new().build_hasher();
        secret.write_u128(
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()),
        );
        // A forged `<!--kb:` lacks the secret and stays a plain comment.
        format!("<!--kb{:016x}:", secret.finish())
    })
}

/// `<!--kb:name a="v"-->`, values escaped so they never end the comment.
pub fn write(name: &str, attributes: &[(&str, &str)]) -> String {
    let mut out = format!("{}{name}", open());
    for (key, value) in attributes {
        out.push(' ');
        out.push_str(key);
        out.push_str("=\"");
        let mut escaped = String::new();
        let _ = escape_html(&mut escaped, value);
        // One line, so that the marker is one HTML block or one piece of inline HTML.
        out.push_str(&escaped.replace('\n', "&#10;"));
        out.push('"');
    }
    out.push_str(CLOSE);
    out
}

/// Whether a piece of HTML is made of markers only.
pub fn is_marker(html: &str) -> bool {
    let mut rest = html.trim();
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let Some(after) = rest.strip_prefix(open()) else { return false };
        let Some(end) = after.find(CLOSE) else { return false };
        rest = after[end + CLOSE.len()..].trim_start();
    }
    true
}

struct Marker {
    name: String,
    attributes: Vec<(String, String)>,
}

impl Marker {
    fn get(&self, key: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

fn parse(html: &str) -> Vec<Marker> {
    let mut markers = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(open()) {
        let after = &rest[start + open().len()..];
        let Some(end) = after.find(CLOSE) else { break };
        let inner = &after[..end];
        rest = &after[end + CLOSE.len()..];
        let (name, mut attrs) = inner.split_once(' ').unwrap_or((inner, ""));
        let mut attributes = Vec::new();
        while let Some(eq) = attrs.find("=\"") {
            let key = attrs[..eq].trim().to_string();
            let value_start = eq + 2;
            let Some(value_end) = attrs[value_start..].find('"') else { break };
            attributes.push((key, unescape(&attrs[value_start..value_start + value_end])));
            attrs = &attrs[value_start + value_end + 1..];
        }
        markers.push(Marker { name: name.to_string(), attributes });
    }
    markers
}

fn unescape(text: &str) -> String {
    text.replace("&#10;", "\n")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// What expanding needs to remember across the markers of one body.
#[derive(Debug, Default)]
pub struct Expander {
    /// Closing tags of the open callouts and tab sets, innermost last.
    open: Vec<&'static str>,
    callouts: usize,
    tabs: usize,
    /// Level of the last heading before the marker: tab labels are headings one below it.
    heading_level: u8,
}

impl Expander {
    pub fn heading(&mut self, level: u8) {
        self.heading_level = level;
    }

    /// The HTML for a piece of raw HTML that [`is_marker`] accepted.
    pub fn expand(&mut self, html: &str, labels: &MarkdownLabels) -> String {
        let mut out = String::new();
        for marker in parse(html) {
            match marker.name.as_str() {
                "callout" => self.callout(&marker, labels, &mut out),
                "html" => out.push_str(marker.get("html").unwrap_or_default()),
                "tabs" => {
                    out.push_str("<div class=\"kb-tabs\" data-kb-tabs>\n");
                    self.open.push("</div>\n");
                }
                "tab" => {
                    self.tabs += 1;
                    let n = self.tabs;
                    let level = (self.heading_level.max(1) + 1).min(6);
                    out.push_str(&format!(
                        "<section class=\"kb-tabs__panel\" aria-labelledby=\"kb-tab-{n}\">\n\
                         <h{level} class=\"kb-tabs__label\" id=\"kb-tab-{n}\">{}</h{level}>\n",
                        inline(marker.get("label").unwrap_or_default())
                    ));
                    self.open.push("</section>\n");
                }
                name if name.starts_with('/') => {
                    if let Some(close) = self.open.pop() {
                        out.push_str(close);
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn callout(&mut self, marker: &Marker, labels: &MarkdownLabels, out: &mut String) {
        let kind = marker.get("kind").unwrap_or("note");
        let (class, label) = kind_of(kind, labels);
        let title = marker.get("title").map_or(label.clone(), inline);
        match marker.get("fold") {
            Some(fold @ ("open" | "closed")) => {
                let open = if fold == "open" { " open" } else { "" };
                out.push_str(&format!(
                    "<details class=\"kb-callout kb-callout--{class}\"{open}>\n\
                     <summary class=\"kb-callout__title\">{title}</summary>\n"
                ));
                self.open.push("</details>\n");
            }
            _ if title.is_empty() => {
                let mut aria = String::new();
                let _ = escape_html(&mut aria, &label);
                out.push_str(&format!(
                    "<aside class=\"kb-callout kb-callout--{class}\" aria-label=\"{aria}\">\n"
                ));
                self.open.push("</aside>\n");
            }
            _ => {
                self.callouts += 1;
                let n = self.callouts;
                out.push_str(&format!(
                    "<aside class=\"kb-callout kb-callout--{class}\" aria-labelledby=\"kb-admonition-{n}\">\n\
                     <p class=\"kb-callout__title\" id=\"kb-admonition-{n}\">{title}</p>\n"
                ));
                self.open.push("</aside>\n");
            }
        }
    }

    /// Closing tags for whatever a body left open (an unclosed `:::`).
    pub fn finish(&mut self) -> String {
        self.open.drain(..).rev().collect()
    }
}

/// The callout class (one of the five of GitHub alerts) and label for an admonition type of
/// MkDocs or Docusaurus. A type kennisbank does not know is a note labelled with its own name.
fn kind_of(kind: &str, labels: &MarkdownLabels) -> (&'static str, String) {
    let kind = kind.to_ascii_lowercase();
    match kind.as_str() {
        "note" | "" => ("note", labels.note.clone()),
        "tip" | "hint" => ("tip", labels.tip.clone()),
        "important" => ("important", labels.important.clone()),
        "warning" | "attention" => ("warning", labels.warning.clone()),
        "caution" | "danger" | "error" => ("caution", labels.caution.clone()),
        "success" | "check" | "done" => ("tip", capitalised(&kind)),
        "failure" | "fail" | "missing" | "bug" => ("caution", capitalised(&kind)),
        _ => ("note", capitalised(&kind)),
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A title or label as inline markdown (`**TL;DR**`, `` `warn` ``), without MkDocs icon
/// shortcodes (`:material-apple:`), which need an icon font from elsewhere.
/// Raw HTML and `javascript:` links in it cannot run (see `safe_inline`).
pub fn inline(text: &str) -> String {
    super::safe_inline::inline(&strip_icons(text))
}

/// Leaves out `:name-with-dashes:` icon shortcodes (MkDocs Material's `:material-x:`,
/// `:octicons-x-16:`, `:fontawesome-brands-x:`).
pub fn strip_icons(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(':') {
        let after = &rest[start + 1..];
        let end = after.find(':');
        let is_icon = end.is_some_and(|e| {
            let name = &after[..e];
            name.contains('-')
                && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
        match (is_icon, end) {
            (true, Some(e)) => {
                out.push_str(&rest[..start]);
                rest = &after[e + 1..];
            }
            _ => {
                out.push_str(&rest[..=start]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip() {
        let m = write("callout", &[("kind", "tip"), ("title", "a \"b\" --> c")]);
        assert!(is_marker(&m));
        assert!(is_marker(&format!("{m}{m}\n")));
        assert!(!is_marker("<!-- gewoon commentaar -->"));
        let parsed = parse(&m);
        assert_eq!(parsed[0].get("title"), Some("a \"b\" --> c"));
    }

    #[test]
    fn callouts_tabs_and_details_expand() {
        let labels = MarkdownLabels::dutch();
        let mut x = Expander::default();
        let html = x.expand(&write("callout", &[("kind", "danger"), ("title", "**Let op**")]), &labels);
        assert!(html.contains("kb-callout--caution\" aria-labelledby=\"kb-admonition-1\""), "{html}");
        assert!(html.contains("<strong>Let op</strong>"), "{html}");
        assert_eq!(x.expand("<!--kb:/callout-->", &labels), "</aside>\n");
        let html = x.expand(&write("callout", &[("kind", "question"), ("fold", "open")]), &labels);
        assert!(html.starts_with("<details class=\"kb-callout kb-callout--note\" open>"), "{html}");
        assert!(html.contains("<summary class=\"kb-callout__title\">Question</summary>"), "{html}");
        let html = x.expand(&write("callout", &[("kind", "tip"), ("title", "")]), &labels);
        assert!(html.contains("aria-label=\"Tip\""), "{html}");
        x.heading(2);
        let html =
            x.expand(&format!("{}{}", write("tabs", &[]), write("tab", &[("label", "Linux")])), &labels);
        assert!(html.contains("<h3 class=\"kb-tabs__label\" id=\"kb-tab-1\">Linux</h3>"), "{html}");
        assert_eq!(x.finish(), "</section>\n</div>\n</aside>\n</details>\n");
    }

    #[test]
    fn icons_are_left_out() {
        assert_eq!(strip_icons(":material-apple: macOS"), " macOS");
        assert_eq!(strip_icons("10:30: tijd"), "10:30: tijd");
        assert_eq!(inline(":octicons-file-code-16: `mkdocs.yml`"), "<code>mkdocs.yml</code>");
    }
}
