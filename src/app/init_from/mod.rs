//! `kennisbank init NEW --from OLD`: a new site made from a site of another generator.
//!
//! OLD's configuration (MkDocs' `mkdocs.yml`, Docusaurus' `docusaurus.config.*`, Hugo's
//! `hugo.*`/`config.*`, Zola's `config.toml`) is read, never run, into the settings kennisbank
//! has ([`Imported`]); its content and static folders are copied into NEW, whose
//! `kennisbank.toml` is written from those settings. OLD is not changed: the other
//! generator's templates and plugins stay where they work, and the two sites can be compared.
//! The report names every setting that was mapped and every one that was not, at its
//! `file:line`, so nothing is dropped silently.

mod confine;
mod copy;
mod docusaurus;
mod front_edit;
#[cfg(test)]
mod hostile;
mod hugo;
mod js_object;
mod keep_urls;
mod mkdocs;
mod routes;
mod templates;
mod toml_out;
mod tree;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// What was read from the other generator's configuration, in kennisbank's terms.
#[derive(Debug, Default)]
pub struct Imported {
    /// "MkDocs", "Docusaurus", "Hugo" or "Zola".
    pub generator: &'static str,
    /// The configuration file, relative to OLD.
    pub config_file: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub base_url: Option<String>,
    pub default_language: Option<String>,
    /// (code, name) of every language, when the site has more than one.
    pub languages: Vec<(String, String)>,
    pub taxonomies: Vec<String>,
    /// (title, url) of the main menu, in order; `url` may be an `@/` content path.
    pub menu: Vec<(String, String)>,
    /// Folders of OLD copied under `content/` (second: the folder under `content/`, "" for
    /// `content/` itself).
    pub content: Vec<(PathBuf, String)>,
    /// Folders of OLD copied into `static/`.
    pub statics: Vec<PathBuf>,
    pub mapped: Vec<Note>,
    pub unmapped: Vec<Note>,
    /// Advice that is no single key's: the nav order, say.
    pub advice: Vec<String>,
    /// How the old generator made its URLs, to keep each one ([`keep_urls`]).
    pub url_scheme: routes::UrlScheme,
}

/// One setting of the old configuration and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub key: String,
    /// 1-based line in the configuration file; 0 when not known.
    pub line: usize,
    pub what: String,
}

/// The plain text settings of `kennisbank.toml` an import fills in.
#[derive(Debug, Clone, Copy)]
enum Setting {
    Title,
    Description,
    BaseUrl,
    DefaultLanguage,
}

impl Imported {
    /// Sets `setting` to `value`, noting the key and line it came from.
    fn set(&mut self, setting: Setting, value: String, key: &str, line: usize) {
        let (slot, name) = match setting {
            Setting::Title => (&mut self.title, "title"),
            Setting::Description => (&mut self.description, "description"),
            Setting::BaseUrl => (&mut self.base_url, "base_url"),
            Setting::DefaultLanguage => (&mut self.default_language, "default_language"),
        };
        *slot = Some(value);
        self.mapped(key, line, name);
    }

    fn mapped(&mut self, key: &str, line: usize, what: impl Into<String>) {
        self.mapped.push(Note { key: key.into(), line, what: what.into() });
    }

    fn unmapped(&mut self, key: &str, line: usize, why: impl Into<String>) {
        self.unmapped.push(Note { key: key.into(), line, what: why.into() });
    }
}

/// The languages the default theme has interface strings for: any other needs an
/// `i18n/<code>.toml` before it can be a site's language.
const THEME_LANGUAGES: &[&str] = &["nl", "en", "ar"];

