//! Outlines of bodies analysed before, for `serve`: an edit changes one body, and analysing
//! every other one again is most of the model stage on a large site. An outline is a function
//! of the body, the smart-punctuation setting and the shortcode templates (in the page's
//! language), so the remembered ones hold only while the same compiled templates are in use.

use std::collections::{HashMap, HashSet};

use super::{Outline, Shortcodes, analyze};

/// Outlines by body (and language), valid for one set of compiled shortcode templates.
#[derive(Debug, Default)]
pub struct Outlines {
    /// Kept, not only compared: while it lives, no other templates share its address.
    shortcodes: Shortcodes,
    smart: bool,
    known: HashMap<blake3::Hash, Outline>,
}

impl Outlines {
    /// [`analyze`], or a copy of the outline remembered for the same body.
    pub fn analyze(&self, body: &str, smart: bool, shortcodes: &Shortcodes) -> Outline {
        if self.valid_for(smart, shortcodes)
            && let Some(outline) = self.known.get(&key(body, shortcodes.lang()))
        {
            return outline.clone();
        }
        analyze(body, smart, shortcodes)
    }

    /// Remembers the outlines of a build's documents (body, language, outline) and forgets
    /// every other one.
    pub fn remember<'a>(
        &mut self,
        smart: bool,
        shortcodes: &Shortcodes,
        documents: impl Iterator<Item = (&'a str, &'a str, &'a Outline)>,
    ) {
        if !self.valid_for(smart, shortcodes) {
            *self = Outlines { shortcodes: shortcodes.clone(), smart, known: HashMap::new() };
        }
        let mut current = HashSet::new();
        for (body, lang, outline) in documents {
            let key = key(body, lang);
            self.known.entry(key).or_insert_with(|| outline.clone());
            current.insert(key);
        }
        self.known.retain(|key, _| current.contains(key));
    }

    fn valid_for(&self, smart: bool, shortcodes: &Shortcodes) -> bool {
        self.smart == smart && self.shortcodes.same_templates(shortcodes)
    }
}

fn key(body: &str, lang: &str) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    hasher.update(&(lang.len() as u64).to_le_bytes()).update(lang.as_bytes()).update(body.as_bytes());
    hasher.finalize()
}
