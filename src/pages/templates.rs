//! Loading tera templates: the theme's, overridden file by file from the site's `templates/`,
//! with the `asset()`, `url()`, `load_data()`, `chart()`, `t()`, `resize_image()` and
//! `get_image_metadata()` functions. Template errors
//! name the template and line.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Tera, Value};

use crate::load::theme::ThemeFile;
use kb_core::diagnostics::{Diagnostic, unknown_name_hint};

/// Template name -> the file it came from, for error messages.
pub type Sources = BTreeMap<String, PathBuf>;

/// What the template functions answer from.
pub struct FunctionData {
    /// Plain static path -> hashed URL.
    pub asset_urls: Arc<BTreeMap<String, String>>,
    /// The model's link targets: `url(path="@/...")` resolves as a markdown link does.
    pub links: Arc<crate::model::resolve::LinkTable>,
    pub base_path: String,
    pub data: Arc<crate::load::data::DataFiles>,
    /// Interface strings per language, for `t()` and the words of `chart()`.
    pub translations: Arc<crate::load::i18n::Translations>,
    /// The language of `chart()`'s words when a template passes no `lang`.
    pub default_language: String,
    /// `resize_image()` and `get_image_metadata()`.
    pub images: Arc<crate::load::images::ImageFunctions>,
}

/// Template name -> its text, for error messages that quote the line.
pub type Texts = BTreeMap<String, String>;

/// Compiled templates with the digest of the files they were compiled from: `serve` keeps
/// them between updates, since compiling is most of the time it takes to render one page.
pub struct Compiled {
    key: blake3::Hash,
    pub tera: Tera,
    pub sources: Sources,
    pub texts: Texts,
}

/// Compiles the templates (the theme's, with the site's laid over them: a later file of a name
/// wins) with the template functions, keeping them in `cache` and compiling only when the
/// template files differ from the ones in it. The functions are registered anew every time: they
/// answer from this build's model, assets and data.
pub fn load_reusing<'c>(
    templates: &[ThemeFile],
    site_templates: &Path,
    functions: FunctionData,
    cache: &'c mut Option<Compiled>,
) -> Result<&'c Compiled, Vec<Diagnostic>> {
    let mut hasher = blake3::Hasher::new();
    for file in templates {
        let origin = file.origin.to_string_lossy();
        for part in [file.rel.as_bytes(), origin.as_bytes(), &file.bytes] {
            hasher.update(&(part.len() as u64).to_le_bytes()).update(part);
        }
    }
    let key = hasher.finalize();
    if cache.as_ref().is_none_or(|c| c.key != key) {
        *cache = None;
        let (tera, sources, texts) = compile(templates, site_templates)?;
        *cache = Some(Compiled { key, tera, sources, texts });
    }
    let compiled = cache.as_mut().expect("filled above");
    register_functions(&mut compiled.tera, functions);
    Ok(compiled)
}

