//! Views of the kenniswerkplaatsen's products: a product's own page (`page.product`) and the
//! list on its werkplaats's page (`page.products`), from the index the model built.

use serde::Serialize;

use super::views::{LinkView, Views};
use crate::load::content::kinds::KindData;
use crate::load::content::kinds::product::Product;
use crate::model::{NodeId, PageId};

/// A product's own fields (`product_type`: `dataproduct`, `kennisproduct` or
/// `vaardigheidsproduct`; `status`: `in ontwikkeling`, `beschikbaar` or `vervangen`) and its
/// links.
#[derive(Debug, Clone, Serialize)]
pub struct ProductView<'a> {
    pub product_type: &'a str,
    pub status: &'a str,
    /// The date it was delivered (`date` in front matter), `2026-06-01`.
    pub date: Option<String>,
    pub werkplaats: Option<LinkView>,
    /// Downloads: each file's title and URL.
    pub files: Vec<LinkView>,
    /// The trainings that use it.
    pub trainings: Vec<LinkView>,
}

/// One product in its werkplaats's list: its page and the product's own fields.
#[derive(Debug, Clone, Serialize)]
pub struct ProductSummaryView<'a> {
    pub title: String,
    pub url: String,
    pub description: String,
    pub product_type: &'a str,
    pub status: &'a str,
    pub date: Option<String>,
}

/// A link written in page `page`'s front matter, with the title of the page it leads to (the
/// model resolved and checked it).
pub(super) fn front_link(views: &Views, page: PageId, written: &str) -> Option<LinkView> {
    let url = views.lib.page(page).doc.links.get(written)?;
    let id = views.lib.link_target(NodeId::Page(page), written)?;
    Some(LinkView { title: views.lib.doc(id).title.clone(), url: url.clone(), lang: None })
}

pub fn product_view<'a>(views: &Views, page: PageId, p: &'a Product) -> ProductView<'a> {
    let doc = &views.lib.page(page).doc;
    ProductView {
        product_type: &p.product_type,
        status: &p.status,
        date: doc.front().and_then(|f| f.date).map(|d| d.to_string()),
        werkplaats: front_link(views, page, &p.werkplaats),
        files: p
            .files
            .iter()
            .filter_map(|f| {
                Some(LinkView { title: f.title.clone(), url: doc.links.get(&f.file)?.clone(), lang: None })
            })
            .collect(),
        trainings: p.trainings.iter().filter_map(|t| front_link(views, page, t)).collect(),
    }
}

/// The products that name page `page` as their werkplaats, newest first.
pub fn werkplaats_products<'a>(views: &Views<'a>, page: PageId) -> Vec<ProductSummaryView<'a>> {
    let Some(products) = views.lib.products_of.get(&NodeId::Page(page)) else { return Vec::new() };
    let mut list: Vec<ProductSummaryView> = products
        .iter()
        .filter_map(|p| {
            let doc = &views.lib.page(*p).doc;
            let front = doc.front()?;
            let KindData::Product(product) = &front.kind_data else { return None };
            Some(ProductSummaryView {
                title: doc.title.clone(),
                url: views.url(&doc.path),
                description: front.description.clone().unwrap_or_default(),
                product_type: &product.product_type,
                status: &product.status,
                date: front.date.map(|d| d.to_string()),
            })
        })
        .collect();
    list.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    list
}
