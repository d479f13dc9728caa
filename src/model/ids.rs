//! Typed ids for the model's three lists: a `PageId` cannot index the sections by mistake, and
//! a signature says which list a number points into. Each id is the position in its
//! `Library` list, fixed once the model is built.

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(usize);

        impl $name {
            /// The id of the item at `index` in its `Library` list; only the model builder (and
            /// code that walks those lists) makes ids.
            pub fn new(index: usize) -> Self {
                Self(index)
            }

            /// The position in its `Library` list.
            pub fn index(self) -> usize {
                self.0
            }
        }
    };
}

id!(
    /// A page: a position in `Library::pages`.
    PageId
);
id!(
    /// A section: a position in `Library::sections`.
    SectionId
);
id!(
    /// A translation of a page or section: a position in `Library::translations`.
    TranslationId
);