fn compile(
    templates: &[ThemeFile],
    site_templates: &Path,
) -> Result<(Tera, Sources, Texts), Vec<Diagnostic>> {
    let mut sources: Sources = BTreeMap::new();
    let mut texts: Texts = BTreeMap::new();
    let mut problems = Vec::new();
    for file in templates {
        match std::str::from_utf8(&file.bytes) {
            Ok(text) => {
                texts.insert(file.rel.clone(), text.to_string());
                sources.insert(file.rel.clone(), file.origin.clone());
            }
            Err(_) => problems.push(Diagnostic::error("template is not UTF-8 text").in_file(&file.origin)),
        }
    }
    if !texts.contains_key("base.html") {
        problems.push(
            Diagnostic::error("the theme has no `base.html` template")
                .in_file(site_templates)
                .with_hint("check `theme` in kennisbank.toml: it names a folder under `themes/`"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Escape what HTML needs (`&<>"'`), not `/`: tera's default turns every URL into `&#x2F;`.
    tera.set_escape_fn(kb_core::escape::html);
    let templates: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    if let Err(e) = tera.add_raw_templates(templates) {
        return Err(vec![template_error(&e, &sources, &texts)]);
    }
    Ok((tera, sources, texts))
}

fn register_functions(tera: &mut Tera, functions: FunctionData) {
    let FunctionData { asset_urls, links, base_path, data, translations, default_language, images } =
        functions;
    images.register(tera);
    tera.register_function("t", crate::load::i18n::Translate(Arc::clone(&translations)));
    let chart = crate::load::charts::chart_function(
        Arc::clone(&data),
        base_path.clone(),
        Arc::clone(&translations),
        default_language,
    );
    tera.register_function("chart", chart);
    tera.register_function("load_data", move |args: &HashMap<String, Value>| {
        let path = args
            .get("path")
            .and_then(Value::as_str)
            .ok_or("load_data() needs `path`, like load_data(path=\"gemeenten.toml\")")?;
        data.get(path).cloned().ok_or_else(|| {
            let known: Vec<&str> = data.files.keys().map(String::as_str).collect();
            format!(
                "load_data(): no data file `{path}` in data/; {}",
                unknown_name_hint(path, &known, "data files")
            )
            .into()
        })
    });
    let base = base_path.clone();
    tera.register_function("asset", move |args: &HashMap<String, Value>| {
        let path = args
            .get("path")
            .and_then(Value::as_str)
            .ok_or("asset() needs `path`, like asset(path=\"css/kennisbank.css\")")?;
        let path = path.trim_start_matches('/');
        match asset_urls.get(path) {
            Some(url) => Ok(Value::String(format!("{base}{url}"))),
            None => {
                let known: Vec<&str> = asset_urls.keys().map(String::as_str).collect();
                Err(format!(
                    "asset(): no static file `{path}` in the theme's or the site's static folder; {}",
                    unknown_name_hint(path, &known, "static files")
                )
                .into())
            }
        }
    });
    tera.register_function("url", move |args: &HashMap<String, Value>| {
        let path = args
            .get("path")
            .and_then(Value::as_str)
            .ok_or("url() needs `path`, like url(path=\"@/meldcode/_index.md\")")?;
        if path.starts_with("@/") {
            use crate::model::resolve::LinkProblem;
            return match (links.resolve("", path), args.get("default")) {
                (Some(Ok(found)), _) => Ok(Value::String(format!("{base_path}{}", links.path_of(&found)))),
                // A theme used by many sites links to optional pages with `default=""`.
                (Some(Err(LinkProblem::NoPage { .. })), Some(default)) => Ok(default.clone()),
                (Some(Err(problem)), _) => {
                    let (message, hint) = problem.explain(path);
                    let optional = if matches!(problem, LinkProblem::NoPage { .. }) {
                        " (add `default=\"\"` if the page is optional)"
                    } else {
                        ""
                    };
                    Err(format!("url(): {message}{optional}; {hint}").into())
                }
                (None, _) => Ok(Value::String(path.to_string())),
            };
        }
        if path.starts_with('/') {
            return Ok(Value::String(format!("{base_path}{path}")));
        }
        Ok(Value::String(path.to_string()))
    });
}

/// A tera error as a diagnostic: the template file, and the line when tera names one.
pub fn template_error(
    error: &tera::Error,
    sources: &Sources,
    texts: &BTreeMap<String, String>,
) -> Diagnostic {
    let chain = error_chain(error);
    let name = chain.split(['\'', '"']).nth(1).filter(|n| sources.contains_key(*n)).map(str::to_string);
    let mut d = Diagnostic::error(format!("template error: {}", chain.lines().next().unwrap_or_default()))
        .with_hint(
            chain.lines().skip(1).map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n"),
        );
    if let Some(name) = name {
        let file = &sources[&name];
        let line_col = chain.split("--> ").nth(1).and_then(|rest| {
            let mut it = rest.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty());
            Some((it.next()?.parse::<usize>().ok()?, it.next()?.parse::<usize>().ok()?))
        });
        d = match (line_col, texts.get(&name)) {
            (Some((line, col)), Some(text)) => d.at_line_col(file, text, line, col),
            _ => d.in_file(file),
        };
    }
    d
}

/// tera puts the useful part in the source chain; join it into one readable message.
pub fn error_chain(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(s) = source {
        text.push('\n');
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
