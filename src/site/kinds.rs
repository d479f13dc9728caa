//! Checks of content kinds that need the whole site: a passport's trainings must exist and be
//! trainings, a decision aid's outcome links must resolve, a checklist must hold signals.

use std::collections::HashMap;

use super::resolve::LinkProblem;
use super::{Library, NodeId};
use crate::config::{Config, LinkSeverity};
use crate::content::ContentFile;
use crate::content::kinds::KindData;
use crate::diagnostics::Diagnostic;

/// Resolved `@/` URLs from front matter (passports, decision outcomes), per node.
pub type FrontLinks = Vec<(NodeId, HashMap<String, String>)>;

pub fn check(config: &Config, lib: &Library) -> (FrontLinks, Vec<Diagnostic>) {
    let base = config.base_path();
    let mut diagnostics = Vec::new();
    let mut resolved = Vec::new();
    for (i, page) in lib.pages.iter().enumerate() {
        let Some(file) = &page.doc.file else { continue };
        let dir = file.rel.rsplit_once('/').map_or("", |(d, _)| d);
        let mut map = HashMap::new();
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
                    let written = required.training.as_str();
                    match lib.link_table.resolve(dir, written) {
                        Some(Ok(found)) => match found.node {
                            NodeId::Page(t) if is_training(lib, t) => {
                                map.insert(
                                    written.to_string(),
                                    format!("{base}{}", lib.link_table.path_of(&found)),
                                );
                            }
                            _ => diagnostics.push(at_value(
                                file,
                                written,
                                Diagnostic::error(format!("`{written}` is not a training")).with_hint(
                                    "a passport can only require pages with `kind = \"training\"`",
                                ),
                            )),
                        },
                        Some(Err(LinkProblem::Unreadable)) => {}
                        Some(Err(LinkProblem::NoPage { .. })) | None => diagnostics.push(at_value(
                            file,
                            written,
                            Diagnostic::error(format!("the required training `{written}` does not exist"))
                                .with_hint(format!("known trainings: {}", training_paths(lib).join(", "))),
                        )),
                        Some(Err(problem)) => {
                            let (message, hint) = problem.explain(written);
                            diagnostics.push(at_value(
                                file,
                                written,
                                Diagnostic::error(message).with_hint(hint),
                            ));
                        }
                    }
                }
            }
            KindData::Decision(decision) => {
                // Outcome links resolve as the same link would in the page's markdown.
                for link in decision.outcomes.iter().flat_map(|o| &o.links) {
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
                            diagnostics.push(at_value(file, &link.url, d.with_hint(hint)));
                        }
                    }
                }
            }
            KindData::Training(_) | KindData::None => {}
        }
        if !map.is_empty() {
            resolved.push((NodeId::Page(i), map));
        }
    }
    (resolved, diagnostics)
}

fn is_training(lib: &Library, page: usize) -> bool {
    matches!(lib.pages[page].doc.front().map(|f| &f.kind_data), Some(KindData::Training(_)))
}

fn training_paths(lib: &Library) -> Vec<String> {
    let mut paths: Vec<String> = (0..lib.pages.len())
        .filter(|p| is_training(lib, *p))
        .map(|p| format!("@/{}", lib.pages[p].doc.rel()))
        .collect();
    paths.sort();
    paths
}

/// Points at the first place `value` is written in the file's front matter.
fn at_value(file: &ContentFile, value: &str, diagnostic: Diagnostic) -> Diagnostic {
    let front = &file.source[..file.body_offset];
    let offset = front.find(value).unwrap_or(0);
    diagnostic.at_offset(&file.path, &file.source, offset, value.len())
}
