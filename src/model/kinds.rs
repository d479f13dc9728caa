//! Checks of content kinds that need the whole site: a passport's trainings must exist and be
//! trainings, a decision aid's outcome links must resolve, a checklist must hold signals, a
//! training's decks must be slide decks, a deck's slides must be well cut, and a product's
//! werkplaats, trainings and files must exist. Every front-matter link goes through the one
//! resolver, and a dead one is an error at the line it is written on.

use std::collections::HashMap;

use super::resolve::{LinkProblem, Resolved};
use super::{Library, NodeId, PageId};
use crate::load::config::KeyStep::{self, Index, Key};
use crate::load::config::{Config, LinkSeverity, SpanPart};
use crate::load::content::ContentFile;
use crate::load::content::Kind;
use crate::load::content::kinds::KindData;
use kb_core::diagnostics::{Diagnostic, unknown_name_hint};
use kb_markdown::slides::{self, SlideProblem};

/// Resolved `@/` URLs from front matter (passports, decision outcomes), per node.
pub type FrontLinks = Vec<(NodeId, HashMap<String, String>)>;

/// What the kind checks found besides problems.
#[derive(Debug, Default)]
pub struct KindLinks {
    pub front_links: FrontLinks,
    /// A werkplaats's page -> the products that name it, in model order.
    pub products_of: HashMap<NodeId, Vec<PageId>>,
    /// (from, to): front-matter links that the pages show as links (a training's decks, a
    /// product's werkplaats and trainings, the werkplaats's list of products), which count as
    /// backlinks like links in the text.
    pub shown_links: Vec<(NodeId, NodeId)>,
}

pub fn check(config: &Config, lib: &Library) -> (KindLinks, Vec<Diagnostic>) {
    let base = config.base_path();
    let mut diagnostics = Vec::new();
    let mut found = KindLinks::default();
    // Files beside the content, by content path: where a product's downloads are looked up.
    let files: HashMap<&str, &str> = lib.files.iter().map(|f| (f.rel.as_str(), f.path.as_str())).collect();
    for (i, page) in lib.pages_with_ids() {
        let Some(file) = &page.doc.file else { continue };
        let dir = file.rel.rsplit_once('/').map_or("", |(d, _)| d);
        let mut map = HashMap::new();
        let mut link = |written: &str, at: &[KeyStep], wanted: Wanted, diagnostics: &mut Vec<Diagnostic>| {
            let found = front_link(lib, dir, (file, at), written, wanted, diagnostics)?;
            map.insert(written.to_string(), format!("{base}{}", lib.link_table.path_of(&found)));
            Some(found.node)
        };
        match &file.front.kind_data {
            KindData::Checklist(_) => {
                if page.doc.outline.task_count == 0 {
                    diagnostics.push(
                        Diagnostic::error("this checklist has no signals")
                            .at_offset(&file.path, &file.source, file.body_offset, 1)
                            .with_hint("write each signal as a task-list item, like `- [ ] Is vaak angstig`, under `## Area` headings"),
                    );
                } else if !page.doc.outline.headings.iter().any(|h| h.level == 2) {
                    diagnostics.push(
                        Diagnostic::warning("this checklist has no `##` areas of observation")
                            .at_offset(&file.path, &file.source, file.body_offset, 1)
                            .with_hint(
                                "group the signals under `## Area` headings, like `## Gedrag van het kind`",
                            ),
                    );
                }
            }
            KindData::Passport(passport) => {
                for required in &passport.required {
                    link(
                        &required.training,
                        &[Key("required"), Index(required.index), Key("training")],
                        Wanted::Kind(Kind::Training, "required training"),
                        &mut diagnostics,
                    );
                }
            }
            KindData::Training(training) => {
                for (n, session) in training.sessions.iter().enumerate() {
                    if let Some(register) = &session.register {
                        let at = [Key("sessions"), Index(n), Key("register")];
                        refused_url(file, &at, register, &mut diagnostics);
                    }
                }
                for (n, deck) in training.decks.iter().enumerate() {
                    let at = [Key("decks"), Index(n)];
                    if let Some(deck) = link(deck, &at, Wanted::Kind(Kind::Slides, "deck"), &mut diagnostics)
                    {
                        found.shown_links.push((NodeId::Page(i), deck));
                    }
                }
            }
            KindData::Product(product) => {
                if let Some(werkplaats) =
                    link(&product.werkplaats, &[Key("werkplaats")], Wanted::AnyPage, &mut diagnostics)
                {
                    found.products_of.entry(werkplaats).or_default().push(i);
                    found.shown_links.push((NodeId::Page(i), werkplaats));
                    found.shown_links.push((werkplaats, NodeId::Page(i)));
                }
                for (n, training) in product.trainings.iter().enumerate() {
                    let at = [Key("trainings"), Index(n)];
                    if let Some(t) =
                        link(training, &at, Wanted::Kind(Kind::Training, "training"), &mut diagnostics)
                    {
                        found.shown_links.push((NodeId::Page(i), t));
                    }
                }
                for download in &product.files {
                    let rel = super::resolve::normalize(dir, &download.file);
                    match rel.as_deref().and_then(|rel| files.get(rel)) {
                        Some(path) => {
                            map.insert(download.file.clone(), format!("{base}/{path}"));
                        }
                        None => diagnostics.push(file.at_front_text(
                            &[Key("files"), Index(download.index), Key("file")],
                            Diagnostic::error(format!("the file `{}` does not exist", download.file))
                                .with_hint("put the file beside the page's markdown file; its path is relative to that folder"),
                        )),
                    }
                }
                if file.front.date.is_none() {
                    diagnostics.push(
                        file.at_front(
                            &[Key("kind")],
                            SpanPart::Key,
                            Diagnostic::error("a product needs a `date`")
                                .with_hint("add the date it was delivered, like `date = 2026-06-01`"),
                        ),
                    );
                }
            }
            KindData::Slides(deck) => {
                let body = file.body();
                for problem in slides::split(body, deck.split_at_headings).problems {
                    let (d, at) = match problem {
                        SlideProblem::UnknownLayout { name, at } => (
                            Diagnostic::error(format!("unknown slide layout `{name}`"))
                                .with_hint(unknown_name_hint(&name, slides::LAYOUTS, "layouts")),
                            at,
                        ),
                        SlideProblem::HeadingUnderline { at } => (
                            Diagnostic::warning(
                                "this `---` makes the line above it a heading, not a new slide",
                            )
                            .with_hint("leave an empty line above `---` to start a new slide"),
                            at,
                        ),
                    };
                    let offset = file.body_offset + at.start;
                    diagnostics.push(d.at_offset(&file.path, &file.source, offset, at.len()));
                }
            }
            KindData::Decision(decision) => {
                // Outcome links resolve as the same link would in the page's markdown.
                for (outcome, link) in
                    decision.outcomes.iter().flat_map(|o| o.links.iter().map(move |l| (o, l)))
                {
                    let at =
                        [Key("outcomes"), Index(outcome.index), Key("links"), Index(link.index), Key("url")];
                    if refused_url(file, &at, &link.url, &mut diagnostics) {
                        continue;
                    }
                    match lib.link_table.resolve(dir, &link.url) {
                        Some(Ok(found)) => {
                            map.insert(link.url.clone(), format!("{base}{}", lib.link_table.path_of(&found)));
                        }
                        Some(Err(LinkProblem::Unreadable)) | None => {}
                        Some(Err(problem)) => {
                            let (message, hint) = problem.explain(&link.url);
                            let d = match config.site.links.internal {
                                LinkSeverity::Error => Diagnostic::error(message),
                                LinkSeverity::Warning => Diagnostic::warning(message),
                            };
                            let at = [
                                Key("outcomes"),
                                Index(outcome.index),
                                Key("links"),
                                Index(link.index),
                                Key("url"),
                            ];
                            diagnostics.push(file.at_front_text(&at, d.with_hint(hint)));
                        }
                    }
                }
            }
            KindData::None => {}
        }
        if !map.is_empty() {
            found.front_links.push((NodeId::Page(i), map));
        }
    }
    (found, diagnostics)
}

