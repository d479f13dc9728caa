//! Checks of content kinds that need the whole site: a passport's trainings must exist and be
//! trainings, a decision aid's outcome links must resolve, a checklist must hold signals.

use std::collections::HashMap;

use super::{Library, NodeId};
use crate::config::Config;
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
                    match target(lib, &required.training) {
                        Some(NodeId::Page(t)) if is_training(lib, t) => {
                            map.insert(required.training.clone(), format!("{base}{}", lib.pages[t].doc.path));
                        }
                        Some(_) => diagnostics.push(at_value(
                            file,
                            &required.training,
                            Diagnostic::error(format!("`{}` is not a training", required.training))
                                .with_hint("a passport can only require pages with `kind = \"training\"`"),
                        )),
                        None if lib.unreadable.contains(required.training.trim_start_matches("@/")) => {}
                        None => diagnostics.push(at_value(
                            file,
                            &required.training,
                            Diagnostic::error(format!(
                                "the required training `{}` does not exist",
                                required.training
                            ))
                            .with_hint(format!("known trainings: {}", training_paths(lib).join(", "))),
                        )),
                    }
                }
            }
            KindData::Decision(decision) => {
                for link in decision.outcomes.iter().flat_map(|o| &o.links) {
                    if !link.url.starts_with("@/") {
                        continue;
                    }
                    let (path, anchor) =
                        link.url.split_once('#').map_or((link.url.as_str(), None), |(p, a)| (p, Some(a)));
                    match target(lib, path) {
                        Some(t) => {
                            let mut href = format!("{base}{}", lib.doc(t).path);
                            if let Some(a) = anchor {
                                href = format!("{href}#{a}");
                            }
                            map.insert(link.url.clone(), href);
                        }
                        None => diagnostics.push(at_value(
                            file,
                            &link.url,
                            Diagnostic::error(format!("link to a page that does not exist: `{}`", link.url))
                                .with_hint("write `@/` followed by the path from the content folder"),
                        )),
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

fn target(lib: &Library, link: &str) -> Option<NodeId> {
    lib.by_rel.get(link.strip_prefix("@/").unwrap_or(link)).copied()
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
