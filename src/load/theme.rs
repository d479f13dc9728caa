//! Where a theme's files come from: `themes/<name>/` in the site, or, for the `default` theme
//! when the site has no copy of its own, the copy compiled into the binary. So a site made by
//! `kennisbank init`, or a Zola or Hugo site, builds without copying a theme first.
//!
//! A theme has three folders: `templates/`, `static/` and `i18n/` (its interface strings per
//! language). The load stage reads all of it once, with the site's own `templates/` and
//! `static/` laid over it, into a [`Theme`] value; nothing later reads theme files from disk.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::load::config::Config;
use crate::load::i18n::Translations;
use kb_core::diagnostics::{Diagnostic, unknown_name_hint};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A template, static or interface-string file of the theme or the site.
pub type ThemeFile = kb_core::SourceFile;

/// The theme as the build uses it, read once by the load stage: templates and static files
/// with the site's own files laid over the theme's, and the checked interface strings.
#[derive(Debug, Default)]
pub struct Theme {
    /// The theme's templates, then the site's `templates/`: a later file of a name wins.
    pub templates: Vec<ThemeFile>,
    /// The theme's static files, then the site's `static/`: a later file of a path wins.
    pub statics: Vec<ThemeFile>,
    /// Interface strings per language, for `t()` and the words markdown adds.
    pub strings: Translations,
    /// `css/syntax.css`: the colours of highlighted code, in the config's highlight theme
    /// with a dark companion.
    pub syntax_css: String,
}

/// Dark-mode companion of the configured highlight theme.
const DARK_HIGHLIGHT_THEME: &str = "base16-ocean.dark";

/// Reads the theme, the site's templates and static files, and the interface strings.
/// Problems are returned with whatever could be read, so the build reports them all.
pub fn load(config: &Config) -> (Theme, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut theme = Theme::default();
    match theme_files(config) {
        Ok((templates, statics)) => {
            theme.templates = templates;
            theme.statics = statics;
        }
        Err(d) => problems.push(d),
    }
    for (dir, files) in
        [(&config.templates_dir, &mut theme.templates), (&config.static_dir, &mut theme.statics)]
    {
        match read_dir(dir) {
            Ok(site_files) => files.extend(site_files),
            Err(d) => problems.push(d),
        }
    }
    let (strings, found) = crate::load::i18n::load(config);
    theme.strings = strings;
    problems.extend(found);
    // An unknown theme is an error of the config (`Config::read`): no stylesheet then.
    let highlight_theme = &config.site.markdown.highlight_theme;
    theme.syntax_css =
        kb_markdown::highlight::stylesheet(highlight_theme, DARK_HIGHLIGHT_THEME).unwrap_or_default();
    (theme, problems)
}

type TemplatesAndStatics = (Vec<ThemeFile>, Vec<ThemeFile>);

/// The theme's own templates (without the site's): for `kennisbank theme copy` and the
/// check that a site's copy of one has not fallen behind.
pub fn theme_templates(config: &Config) -> Result<Vec<ThemeFile>, Diagnostic> {
    theme_files(config).map(|(templates, _)| templates)
}

fn theme_files(config: &Config) -> Result<TemplatesAndStatics, Diagnostic> {
    if config.theme_dir.is_dir() {
        return Ok((
            read_dir(&config.theme_dir.join("templates"))?,
            read_dir(&config.theme_dir.join("static"))?,
        ));
    }
    if config.site.theme == "default" {
        return Ok((embedded("templates"), embedded("static")));
    }
    Err(config
        .at(
            &[crate::load::config::KeyStep::Key("theme")],
            Diagnostic::error(format!("the theme `{}` does not exist", config.site.theme)),
        )
        .with_hint(format!("put it in {}, or use theme = \"default\"", config.theme_dir.display())))
}

/// The shortcode templates of the theme and the site (`templates/shortcodes/`), compiled with
/// `chart()`, `t()`, `resize_image()` and `get_image_metadata()`. Read after the data files, which `chart()` draws from. A template
/// that does not compile is reported, and the site builds as if there were no shortcodes.
pub fn shortcodes(
    config: &Config,
    theme: &Theme,
    data: &crate::load::data::DataFiles,
) -> (kb_markdown::Shortcodes, Vec<Diagnostic>) {
    let lang = config.site.default_language.clone();
    let strings = std::sync::Arc::new(theme.strings.clone());
    let chart = super::charts::chart_function(
        std::sync::Arc::new(data.clone()),
        config.base_path().to_string(),
        std::sync::Arc::clone(&strings),
        lang.clone(),
    );
    let images = super::images::image_functions(&super::images::ImageDirs::of(config), Default::default());
    let register = |tera: &mut tera::Tera| {
        images.register(tera);
        tera.register_function("t", crate::load::i18n::Translate(strings));
        // A shortcode passes its optional arguments on as "" when the author left them out.
        tera.register_function("chart", move |args: &std::collections::HashMap<String, tera::Value>| {
            let given =
                args.iter().filter(|(_, v)| v.as_str() != Some("")).map(|(k, v)| (k.clone(), v.clone()));
            chart(&given.collect())
        });
    };
    match kb_markdown::Shortcodes::new(&theme.templates, &lang, register) {
        Ok(s) => (s, Vec::new()),
        Err(problems) => (Default::default(), problems),
    }
}