/// Reads OLD, creates NEW with its `kennisbank.toml`, `content/` and `static/`, and returns
/// the report to print.
pub fn init_from(new: &Path, old: &Path) -> Result<String> {
    if !old.is_dir() {
        bail!("{} is not a folder: --from takes the folder of the site to import", old.display());
    }
    let config = new.join(crate::load::config::CONFIG_FILE);
    if config.exists() {
        bail!(
            "{} exists already, and kennisbank init never overwrites it\n  hint: to import again, \
             move it away first (mv {} {}.old), or give init a new folder",
            config.display(),
            config.display(),
            config.display()
        );
    }
    if new.exists() && new.read_dir().map(|mut d| d.next().is_some()).unwrap_or(true) {
        bail!(
            "{} is not empty\n  hint: init --from makes a new site beside the old one (it copies the \
             content and leaves {} as it is): give it a folder that does not exist yet",
            new.display(),
            old.display()
        );
    }
    let mut imported = read(old)?;
    settle_languages(&mut imported);
    confine::check(old, &imported)?;
    let written = toml_out::config(&imported, old);
    let (counts, urls, template_notes) = write_new_site(new, |staging| {
        let mut counts = copy::folders(old, staging, &imported)?;
        let (notes, shortcodes) = templates::carry(old, staging, imported.generator)?;
        if shortcodes > 0 {
            counts.push(("shortcodes -> templates/shortcodes/".to_string(), shortcodes));
        }
        let config = staging.join(crate::load::config::CONFIG_FILE);
        std::fs::write(&config, &written).with_context(|| format!("cannot write {}", config.display()))?;
        let urls = keep_urls::keep(staging, &imported)?;
        Ok((counts, urls, notes))
    })?;
    let mut out = report(&imported, old, new, &counts);
    if !template_notes.is_empty() {
        let width = template_notes.iter().map(|n| n.file.len()).max().unwrap_or(0);
        let mut section = String::from(
            "\nTemplates (the default theme renders the pages; shortcodes come along where they can):\n",
        );
        for note in &template_notes {
            section.push_str(&format!("  {:<width$}  {}\n", note.file, note.what));
        }
        let at = out.find("\nNext: ").unwrap_or(out.len());
        out.insert_str(at, &section);
    }
    out.push_str(&url_report(&urls));
    Ok(out)
}

/// Makes NEW in a hidden folder beside it, filled by `fill`, then renamed to NEW: a failed
/// import leaves nothing behind (not the folder, nor the parents it had to create).
fn write_new_site<T>(new: &Path, fill: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
    let absolute = std::path::absolute(new).with_context(|| format!("cannot find {}", new.display()))?;
    let (Some(parent), Some(name)) = (absolute.parent(), absolute.file_name()) else {
        bail!(
            "{} cannot be a new site's folder
  hint: give init a folder name, like `kennisbank`",
            new.display()
        );
    };
    // The topmost parent that is not there yet: removed again if the import fails.
    let missing = parent.ancestors().take_while(|a| !a.exists()).last().map(Path::to_path_buf);
    let staging = parent.join(format!(".{}.kennisbank-init-{}", name.to_string_lossy(), std::process::id()));
    let attempt = (|| {
        std::fs::create_dir_all(&staging).with_context(|| format!("cannot create {}", staging.display()))?;
        let made = fill(&staging)?;
        if absolute.is_dir() {
            // Checked empty above; rename cannot replace a folder everywhere.
            std::fs::remove_dir(&absolute).with_context(|| format!("cannot replace {}", new.display()))?;
        }
        std::fs::rename(&staging, &absolute).with_context(|| format!("cannot create {}", new.display()))?;
        Ok(made)
    })();
    if attempt.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
        if let Some(missing) = missing {
            let _ = std::fs::remove_dir_all(missing);
        }
    }
    attempt
}

