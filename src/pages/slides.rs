//! The view of a slide deck (`page.slides`) and the links to decks from trainings and the
//! training calendar. The slides were cut and rendered in the docs stage; the words around
//! them ("3 van 12") come from the theme's strings in the template.

use serde::Serialize;

use super::views::{LinkView, Views};
use crate::load::content::kinds::Training;
use kb_markdown::slides::RenderedSlide;

/// A deck: its slides in order.
#[derive(Debug, Clone, Serialize)]
pub struct SlidesView {
    /// The number of slides.
    pub count: usize,
    pub slides: Vec<SlideView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SlideView {
    /// 1-based.
    pub number: usize,
    /// `content`, `title`, `two-columns` or `image`.
    pub layout: String,
    /// The slide's content as HTML.
    pub html: String,
    /// The speaker notes as HTML; empty without notes.
    pub notes: String,
}

/// The slides of a deck (a page's or a translation's), or `None` when the docs stage cut none.
pub fn slides_view(deck: &[RenderedSlide]) -> Option<SlidesView> {
    if deck.is_empty() {
        return None;
    }
    let slides: Vec<SlideView> = deck
        .iter()
        .enumerate()
        .map(|(i, s)| SlideView {
            number: i + 1,
            layout: s.layout.clone(),
            html: s.html.clone(),
            notes: s.notes_html.clone(),
        })
        .collect();
    Some(SlidesView { count: slides.len(), slides })
}

/// The decks a training names, with their titles.
pub fn deck_links(views: &Views, page: crate::model::PageId, training: &Training) -> Vec<LinkView> {
    training.decks.iter().filter_map(|written| super::products::front_link(views, page, written)).collect()
}
