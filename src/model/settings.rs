//! What the config says about the site's own sections, resolved once against the model: the
//! print and offline sections as section ids. An entry that names no section is an error of
//! the model stage, reported with the content's errors, before any page is rendered; the later
//! stages read the ids and never the config's paths.

use super::{Library, SectionId};
use crate::load::config::{Config, KeyStep};
use kb_core::diagnostics::{Diagnostic, unknown_name_hint};

/// The settings derived from the config and the model.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `[print] sections`, in the config's order: each gets a print pack.
    pub print_sections: Vec<SectionId>,
    /// `[offline] sections`, in the config's order: their pages may be stored offline.
    pub offline_sections: Vec<SectionId>,
}

/// Resolves the config's section paths; an unknown one is an error at its line.
pub fn derive(config: &Config, lib: &Library) -> (Settings, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut resolve = |table: &str, list: &[String]| {
        let (found, missing) = sections(config, lib, table, list);
        problems.extend(missing);
        found
    };
    let settings = Settings {
        print_sections: resolve("print", &config.site.print.sections),
        offline_sections: resolve("offline", &config.site.offline.sections),
    };
    (settings, problems)
}

/// The sections of `list` (URL paths, as `[table] sections` writes them), and an error for
/// each path that is not a section of the site.
fn sections(
    config: &Config,
    lib: &Library,
    table: &str,
    list: &[String],
) -> (Vec<SectionId>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for (n, path) in list.iter().enumerate() {
        match lib.sections_with_ids().find(|(_, s)| !s.dir.is_empty() && s.doc.path == *path) {
            Some((s, _)) => found.push(s),
            None => {
                let known: Vec<&str> =
                    lib.sections.iter().filter(|s| !s.dir.is_empty()).map(|s| s.doc.path.as_str()).collect();
                let hint = format!(
                    "{}; write the URL path of a section, with slashes (`/meldcode/`)",
                    unknown_name_hint(path, &known, "sections")
                );
                let message = format!("[{table}] sections: `{path}` is not a section of this site");
                let at = [KeyStep::Key(table), KeyStep::Key("sections"), KeyStep::Index(n)];
                problems.push(config.at(&at, Diagnostic::error(message)).with_hint(hint));
            }
        }
    }
    (found, problems)
}