/// Detects the generator by its configuration file and reads that file.
fn read(old: &Path) -> Result<Imported> {
    let found = |names: &[&str]| names.iter().map(|n| old.join(n)).find(|p| p.is_file());
    let text = |path: &Path| {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
    };
    let rel = |path: &Path| path.strip_prefix(old).unwrap_or(path).to_string_lossy().replace('\\', "/");
    if let Some(path) = found(&["mkdocs.yml", "mkdocs.yaml"]) {
        return mkdocs::read(&text(&path)?, rel(&path), old);
    }
    let docusaurus = [
        "docusaurus.config.ts",
        "docusaurus.config.js",
        "docusaurus.config.mjs",
        "docusaurus.config.mts",
        "docusaurus.config.cjs",
    ];
    if let Some(path) = found(&docusaurus) {
        return docusaurus::read(&text(&path)?, rel(&path), old);
    }
    let hugo_files = [
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "hugo.json",
        "config.toml",
        "config.yaml",
        "config.yml",
        "config.json",
        "config/_default/hugo.toml",
        "config/_default/config.toml",
    ];
    if let Some(path) = found(&hugo_files) {
        let source = text(&path)?;
        let value = hugo::parse(&path, &source).with_context(|| format!("cannot read {}", path.display()))?;
        // Zola's config.toml has `base_url`; Hugo's has `baseURL`.
        if rel(&path) == "config.toml" && value.get("base_url").is_some() {
            return Ok(hugo::read_zola(&value, rel(&path)));
        }
        return Ok(hugo::read_hugo(&value, rel(&path), old));
    }
    bail!(
        "{} has no configuration of a generator kennisbank can import\n  hint: it looks for mkdocs.yml \
         (MkDocs), docusaurus.config.ts/.js/.mjs (Docusaurus), hugo.toml/.yaml/.json or config.toml/.yaml/.json \
         (Hugo) and config.toml with base_url (Zola)",
        old.display()
    )
}

/// Keeps the languages the theme speaks; another default language is reported with what to do.
fn settle_languages(imported: &mut Imported) {
    if let Some(code) = imported.default_language.take() {
        let short = language_code(&code);
        if THEME_LANGUAGES.contains(&short.as_str()) {
            imported.default_language = Some(short);
        } else {
            imported.advice.push(format!(
                "The site's language `{code}` has no interface strings in the default theme (it has {}): \
                 kennisbank.toml keeps the default, nl. Copy the theme's en.toml to i18n/{short}.toml, \
                 translate it, then set default_language = \"{short}\".",
                THEME_LANGUAGES.join(", ")
            ));
        }
    }
    let default = imported.default_language.clone().unwrap_or_else(|| "nl".into());
    let mut kept = Vec::new();
    for (code, name) in std::mem::take(&mut imported.languages) {
        let short = language_code(&code);
        if THEME_LANGUAGES.contains(&short.as_str()) {
            if !kept.iter().any(|(c, _)| *c == short) {
                kept.push((short, name));
            }
        } else {
            imported.advice.push(format!(
                "The language `{code}` is left out: add i18n/{short}.toml first, then a [[languages]] entry."
            ));
        }
    }
    if kept.len() > 1 || kept.iter().any(|(c, _)| *c != default) {
        if !kept.iter().any(|(c, _)| *c == default) {
            kept.insert(0, (default.clone(), default));
        }
        imported.languages = kept;
    }
}

/// `en-US` / `en_us` -> `en`; `zh-Hans` stays whole (its script matters).
fn language_code(code: &str) -> String {
    let lower = code.trim().replace('_', "-");
    match lower.split_once('-') {
        Some((lang, region)) if region.len() == 2 => lang.to_lowercase(),
        _ => lower.to_lowercase(),
    }
}

