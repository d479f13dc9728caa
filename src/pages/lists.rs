//! Views of the generated list pages: taxonomies, their terms, and the A-Z index.

use serde::Serialize;

use super::views::{PageSummary, Views};

#[derive(Debug, Serialize)]
pub struct TaxonomyView<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub url: String,
    pub terms: Vec<TermSummary<'a>>,
}

#[derive(Debug, Serialize)]
pub struct TermSummary<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub page_count: usize,
}

#[derive(Debug, Serialize)]
pub struct TermView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub pages: Vec<PageSummary<'a>>,
}

#[derive(Debug, Serialize)]
pub struct Letter {
    /// `A`..`Z`, `0-9`, or `#`.
    pub letter: String,
    pub pages: Vec<AtoZEntry>,
}

#[derive(Debug, Serialize)]
pub struct AtoZEntry {
    pub title: String,
    pub url: String,
    pub description: String,
}

pub fn taxonomy<'a>(views: &Views<'a>, t: usize) -> TaxonomyView<'a> {
    let tax = &views.lib.taxonomies[t];
    let terms = tax
        .terms
        .iter()
        .map(|k| TermSummary {
            name: &k.name,
            slug: &k.slug,
            url: views.url(&k.path),
            page_count: k.pages.len(),
        })
        .collect();
    TaxonomyView { name: &tax.name, title: &tax.title, url: views.url(&tax.path), terms }
}

pub fn term<'a>(views: &'a Views<'a>, t: usize, k: usize) -> TermView<'a> {
    let term = &views.lib.taxonomies[t].terms[k];
    TermView {
        name: &term.name,
        slug: &term.slug,
        url: views.url(&term.path),
        pages: term.pages.iter().map(|p| views.summary(*p)).collect(),
    }
}

/// Every page and section but the home page, grouped by first letter.
pub fn a_to_z(views: &Views) -> Vec<Letter> {
    let lib = views.lib;
    let documents = lib
        .pages
        .iter()
        .map(|p| &p.doc)
        .chain(lib.sections.iter().filter(|s| !s.dir.is_empty()).map(|s| &s.doc))
        .map(|doc| {
            let description = doc.front().and_then(|f| f.description.clone()).unwrap_or_default();
            (doc.title.clone(), doc.path.clone(), description)
        });
    let generated = lib.generated.iter().map(|g| (g.title.clone(), g.path.clone(), g.description.clone()));
    let mut entries: Vec<(String, String, AtoZEntry)> = documents
        .chain(generated)
        .map(|(title, path, description)| {
            let key = deunicode::deunicode(&title).to_lowercase();
            (letter_of(&key), key, AtoZEntry { title, url: views.url(&path), description })
        })
        .collect();
    entries.sort_by(|a, b| {
        (&a.0, &a.1, &a.2.title, &a.2.url, &a.2.description).cmp(&(
            &b.0,
            &b.1,
            &b.2.title,
            &b.2.url,
            &b.2.description,
        ))
    });
    let mut letters: Vec<Letter> = Vec::new();
    for (letter, _, entry) in entries {
        match letters.last_mut() {
            Some(l) if l.letter == letter => l.pages.push(entry),
            _ => letters.push(Letter { letter, pages: vec![entry] }),
        }
    }
    letters
}

/// The heading a title is listed under: its first letter or digit, folded to ASCII.
fn letter_of(key: &str) -> String {
    match key.chars().find(|c| c.is_ascii_alphanumeric()) {
        Some(c) if c.is_ascii_digit() => "0-9".to_string(),
        Some(c) => c.to_ascii_uppercase().to_string(),
        None => "#".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::letter_of;

    #[test]
    fn titles_are_listed_under_their_first_letter_or_digit() {
        assert_eq!(letter_of("eergerelateerd geweld"), "E");
        assert_eq!(letter_of("112 bellen"), "0-9");
        assert_eq!(letter_of("'t is fijn"), "T");
        assert_eq!(letter_of("..."), "#");
    }
}