/// Whether the front-matter URL `url` at key path `at` has a scheme kennisbank refuses
/// (`javascript:`, `data:`); if so, an error at that place.
fn refused_url(file: &ContentFile, at: &[KeyStep], url: &str, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let Some(scheme) = kb_core::url_scheme::refused_scheme(url) else { return false };
    let (message, hint) = kb_core::url_scheme::problem(url, &scheme);
    diagnostics.push(file.at_front_text(at, Diagnostic::error(message).with_hint(hint)));
    true
}

/// What a front-matter link must lead to.
#[derive(Clone, Copy)]
enum Wanted {
    AnyPage,
    /// A page of this kind; the words name it in messages (`required training`).
    Kind(Kind, &'static str),
}

/// Resolves the front-matter link `written`, which is at key path `at` of `file`; a problem is
/// an error at that place.
fn front_link(
    lib: &Library,
    dir: &str,
    (file, at): (&ContentFile, &[KeyStep]),
    written: &str,
    wanted: Wanted,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Resolved> {
    let problem = match (lib.link_table.resolve(dir, written), wanted) {
        (Some(Ok(found)), Wanted::Kind(kind, _))
            if lib.doc(found.node).kind() != kind || !matches!(found.node, NodeId::Page(_)) =>
        {
            Diagnostic::error(format!("`{written}` is not a {}", singular(kind)))
                .with_hint(format!("only pages with `kind = \"{kind}\"` fit here"))
        }
        (Some(Ok(found)), _) => return Some(found),
        (Some(Err(LinkProblem::Unreadable)), _) => return None,
        (Some(Err(LinkProblem::NoPage { .. })) | None, Wanted::Kind(kind, words)) => {
            Diagnostic::error(format!("the {words} `{written}` does not exist")).with_hint({
                let paths = paths_of_kind(lib, kind);
                let known: Vec<&str> = paths.iter().map(String::as_str).collect();
                unknown_name_hint(written, &known, plural(kind))
            })
        }
        (None, Wanted::AnyPage) => Diagnostic::error(format!("`{written}` is no link to a page")).with_hint(
            "write `@/` followed by the path from the content folder, like `@/over-ons/contact.md`",
        ),
        (Some(Err(problem)), _) => {
            let (message, hint) = problem.explain(written);
            Diagnostic::error(message).with_hint(hint)
        }
    };
    diagnostics.push(file.at_front_text(at, problem));
    None
}

fn singular(kind: Kind) -> &'static str {
    match kind {
        Kind::Slides => "slide deck",
        other => other.as_str(),
    }
}

fn plural(kind: Kind) -> &'static str {
    match kind {
        Kind::Training => "trainings",
        Kind::Slides => "decks",
        _ => "pages",
    }
}

fn paths_of_kind(lib: &Library, kind: Kind) -> Vec<String> {
    let mut paths: Vec<String> =
        lib.pages.iter().filter(|p| p.doc.kind() == kind).map(|p| format!("@/{}", p.doc.rel())).collect();
    paths.sort();
    paths
}
