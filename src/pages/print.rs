//! Print packs: every page of a section as one document at `/<section>/afdrukken/`, for the
//! browser's "Print" or "Save as PDF" (no PDF engine). `[print] sections` in `kennisbank.toml`
//! chooses the sections (the model resolves them, `model::settings`); this module plans their
//! jobs and builds the typed view the `print-pack.html` template reads.
//!
//! Each page keeps its own markdown HTML, made fit to sit beside the others: its ids get a
//! prefix of its own (two pages may both have a `#signalen` heading), its headings move one level
//! down (the page title is the `h2`), links to pages in the pack become links within the pack,
//! and other root-relative links become absolute, so the printed link targets are whole URLs.

use std::collections::HashMap;

use serde::Serialize;
use tera::Tera;

use super::job::{Contexts, Shared};
use super::jobs::{Job, Listed, PlannedJob};
use super::views::{LinkView, PageView, Views};

use crate::model::{Library, PageId, SectionId};

/// The last path segment of a print pack, under its section.
pub const PRINT_SEGMENT: &str = "afdrukken/";

/// The URL path of a section's print pack (`/meldcode/afdrukken/`).
pub fn pack_path(section_path: &str) -> String {
    format!("{section_path}{PRINT_SEGMENT}")
}

/// One job per `[print]` section (the model resolved them and reported the unknown ones).
pub fn jobs(lib: &Library) -> Vec<PlannedJob> {
    lib.settings
        .print_sections
        .iter()
        .map(|&s| PlannedJob {
            job: Job::PrintPack(s),
            path: pack_path(&lib.section(s).doc.path),
            listed: Listed::Path,
        })
        .collect()
}

/// A section's print pack link, for the "Afdrukken" link on the section page.
#[derive(Debug, Clone, Serialize)]
pub struct PrintPackLink {
    /// The section's URL.
    pub section: String,
    /// The print pack's URL.
    pub url: String,
}

/// The print pack links of the site, for the site view.
pub fn links(views: &Views) -> Vec<PrintPackLink> {
    let lib = views.lib;
    lib.settings
        .print_sections
        .iter()
        .map(|&s| {
            let path = &lib.section(s).doc.path;
            PrintPackLink { section: views.url(path), url: views.url(&pack_path(path)) }
        })
        .collect()
}

/// The print pack of one section, as `print-pack.html` gets it.
#[derive(Debug, Serialize)]
struct PrintPackView<'a> {
    /// The section's title.
    title: &'a str,
    description: &'a str,
    /// The section page.
    url: String,
    permalink: String,
    ancestors: Vec<LinkView>,
    /// The section's own text first, then every page of the section (and of its subsections,
    /// depth first) in the order of the section's list.
    pages: Vec<PrintPageView<'a>>,
}

/// One page in a print pack: the page view, its content made fit for the pack.
#[derive(Debug, Serialize)]
struct PrintPageView<'a> {
    /// The id of the page's heading in the pack, for the table of contents.
    anchor: String,
    #[serde(flatten)]
    page: PageView<'a>,
}

/// Renders the print pack of section `section`.
pub fn render(
    tera: &Tera,
    shared: &Shared,
    contexts: &mut Contexts,
    planned: &PlannedJob,
    section: SectionId,
) -> Result<String, tera::Error> {
    let views = shared.views;
    let lib = views.lib;
    let s = lib.section(section);
    let mut entries: Vec<(String, PageView)> = Vec::new();
    let intro = views.section(section, &s.pages).page;
    entries.push(("kb-print-0".to_string(), intro));
    for (n, p) in pages_in_order(lib, section).into_iter().enumerate() {
        entries.push((format!("kb-print-{}", n + 1), views.page(p)));
    }
    let in_pack: HashMap<String, String> =
        entries.iter().map(|(anchor, v)| (v.url.clone(), anchor.clone())).collect();
    let origin = views.settings.base_url.strip_suffix(views.settings.base_path.as_str()).unwrap_or_default();
    let contents: Vec<String> = entries
        .iter()
        .map(|(anchor, v)| {
            fit_for_pack(&v.content, anchor, origin, views.settings.base_path.as_str(), &in_pack)
        })
        .collect();
    let pages = entries
        .into_iter()
        .zip(&contents)
        .map(|((anchor, mut page), content)| {
            page.content = std::borrow::Cow::Borrowed(content);
            PrintPageView { anchor, page }
        })
        .collect();
    let view = PrintPackView {
        title: &s.doc.title,
        description: s.doc.front().map_or("", |f| f.description.as_deref().unwrap_or("")),
        url: views.url(&s.doc.path),
        permalink: views.permalink(&s.doc.path),
        ancestors: views.ancestors_of_path(&planned.path),
        pages,
    };
    let mut ctx = contexts.job(shared, views.default_language(), &planned.path);
    ctx.insert("pack", &view);
    tera.render("print-pack.html", ctx.get())
}

