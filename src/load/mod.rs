//! Stage 1, load: every input of a build but the config, each read once. Content (front
//! matter, in parallel), data files, the theme (templates, static files, interface strings),
//! the shortcode templates compiled against them, and the syntax highlighter.

pub mod charts;
pub mod clock;
pub mod config;
pub mod content;
pub mod data;
pub mod i18n;
pub mod images;
pub mod theme;
pub mod yaml_nesting;

use config::Config;
use kb_core::diagnostics::Diagnostic;
use kb_markdown::highlight::Highlighter;

/// What the load stage read: every input of a build but the config.
pub struct Loaded {
    pub content: content::Loaded,
    pub data: data::DataFiles,
    pub theme: theme::Theme,
    pub highlighter: Highlighter,
}

/// Stage 1: reads content, data and theme (the highlighter's syntaxes load meanwhile).
pub fn load(config: &Config) -> (Loaded, Vec<Diagnostic>) {
    let highlighter = std::thread::spawn(Highlighter::new);
    let (mut content, mut problems) = content::load(config);
    let (theme, found) = theme::load(config);
    problems.extend(found);
    problems.extend(theme::missing_page_templates(config, &mut content, &theme));
    let (data, found) = data::load(&config.data_dir);
    problems.extend(found);
    let (shortcodes, found) = theme::shortcodes(config, &theme, &data);
    problems.extend(found);
    content.shortcodes = std::sync::Arc::new(shortcodes);
    let highlighter = highlighter.join().unwrap_or_default();
    (Loaded { content, data, theme, highlighter }, problems)
}