/// Templates of the theme that render something other than a page (a redirect, the frame,
/// macros): a page cannot ask for them, though a site may write its own of the same name.
const NOT_FOR_PAGES: &[&str] = &["base.html", "macros.html", "redirect.html"];

/// Front matter that asks for a template there is not (MkDocs' `template: home.html`): one
/// warning at the `template` line naming the templates there are, and the page falls back
/// to its kind's own template, so a site written for another generator still builds.
pub fn missing_page_templates(
    config: &Config,
    content: &mut crate::load::content::Loaded,
    theme: &Theme,
) -> Vec<Diagnostic> {
    let usable: Vec<&str> = theme
        .templates
        .iter()
        .filter(|t| t.rel.ends_with(".html") && !t.rel.starts_with("shortcodes/"))
        .filter(|t| !NOT_FOR_PAGES.contains(&t.rel.as_str()) || t.origin.starts_with(&config.templates_dir))
        .map(|t| t.rel.as_str())
        .collect();
    let files = content
        .pages
        .iter_mut()
        .map(|p| &mut p.file)
        .chain(content.sections.iter_mut().filter_map(|s| s.index.as_mut()))
        .chain(content.translations.iter_mut().map(|t| &mut t.file));
    let mut problems = Vec::new();
    for file in files {
        let Some(asked) = file.front.template.clone() else { continue };
        if usable.contains(&asked.as_str()) {
            continue;
        }
        let front = &file.source[..file.body_offset];
        let offset = front
            .match_indices("template")
            .map(|(i, _)| i)
            .find(|i| front[..*i].ends_with('\n') && front[i + 8..].trim_start().starts_with([':', '=']))
            .unwrap_or(0);
        problems.push(
            Diagnostic::warning(format!("this page asks for the template `{asked}`, which there is not; it gets its kind's own template"))
                .at_offset(&file.path, &file.source, offset, "template".len())
                .with_hint(format!(
                    "{}; or add `{asked}` to templates/ in the site",
                    unknown_name_hint(&asked, &usable, "templates")
                )),
        );
        file.front.template = None;
    }
    problems
}

/// The theme's translation files (`i18n/<language>.toml`), relative to its `i18n/` folder. A
/// theme that does not exist has none; `load` reports it.
pub fn translation_files(config: &Config) -> Result<Vec<ThemeFile>, Diagnostic> {
    if config.theme_dir.is_dir() {
        return read_dir(&config.theme_dir.join("i18n"));
    }
    if config.site.theme == "default" {
        return Ok(embedded("i18n"));
    }
    Ok(Vec::new())
}

/// The built-in default theme's translation files, whatever theme the site uses.
pub fn builtin_translation_files() -> Vec<ThemeFile> {
    embedded("i18n")
}

/// Writes the built-in default theme into `dir` (for `kennisbank init`).
pub fn write_default_theme(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    DEFAULT_THEME.extract(dir)
}

fn embedded(folder: &str) -> Vec<ThemeFile> {
    let mut files = Vec::new();
    if let Some(dir) = DEFAULT_THEME.get_dir(folder) {
        collect_embedded(dir, folder, &mut files);
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    files
}

fn collect_embedded(dir: &Dir<'static>, prefix: &str, out: &mut Vec<ThemeFile>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        let rel = path.strip_prefix(&format!("{prefix}/")).unwrap_or(&path).to_string();
        out.push(ThemeFile {
            rel,
            bytes: file.contents().to_vec(),
            origin: PathBuf::from("<built-in default theme>").join(&path),
        });
    }
    for sub in dir.dirs() {
        collect_embedded(sub, prefix, out);
    }
}

fn read_dir(dir: &Path) -> Result<Vec<ThemeFile>, Diagnostic> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let entry =
            entry.map_err(|e| Diagnostic::error(format!("cannot read this folder: {e}")).in_file(dir))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let bytes = std::fs::read(entry.path())
            .map_err(|e| Diagnostic::error(format!("cannot read this file: {e}")).in_file(entry.path()))?;
        files.push(ThemeFile { rel, bytes, origin: entry.path().to_path_buf() });
    }
    Ok(files)
}