/// The text printed after an import: what went where, and what did not.
fn report(imported: &Imported, old: &Path, new: &Path, counts: &[(String, usize)]) -> String {
    let file = &imported.config_file;
    let mut out = format!(
        "Imported {} ({}) into {}.\n",
        old.join(file).display(),
        imported.generator,
        new.join(crate::load::config::CONFIG_FILE).display()
    );
    let place = |note: &Note| {
        if note.line > 0 { format!("{file}:{}", note.line) } else { file.clone() }
    };
    let by_line = |notes: &[Note]| {
        let mut sorted = notes.to_vec();
        sorted.sort_by_key(|n| n.line);
        sorted
    };
    let (mapped, unmapped) = (by_line(&imported.mapped), by_line(&imported.unmapped));
    let width = imported.mapped.iter().chain(&imported.unmapped).map(|n| place(n).len()).max().unwrap_or(0);
    out.push_str("\nMapped:\n");
    for note in &mapped {
        out.push_str(&format!("  {:<width$}  {} -> {}\n", place(note), note.key, note.what));
    }
    if !unmapped.is_empty() {
        out.push_str("\nNot mapped (kennisbank has no such setting, or could not read the value):\n");
        for note in &unmapped {
            out.push_str(&format!("  {:<width$}  {}: {}\n", place(note), note.key, note.what));
        }
    }
    out.push_str("\nCopied:\n");
    for (what, n) in counts {
        out.push_str(&format!("  {what} ({n} files)\n"));
    }
    for advice in &imported.advice {
        out.push_str(&format!("\n{advice}\n"));
    }
    out.push_str(&format!(
        "\nNext: cd {} && kennisbank build   (broken internal links are warnings until `kennisbank check` is clean; see [links] in kennisbank.toml)\n",
        new.display()
    ));
    out
}

/// The URL map applied: every old URL, the page's URL now, and how it was kept.
fn url_report(map: &keep_urls::UrlMap) -> String {
    use keep_urls::Kept;
    let urls = &map.entries;
    if urls.is_empty() {
        return String::new();
    }
    let count = |f: fn(&Kept) -> bool| urls.iter().filter(|u| f(&u.kept)).count();
    let lost = count(|k| matches!(k, Kept::Lost(_)));
    let mut out = format!(
        "\nURLs of the old site ({} pages: {} the same, {} the same by a slug, {} by an alias from the old URL, \
         {lost} not kept), also in {}:\n",
        urls.len(),
        count(|k| *k == Kept::Same),
        count(|k| *k == Kept::Slug),
        count(|k| *k == Kept::Alias),
        keep_urls::OLD_URLS_FILE,
    );
    let width = urls.iter().map(|u| u.old.chars().count()).max().unwrap_or(0).min(60);
    for url in urls {
        let how = match &url.kept {
            Kept::Same => "same".to_string(),
            Kept::Slug => format!("same, slug in content/{}", url.file),
            Kept::Alias => format!("alias in content/{}", url.file),
            Kept::Lost(why) => format!("NOT KEPT: {why}"),
        };
        out.push_str(&format!("  {:<width$}  -> {}  ({how})\n", url.old, url.new));
    }
    for change in &map.changes {
        out.push_str(&format!("  changed: {change}\n"));
    }
    out.push_str(&format!(
        "After `kennisbank build`, `kennisbank check --old-urls {}` confirms that each one leads to a page.\n",
        keep_urls::OLD_URLS_FILE
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_languages_are_the_default_themes_translation_files() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        let mut found: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".toml").map(str::to_string))
            .collect();
        found.sort();
        let mut known: Vec<&str> = THEME_LANGUAGES.to_vec();
        known.sort();
        assert_eq!(found, known);
    }

    #[test]
    fn language_codes_lose_their_region() {
        assert_eq!(language_code("en-US"), "en");
        assert_eq!(language_code("nl_NL"), "nl");
        assert_eq!(language_code("zh-Hans"), "zh-hans");
        assert_eq!(language_code("NL"), "nl");
    }

    #[test]
    fn languages_the_theme_lacks_are_advice_not_settings() {
        let mut imported = Imported {
            default_language: Some("de".into()),
            languages: vec![("de".into(), "Deutsch".into()), ("en-GB".into(), "English".into())],
            ..Imported::default()
        };
        settle_languages(&mut imported);
        assert_eq!(imported.default_language, None);
        assert_eq!(imported.languages, vec![("nl".into(), "nl".into()), ("en".into(), "English".into())]);
        assert!(imported.advice[0].contains("i18n/de.toml"), "{:?}", imported.advice);
    }
}
