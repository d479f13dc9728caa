//! The `slides` kind: a slide deck for voorlichting. Its front matter only says where the body
//! is cut; the cutting itself (`markdown::slides`) reads the body.

use serde_json::{Map, Value};

use super::one_of;
use crate::load::content::front_matter::FieldReader;

/// Where a deck is cut into slides besides its `---` lines: `split = "h2"` adds each `## `.
pub const SPLITS: &[&str] = &["rule", "h2"];

#[derive(Debug, Clone)]
pub struct Slides {
    /// Every top-level `## ` heading starts a slide too.
    pub split_at_headings: bool,
}

pub fn read(r: &mut FieldReader, map: &mut Map<String, Value>) -> Slides {
    let split = r.string(map, "split");
    if let Some(s) = &split {
        one_of(r, "split", s, SPLITS, "split");
    }
    Slides { split_at_headings: split.as_deref() == Some("h2") }
}
