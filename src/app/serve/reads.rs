//! Which documents a template job reads besides its own, for `serve`: when an edit changes
//! what others read of a document (its title, front matter, summary, place in its section)
//! but not the site's shape (see [`super::digest::Cross`]), only the jobs that read that
//! document render again. A title edit on a 10,000-page site then re-renders the page, its
//! section's list and its neighbours, not 10,000 pages.
//!
//! The lists mirror what `crate::pages::views` puts in a job's context (the `site` view is in
//! the shape). A job whose view is put together from more of the site than this module
//! follows (overviews, the A-Z list, print packs, translations, kinds whose front matter links
//! elsewhere) reads [`Reads::All`]: it renders again on any such edit, which is always right.

use std::collections::HashSet;

use super::digest::{Digest, Feed};
use crate::load::content::kinds::KindData;
use crate::model::{Library, NodeId, PageId};
use crate::pages::jobs::Job;

/// The documents a job reads besides its own key's.
pub enum Reads {
    Nodes(Vec<NodeId>),
    /// Any document.
    All,
}

impl Reads {
    /// Whether a document of `changed` is one the job reads.
    pub fn any_of(&self, changed: &HashSet<NodeId>) -> bool {
        match self {
            Reads::All => !changed.is_empty(),
            Reads::Nodes(nodes) => nodes.iter().any(|n| changed.contains(n)),
        }
    }
}

/// What `job` reads of other documents (and of its own: its title and front matter are facts,
/// not part of its docs key). `related` is the related pages per page the job is rendered with.
pub fn of(job: &Job, lib: &Library, related: &[Vec<PageId>]) -> Reads {
    match job {
        Job::Page(i) => page(*i, lib, related),
        Job::Section { section, .. } => {
            let s = lib.section(*section);
            let mut nodes = vec![NodeId::Section(*section)];
            // Breadcrumbs: the parent's chain.
            if let Some(parent) = s.parent {
                nodes.extend(lib.section_chain(parent).into_iter().map(NodeId::Section));
            }
            nodes.extend(s.doc.backlinks.iter().copied());
            nodes.extend(lib.versions(NodeId::Section(*section)));
            nodes.extend(s.pages.iter().map(|p| NodeId::Page(*p)));
            nodes.extend(s.subsections.iter().map(|c| NodeId::Section(*c)));
            Reads::Nodes(nodes)
        }
        // A term's page shows its pages; the counts of the other terms are in its key.
        Job::Term(t, k) => {
            Reads::Nodes(lib.taxonomies[*t].terms[*k].pages.iter().map(|p| NodeId::Page(*p)).collect())
        }
        // Breadcrumbs: the sections whose paths start its path.
        Job::Generated(g) => {
            let path = &lib.generated[*g].path;
            let above = lib.sections_with_ids().filter(|(_, s)| path.starts_with(&s.doc.path));
            Reads::Nodes(above.map(|(i, _)| NodeId::Section(i)).collect())
        }
        // Pages that read no document: the shape covers them.
        Job::Search | Job::SearchIn(_) | Job::NotFound | Job::Redirect(_) => Reads::Nodes(Vec::new()),
        Job::Taxonomy(_)
        | Job::AtoZ
        | Job::Calendar
        | Job::PassportMatrix
        | Job::Translation(_)
        | Job::PrintPack(_) => Reads::All,
    }
}

/// A page's view: its section's chain (breadcrumbs), previous and next, backlinks, related
/// pages, language versions, and the products that name it as their werkplaats.
fn page(i: PageId, lib: &Library, related: &[Vec<PageId>]) -> Reads {
    let page = lib.page(i);
    if page.doc.front().is_some_and(|f| !matches!(f.kind_data, KindData::None | KindData::Checklist(_))) {
        return Reads::All;
    }
    let mut nodes = vec![NodeId::Page(i)];
    nodes.extend(lib.section_chain(page.section).into_iter().map(NodeId::Section));
    nodes.extend(page.previous.into_iter().chain(page.next).map(NodeId::Page));
    nodes.extend(page.doc.backlinks.iter().copied());
    nodes.extend(related.get(i.index()).into_iter().flatten().map(|p| NodeId::Page(*p)));
    nodes.extend(lib.versions(NodeId::Page(i)));
    if let Some(products) = lib.products_of.get(&NodeId::Page(i)) {
        nodes.extend(products.iter().map(|p| NodeId::Page(*p)));
    }
    Reads::Nodes(nodes)
}

/// Per taxonomy, the digest of its terms' page counts, which every term page shows: part of
/// the key of each term job (see [`term_key`]).
pub fn term_counts(lib: &Library) -> Vec<Digest> {
    lib.taxonomies
        .iter()
        .map(|taxonomy| {
            let mut feed = Feed::new("term-counts");
            feed.debug(&taxonomy.terms.iter().map(|t| t.pages.len()).collect::<Vec<_>>());
            feed.finish()
        })
        .collect()
}

/// What a term job reads of the taxonomies that the shape leaves out: its pages in order and
/// the page counts of its taxonomy's terms (`counts`, from [`term_counts`]).
pub fn term_key(feed: &mut Feed, lib: &Library, counts: &[Digest], taxonomy: usize, term: usize) {
    feed.digest(&counts[taxonomy]).debug(&lib.taxonomies[taxonomy].terms[term].pages);
}
