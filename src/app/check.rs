//! `kennisbank check`: everything a build validates, without writing, plus what only matters to
//! editors: orphan pages, duplicate titles, images without a text alternative, pages past their
//! review date, and the readability of public pages.

use std::collections::HashMap;

use crate::app::build::{BuiltSite, build_site_after};
use crate::app::readability::Syllables;
use crate::load::config::Config;
use crate::model::Library;
use kb_core::diagnostics::{Diagnostic, Diagnostics};

/// Builds in memory and adds the editorial checks. Nothing is written.
pub fn check(config: &Config) -> Diagnostics {
    check_with_old_urls(config, Vec::new(), None)
}

/// [`check`], and with `old_urls` (a list of the old site's URLs, or its sitemap) every old URL
/// that leads nowhere in this site (see [`crate::app::old_urls`]).
/// `earlier`: the problems of the config ([`Config::read`]), reported with the rest.
pub fn check_with_old_urls(
    config: &Config,
    earlier: Vec<Diagnostic>,
    old_urls: Option<&std::path::Path>,
) -> Diagnostics {
    let built: BuiltSite = build_site_after(config, earlier, &|_| {});
    let mut diagnostics = built.diagnostics;
    diagnostics.extend(crate::load::config::organisation::unfilled(config));
    diagnostics.extend(crate::app::theme_copy::drift(config));
    let lib = &built.library;
    if let Some(file) = old_urls {
        match std::fs::read_to_string(file) {
            Ok(text) => diagnostics.extend(crate::app::old_urls::missing(config, lib, file, &text)),
            Err(e) => diagnostics.push(
                Diagnostic::error(format!("cannot read the list of old URLs: {e}")).in_file(file).with_hint(
                    "give --old-urls a text file with one URL a line, or the old site's sitemap.xml",
                ),
            ),
        }
    }
    diagnostics.extend(orphans(lib));
    diagnostics.extend(duplicate_titles(lib));
    diagnostics.extend(images_without_alt(lib));
    diagnostics.extend(overdue_reviews(lib, crate::load::clock::today()));
    diagnostics.extend(readability(config, lib, &built.docs));
    diagnostics.sort();
    diagnostics
}

fn at_start(file: &crate::load::content::ContentFile, d: Diagnostic) -> Diagnostic {
    d.at_offset(&file.path, &file.source, 0, 1)
}

/// Pages no other page links to: only their section's list leads there.
pub fn orphans(lib: &Library) -> Vec<Diagnostic> {
    lib.pages
        .iter()
        .filter(|p| p.doc.backlinks.is_empty())
        .filter_map(|p| {
            let file = p.doc.file.as_ref()?;
            Some(at_start(
                file,
                Diagnostic::warning(format!("orphan page: no other page links to `{}`", file.rel)).with_hint(
                    "readers only find it through the section list or search; link to it from a related page",
                ),
            ))
        })
        .collect()
}

pub fn duplicate_titles(lib: &Library) -> Vec<Diagnostic> {
    let mut by_title: HashMap<String, Vec<&crate::load::content::ContentFile>> = HashMap::new();
    for doc in lib.pages.iter().map(|p| &p.doc).chain(lib.sections.iter().map(|s| &s.doc)) {
        if let Some(file) = &doc.file {
            by_title.entry(doc.title.trim().to_lowercase()).or_default().push(file);
        }
    }
    let mut out = Vec::new();
    for files in by_title.values().filter(|f| f.len() > 1) {
        for file in files {
            let others: Vec<String> =
                files.iter().filter(|o| o.rel != file.rel).map(|o| format!("content/{}", o.rel)).collect();
            out.push(at_start(
                file,
                Diagnostic::warning("two pages have the same title").with_hint(format!(
                    "also used by {}; readers cannot tell them apart in lists and search",
                    others.join(", ")
                )),
            ));
        }
    }
    out
}

/// Images in markdown without a text alternative: a screen reader says nothing, or the file
/// name. A decorative image says so with `{ alt="" }`.
pub fn images_without_alt(lib: &Library) -> Vec<Diagnostic> {
    let docs = lib.pages.iter().map(|p| &p.doc).chain(lib.sections.iter().map(|s| &s.doc));
    let docs = docs.chain(lib.translations.iter().map(|t| &t.doc));
    docs.filter_map(|doc| Some((doc, doc.file.as_ref()?)))
        .flat_map(|(doc, file)| {
            doc.outline.links.iter().filter(|l| l.missing_alt).map(move |link| {
                Diagnostic::error(format!("the image `{}` has no text alternative", link.dest))
                    .at_offset(&file.path, &file.source, file.body_offset + link.offset, link.len)
                    .with_hint(
                        "say what the image shows between the brackets, `![Een kind speelt buiten](foto.jpg)`; \
                         for an image that only decorates, write `![](foto.jpg){ alt=\"\" }`",
                    )
            })
        })
        .collect()
}

pub fn overdue_reviews(lib: &Library, today: jiff::civil::Date) -> Vec<Diagnostic> {
    // A translation shares its original's review date (inherited): when the original is due,
    // so is every translation of it.
    let translations = lib.translations.iter().filter_map(|t| {
        let file = t.doc.file.as_ref()?;
        let review_by = file.front.review_by.filter(|d| *d < today)?;
        Some(at_start(
            file,
            Diagnostic::warning(format!("review date {review_by} of the original has passed")).with_hint(
                format!("check this translation together with content/{}", lib.doc(t.original).rel()),
            ),
        ))
    });
    lib.pages
        .iter()
        .filter_map(|p| {
            let file = p.doc.file.as_ref()?;
            let review_by = file.front.review_by.filter(|d| *d < today)?;
            let owner = file.front.owner.as_deref().unwrap_or("no owner set");
            let offset = file.source.find("review_by").unwrap_or(0);
            Some(
                Diagnostic::warning(format!("review date {review_by} has passed (owner: {owner})"))
                    .at_offset(&file.path, &file.source, offset, "review_by".len())
                    .with_hint("check that the page is still right, then set a new `review_by` date"),
            )
        })
        .chain(translations)
        .collect()
}

pub fn readability(config: &Config, lib: &Library, docs: &crate::docs::Docs) -> Vec<Diagnostic> {
    let Ok(syllables) = Syllables::new() else { return Vec::new() };
    let min = config.site.check.readability_min;
    let mut out = Vec::new();
    for (i, page) in lib.pages.iter().enumerate() {
        let Some(file) = &page.doc.file else { continue };
        if !file.front.audience.iter().any(|a| a == "public") {
            continue;
        }
        let Some(text) = docs.pages.get(i).map(|r| &*r.plain_text) else { continue };
        let Some(score) = syllables.measure(text) else { continue };
        if score.flesch_douma < min {
            out.push(at_start(
                file,
                Diagnostic::warning(format!(
                    "hard to read for a public page: Flesch-Douma {:.0} (aim for {min:.0} or more)",
                    score.flesch_douma
                ))
                .with_hint(format!(
                    "shorten the longest sentence: \"{}\"; and find simpler words for: {}",
                    score.long_sentences.first().map(String::as_str).unwrap_or(""),
                    score.long_words.join(", ")
                )),
            ));
        }
    }
    out
}
