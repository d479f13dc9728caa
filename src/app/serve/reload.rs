//! The load stage for `serve`: what `crate::load` reads, but reusing the last update's work
//! where its inputs did not change (a content file's parse when its bytes are the same, the
//! compiled shortcode templates when templates, strings and data are), so that an edit to one
//! page does not parse a thousand. The highlighter is the session's, made once.

use std::sync::Arc;

use super::digest::{Digest, Feed};
use crate::load::config::Config;
use crate::model::Library;
use kb_core::diagnostics::Diagnostic;
use kb_markdown::{Outlines, Shortcodes};

/// What one load leaves for the next.
#[derive(Default)]
pub struct LoadCache {
    files: crate::load::content::ReadCache,
    /// The compiled shortcode templates and the digest of what they were compiled from.
    shortcodes: Option<(Digest, Arc<Shortcodes>)>,
    outlines: Arc<Outlines>,
}

/// What the load stage read.
pub struct Reloaded {
    pub content: crate::load::content::Loaded,
    /// The digest of what the shortcode templates were compiled from: part of every
    /// document's docs key, since a call renders through them.
    pub shortcodes: Digest,
    pub data: crate::load::data::DataFiles,
    pub theme: crate::load::theme::Theme,
}

/// `crate::load` (but the highlighter), the same values from the same files.
pub fn load(config: &Config, cache: &mut LoadCache) -> (Reloaded, Vec<Diagnostic>) {
    let files = std::mem::take(&mut cache.files);
    let (mut content, mut problems, files) = crate::load::content::load_reusing(config, files);
    cache.files = files;
    let (theme, found) = crate::load::theme::load(config);
    problems.extend(found);
    problems.extend(crate::load::theme::missing_page_templates(config, &mut content, &theme));
    let (data, found) = crate::load::data::load(&config.data_dir);
    problems.extend(found);
    let key = shortcodes_key(config, &theme, &data);
    let shortcodes = match &cache.shortcodes {
        Some((k, compiled)) if *k == key => Arc::clone(compiled),
        _ => {
            let (compiled, found) = crate::load::theme::shortcodes(config, &theme, &data);
            problems.extend(found.iter().cloned());
            let compiled = Arc::new(compiled);
            // Templates that did not compile are reported again on the next update.
            cache.shortcodes = found.is_empty().then(|| (key, Arc::clone(&compiled)));
            compiled
        }
    };
    content.shortcodes = shortcodes;
    content.outlines = Arc::clone(&cache.outlines);
    (Reloaded { content, shortcodes: key, data, theme }, problems)
}

/// Remembers the outlines of the model's documents for the next load (call it once the model
/// has let go of the loaded content).
pub fn remember_outlines(cache: &mut LoadCache, config: &Config, library: &Library) {
    let smart = config.site.markdown.smart_punctuation;
    let default = config.site.default_language.as_str();
    let pages = library.pages.iter().map(|p| (&p.doc, default));
    let sections = library.sections.iter().map(|s| (&s.doc, default));
    let translations = library.translations.iter().map(|t| (&t.doc, t.lang.as_str()));
    let documents = pages
        .chain(sections)
        .chain(translations)
        .filter_map(|(doc, lang)| doc.file.as_ref().map(|f| (f.body(), lang, &doc.outline)));
    let shortcodes = library.shortcodes.in_language(default);
    match Arc::get_mut(&mut cache.outlines) {
        Some(outlines) => outlines.remember(smart, &shortcodes, documents),
        None => {
            let mut outlines = Outlines::default();
            outlines.remember(smart, &shortcodes, documents);
            cache.outlines = Arc::new(outlines);
        }
    }
}

/// What the shortcode templates are compiled from: the templates under `shortcodes/`, the
/// interface strings, the data files (`chart()`), the base path and the default language.
fn shortcodes_key(
    config: &Config,
    theme: &crate::load::theme::Theme,
    data: &crate::load::data::DataFiles,
) -> Digest {
    let mut feed = Feed::new("shortcodes");
    feed.text(&config.site.default_language).text(config.base_path());
    for file in theme.templates.iter().filter(|t| t.rel.starts_with("shortcodes/")) {
        feed.text(&file.rel).bytes(&file.bytes);
    }
    feed.debug(&theme.strings).debug(data);
    feed.finish()
}
