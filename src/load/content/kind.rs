//! The kind of a page: what it is for, which typed front matter it carries and how the theme
//! shows it. One enum, so the default (`guidance`) and the list of names live in one place.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A handreiking: the default for a page that names no kind.
    #[default]
    Guidance,
    Checklist,
    Decision,
    Training,
    Passport,
    Glossary,
    Page,
    /// A slide deck for voorlichting: one page, split into slides with speaker notes.
    Slides,
    /// What a kenniswerkplaats delivers: a data, knowledge or skills product.
    Product,
}

/// The names front matter may give `kind`, in the order of [`Kind::ALL`].
pub const NAMES: [&str; 9] = {
    let mut names = [""; 9];
    let mut i = 0;
    while i < Kind::ALL.len() {
        names[i] = Kind::ALL[i].as_str();
        i += 1;
    }
    names
};

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Guidance,
        Kind::Checklist,
        Kind::Decision,
        Kind::Training,
        Kind::Passport,
        Kind::Glossary,
        Kind::Page,
        Kind::Slides,
        Kind::Product,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Guidance => "guidance",
            Kind::Checklist => "checklist",
            Kind::Decision => "decision",
            Kind::Training => "training",
            Kind::Passport => "passport",
            Kind::Glossary => "glossary",
            Kind::Page => "page",
            Kind::Slides => "slides",
            Kind::Product => "product",
        }
    }

    /// The theme template a page of this kind is rendered with when its front matter names
    /// none: a deck and a product have their own, every other kind shares `page.html`.
    pub const fn template(self) -> &'static str {
        match self {
            Kind::Slides => "slides.html",
            Kind::Product => "product.html",
            _ => "page.html",
        }
    }

    /// The kind named `name` in front matter; `None` for a name no kind has.
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The kind of front matter's `kind` field: the default where it names none (an unknown
    /// name is reported when the front matter is read).
    pub fn of(name: Option<&str>) -> Kind {
        name.and_then(Kind::parse).unwrap_or_default()
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_the_default_is_guidance() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Kind::of(None), Kind::Guidance);
        assert_eq!(Kind::of(Some("checklist")), Kind::Checklist);
        assert_eq!(Kind::parse("recipe"), None);
    }

    #[test]
    fn the_front_matter_check_knows_every_kind() {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names, super::super::front_matter::KNOWN_KINDS);
    }
}