/// The pages of a section, then those of its subsections, depth first.
pub fn pages_in_order(lib: &Library, section: SectionId) -> Vec<PageId> {
    let s = lib.section(section);
    let mut pages = s.pages.clone();
    for sub in &s.subsections {
        pages.extend(pages_in_order(lib, *sub));
    }
    pages
}

/// Attributes whose values are id references, each a space-separated list of ids.
const ID_REFERENCES: [&str; 5] = ["id", "for", "aria-labelledby", "aria-describedby", "aria-controls"];

/// A page's HTML made fit to sit beside other pages in one document (see the module docs).
fn fit_for_pack(
    html: &str,
    prefix: &str,
    origin: &str,
    base_path: &str,
    in_pack: &HashMap<String, String>,
) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(at) = rest.find("=\"") {
        let name_start =
            rest[..at].rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).map_or(0, |i| i + 1);
        let name = &rest[name_start..at];
        let value_start = at + 2;
        let Some(len) = rest[value_start..].find('"') else { break };
        let value = &rest[value_start..value_start + len];
        out.push_str(&rest[..value_start]);
        if ID_REFERENCES.contains(&name) {
            let ids: Vec<String> = value.split_whitespace().map(|id| format!("{prefix}-{id}")).collect();
            out.push_str(&ids.join(" "));
        } else if name == "href" {
            out.push_str(&pack_href(value, prefix, origin, base_path, in_pack));
        } else {
            out.push_str(value);
        }
        rest = &rest[value_start + len..];
    }
    out.push_str(rest);
    for_the_pack(&out)
}

/// A link target as it works (and prints) inside the pack.
fn pack_href(
    href: &str,
    prefix: &str,
    origin: &str,
    base_path: &str,
    in_pack: &HashMap<String, String>,
) -> String {
    if let Some(fragment) = href.strip_prefix('#') {
        return format!("#{prefix}-{fragment}");
    }
    if !href.starts_with('/') || href.starts_with("//") || !href.starts_with(base_path) {
        return href.to_string();
    }
    let (path, fragment) = href.split_once('#').map_or((href, None), |(p, f)| (p, Some(f)));
    match (in_pack.get(path), fragment) {
        (Some(anchor), None) => format!("#{anchor}"),
        (Some(anchor), Some(f)) => format!("#{anchor}-{f}"),
        (None, _) => format!("{origin}{href}"),
    }
}

/// `h2`..`h5` one level down (in the pack, the page's title is its `h2`), and callouts as notes
/// rather than landmarks: a pack of many pages would have many landmarks of the same name.
fn for_the_pack(html: &str) -> String {
    let mut out = html.replace("<aside ", "<div role=\"note\" ").replace("</aside>", "</div>");
    for level in (2..=5).rev() {
        out = out
            .replace(&format!("<h{level}"), &format!("<h{}", level + 1))
            .replace(&format!("</h{level}>"), &format!("</h{}>", level + 1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_links_and_headings_are_fit_for_the_pack() {
        let in_pack = HashMap::from([("/meldcode/stap-2/".to_string(), "kb-print-2".to_string())]);
        let html = r##"<h2 id="a">A</h2><p><a href="#a">x</a> <a href="/meldcode/stap-2/">s2</a> <a href="/meldcode/stap-2/#b">b</a> <a href="/hulp/">h</a> <a href="https://x.nl/">e</a></p><label for="c d">l</label>"##;
        let fit = fit_for_pack(html, "kb-print-1", "https://kb.nl", "", &in_pack);
        assert!(fit.starts_with(r#"<h3 id="kb-print-1-a">A</h3>"#), "{fit}");
        assert!(fit.contains(r##"href="#kb-print-1-a""##));
        assert!(fit.contains(r##"href="#kb-print-2""##));
        assert!(fit.contains(r##"href="#kb-print-2-b""##));
        assert!(fit.contains(r#"href="https://kb.nl/hulp/""#));
        assert!(fit.contains(r#"href="https://x.nl/""#));
        assert!(fit.contains(r#"for="kb-print-1-c kb-print-1-d""#));
        let note = fit_for_pack(r#"<aside class="kb-callout">x</aside>"#, "p", "", "", &in_pack);
        assert_eq!(note, r#"<div role="note" class="kb-callout">x</div>"#);
    }

    #[test]
    fn base_path_links_get_the_origin_only() {
        let fit = pack_href("/kb/hulp/", "p", "https://x.nl", "/kb", &HashMap::new());
        assert_eq!(fit, "https://x.nl/kb/hulp/");
    }
}
