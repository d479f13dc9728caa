//! The `product` kind: what a kenniswerkplaats delivers (a data, knowledge or skills product),
//! with its werkplaats, status, downloads and the trainings that use it. Read here, file by
//! file; the links (werkplaats, trainings) and files are checked in the site model, where the
//! other pages are known.

use serde_json::{Map, Value};

use super::{one_of, rows};
use crate::load::config::KeyStep::{Index, Key};
use crate::load::config::SpanPart;
use crate::load::content::front_matter::FieldReader;
use kb_core::diagnostics::Diagnostic;

/// The three kinds of product of the kenniswerkplaatsen, as the werkplaatsen name them.
pub const PRODUCT_TYPES: &[&str] = &["dataproduct", "kennisproduct", "vaardigheidsproduct"];
/// Where a product stands.
pub const PRODUCT_STATUSES: &[&str] = &["in ontwikkeling", "beschikbaar", "vervangen"];

/// Templates see a product through `render::products::ProductView`, which embeds these fields
/// and shows the werkplaats, files and trainings as links: so those are not serialized here.
#[derive(Debug, Clone)]
pub struct Product {
    /// One of [`PRODUCT_TYPES`].
    pub product_type: String,
    /// `@/` path of the werkplaats's page, as written.
    pub werkplaats: String,
    /// One of [`PRODUCT_STATUSES`].
    pub status: String,
    pub files: Vec<ProductFile>,
    /// `@/` paths of the trainings that use the product, as written.
    pub trainings: Vec<String>,
}

/// A download that comes with a product: a file beside the page, relative to its folder.
#[derive(Debug, Clone)]
pub struct ProductFile {
    pub title: String,
    pub file: String,
    /// Its place in `files` as written (`files[index].file`), for error positions.
    pub index: usize,
}

const FILES_EXAMPLE: &str =
    "write each file as\n[[files]]\ntitle = \"Overzicht per gemeente (CSV)\"\nfile = \"overzicht.csv\"";

pub fn read(r: &mut FieldReader, map: &mut Map<String, Value>) -> Option<Product> {
    let product_type = required(r, map, "product_type", "product_type = \"kennisproduct\"");
    let werkplaats =
        required(r, map, "werkplaats", "werkplaats = \"@/over-ons/werkplaatsen/onbegrepen-gedrag.md\"");
    let status = required(r, map, "status", "status = \"beschikbaar\"");
    if let Some(t) = &product_type {
        one_of(r, "product_type", t, PRODUCT_TYPES, "product type");
    }
    if let Some(s) = &status {
        one_of(r, "status", s, PRODUCT_STATUSES, "status");
    }
    let mut files = Vec::new();
    for (n, mut f) in rows(r, map, &[], "files", FILES_EXAMPLE) {
        let at = [Key("files"), Index(n)];
        match (r.string_in(&mut f, &at, "title"), r.string_in(&mut f, &at, "file")) {
            (Some(title), Some(file)) => files.push(ProductFile { title, file, index: n }),
            _ => {
                let d = Diagnostic::error(format!("file {} needs a `title` and a `file`", n + 1))
                    .with_hint(FILES_EXAMPLE);
                let d = r.at(&at, SpanPart::Key, d);
                r.diagnostics.push(d);
            }
        }
    }
    let trainings = r.string_list(map, "trainings");
    Some(Product { product_type: product_type?, werkplaats: werkplaats?, status: status?, files, trainings })
}

/// A field every product needs: an error at the `kind` line when it is missing.
fn required(r: &mut FieldReader, map: &mut Map<String, Value>, key: &str, example: &str) -> Option<String> {
    let value = r.string(map, key);
    if value.is_none() {
        let d = Diagnostic::error(format!("a product needs `{key}`"))
            .with_hint(format!("add `{example}` to the front matter"));
        let d = r.at_key("kind", d);
        r.diagnostics.push(d);
    }
    value
}
