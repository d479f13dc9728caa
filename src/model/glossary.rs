//! The glossary (begrippenlijst): terms from `## Term (ABBR)` headings of glossary pages, with
//! their abbreviations. Other pages link the first use of an abbreviation to its entry, and
//! search uses the terms as synonyms.

use std::collections::HashMap;

use serde::Serialize;

use super::Library;
use kb_markdown::Abbreviation;

#[derive(Debug, Clone, Serialize)]
pub struct GlossaryEntry {
    pub term: String,
    pub abbreviation: Option<String>,
    /// Root-relative path of the entry (page path plus `#anchor`), without the base path.
    pub path: String,
}

/// Each entry's term and abbreviation: what search takes the glossary's synonyms from.
pub fn terms(entries: &[GlossaryEntry]) -> impl Iterator<Item = (&str, Option<&str>)> {
    entries.iter().map(|e| (e.term.as_str(), e.abbreviation.as_deref()))
}

pub fn collect(lib: &Library) -> Vec<GlossaryEntry> {
    let mut entries = Vec::new();
    for page in &lib.pages {
        if page.doc.front().and_then(|f| f.kind.as_deref()) != Some("glossary") {
            continue;
        }
        for heading in page.doc.outline.headings.iter().filter(|h| h.level == 2) {
            let (term, abbreviation) = split_term(&heading.title);
            entries.push(GlossaryEntry {
                term,
                abbreviation,
                path: format!("{}#{}", page.doc.path, heading.id),
            });
        }
    }
    entries.sort_by_key(|e| e.term.to_lowercase());
    entries
}

/// `Tijdelijk huisverbod (THV)` -> (`Tijdelijk huisverbod`, `THV`). Only something that looks
/// like an abbreviation counts: short, no spaces, at least two capitals.
pub fn split_term(title: &str) -> (String, Option<String>) {
    if let Some(open) = title.rfind(" (")
        && title.ends_with(')')
    {
        let inner = &title[open + 2..title.len() - 1];
        let capitals = inner.chars().filter(char::is_ascii_uppercase).count();
        if !inner.contains(' ') && inner.len() <= 10 && capitals >= 2 {
            return (title[..open].trim().to_string(), Some(inner.to_string()));
        }
    }
    (title.trim().to_string(), None)
}

/// Abbreviation -> entry, for the renderer.
pub fn abbreviations(entries: &[GlossaryEntry], base_path: &str) -> HashMap<String, Abbreviation> {
    entries
        .iter()
        .filter_map(|e| {
            let abbr = e.abbreviation.clone()?;
            Some((abbr, Abbreviation { title: e.term.clone(), href: format!("{base_path}{}", e.path) }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::split_term;

    #[test]
    fn abbreviations_are_recognised() {
        assert_eq!(
            split_term("Tijdelijk huisverbod (THV)"),
            ("Tijdelijk huisverbod".into(), Some("THV".into()))
        );
        assert_eq!(split_term("Multidisciplinaire aanpak (MDA++)").1.as_deref(), Some("MDA++"));
        assert_eq!(split_term("Meldcode (verplicht)").1, None);
        assert_eq!(split_term("Pleger").1, None);
    }
}
