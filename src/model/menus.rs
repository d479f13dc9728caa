//! The menus of `kennisbank.toml`: each `@/` item resolves like a link in markdown, and one
//! that leads nowhere is an error at its place in the config (it would otherwise be a dead
//! link in the header of every page).

use super::Library;
use super::resolve::LinkProblem;
use crate::load::config::Config;
use crate::load::config::KeyStep::{Index, Key};
use kb_core::diagnostics::Diagnostic;

pub fn check(config: &Config, lib: &Library) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (name, items) in &config.site.menus {
        for (i, item) in items.iter().enumerate() {
            if !item.url.starts_with("@/") {
                continue;
            }
            match lib.link_table.resolve("", &item.url) {
                Some(Ok(_)) | Some(Err(LinkProblem::Unreadable)) | None => {}
                Some(Err(problem)) => {
                    let (message, hint) = problem.explain(&item.url);
                    let d = Diagnostic::error(format!("menu `{name}`: {message}")).with_hint(hint);
                    problems.push(config.at(&[Key("menus"), Key(name), Index(i), Key("url")], d));
                }
            }
        }
    }
    problems
}
