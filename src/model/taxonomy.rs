//! Taxonomies: the terms pages name in front matter, each with a list page
//! (`/themas/verwaarlozing/`).

use std::collections::BTreeMap;

use super::Library;
use crate::load::config::Config;
use kb_markdown::slugify;

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    pub title: String,
    pub path: String,
    /// Sorted by slug.
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub path: String,
    /// Newest first, then by title.
    pub pages: Vec<super::PageId>,
}

pub fn collect(config: &Config, lib: &Library) -> Vec<Taxonomy> {
    config
        .site
        .taxonomies
        .iter()
        .map(|tax| {
            let path = format!("/{}/", slugify(&tax.name));
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            for (i, page) in lib.pages_with_ids() {
                let names = page.doc.front().and_then(|f| f.taxonomies.get(&tax.name));
                for name in names.into_iter().flatten() {
                    let slug = slugify(name);
                    if slug.is_empty() {
                        continue;
                    }
                    let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                        name: name.clone(),
                        path: format!("{path}{slug}/"),
                        slug,
                        pages: Vec::new(),
                    });
                    // Pages come in order, so a page naming a term twice is the last one.
                    if term.pages.last() != Some(&i) {
                        term.pages.push(i);
                    }
                }
            }
            let mut terms: Vec<Term> = terms.into_values().collect();
            for term in &mut terms {
                // Newest first, then by title: each title lowered once, not at every comparison.
                term.pages.sort_by_cached_key(|p| {
                    let doc = &lib.page(*p).doc;
                    (std::cmp::Reverse(doc.front().and_then(|f| f.date)), doc.title.to_lowercase())
                });
            }
            Taxonomy {
                name: tax.name.clone(),
                title: tax.title.clone().unwrap_or_else(|| tax.name.clone()),
                path,
                terms,
            }
        })
        .collect()
}
