//! The shortcode templates: `templates/shortcodes/<name>.html` or `.md` of the theme and the
//! site (the site's file of a name wins), compiled once by the load stage with the template
//! functions a page body may use (`chart()`, `t()`). Rendering one call checks its arguments
//! against the names the template declares, so a typo is an error at the call, not an empty
//! spot on the page.

use std::collections::BTreeMap;

use serde_json::Value;
use tera::{Context, Tera};

use kb_core::SourceFile;
use kb_core::diagnostics::{Diagnostic, unknown_name_hint};

/// Stands for the body in a template rendered once: what comes before it and after it wraps
/// the body, which stays markdown of the author's file (its links and positions intact).
pub const BODY: &str = "kbshortcodebody0d1f";

/// The compiled shortcode templates; the default value knows none and leaves calls alone.
/// Cheap to clone: the compiled templates are shared, and [`Shortcodes::in_language`] gives
/// the same templates for a page in another language.
#[derive(Debug, Default, Clone)]
pub struct Shortcodes {
    compiled: Option<std::sync::Arc<Compiled>>,
    /// `lang` in a shortcode template: the language of the page being rendered (the site's
    /// default language until [`Shortcodes::in_language`] says otherwise).
    lang: String,
    /// `page` in a shortcode template, as Zola gives it: the page's folder and the files in
    /// it (`page.colocated_path`, `page.assets`); unset outside a page.
    page: Option<std::sync::Arc<Value>>,
}

#[derive(Debug)]
struct Compiled {
    tera: Tera,
    known: BTreeMap<String, Template>,
}

#[derive(Debug)]
struct Template {
    file: String,
    markdown: bool,
    /// From a first line `{# args: data x y title kind? #}`; `?` marks an optional one.
    params: Option<Vec<(String, bool)>>,
}

/// What a call renders to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Inserted as it is.
    Html(String),
    /// Parsed as part of the page's markdown.
    Markdown(String),
}

/// Why a call cannot be rendered: a message and a hint for the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
    pub message: String,
    pub hint: String,
}

impl Shortcodes {
    /// Compiles the `shortcodes/` templates among `templates`; `register` adds the template
    /// functions. A template that does not compile is a diagnostic at its line.
    pub fn new(
        templates: &[SourceFile],
        lang: &str,
        register: impl FnOnce(&mut Tera),
    ) -> Result<Shortcodes, Vec<Diagnostic>> {
        let mut known = BTreeMap::new();
        let mut texts = BTreeMap::new();
        let mut sources = BTreeMap::new();
        for file in templates {
            let Some(stem) = file.rel.strip_prefix("shortcodes/") else { continue };
            let (name, markdown) = match (stem.strip_suffix(".html"), stem.strip_suffix(".md")) {
                (Some(n), _) => (n, false),
                (_, Some(n)) => (n, true),
                _ => continue,
            };
            let Ok(text) = std::str::from_utf8(&file.bytes) else {
                return Err(vec![Diagnostic::error("template is not UTF-8 text").in_file(&file.origin)]);
            };
            known.insert(
                name.to_string(),
                Template { file: file.rel.clone(), markdown, params: declared_params(text) },
            );
            texts.insert(file.rel.clone(), text.to_string());
            sources.insert(file.rel.clone(), file.origin.clone());
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(kb_core::escape::html);
        let raw: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        if let Err(e) = tera.add_raw_templates(raw) {
            let origin = texts.keys().find(|n| causes(&e).contains(n.as_str())).and_then(|n| sources.get(n));
            let d = Diagnostic::error(format!("shortcode template error: {}", causes(&e)));
            return Err(vec![match origin {
                Some(origin) => d.in_file(origin),
                None => d,
            }]);
        }
        // Zola's shortcodes write `{{ body | markdown | safe }}`: here the body is markdown already.
        tera.register_filter("markdown", |v: &Value, _: &std::collections::HashMap<String, Value>| {
            Ok(v.clone())
        });
        register(&mut tera);
        Ok(Shortcodes {
            compiled: Some(std::sync::Arc::new(Compiled { tera, known })),
            lang: lang.to_string(),
            page: None,
        })
    }

    /// The same templates for a page in `lang`: its i18n strings, dates and numbers are in the
    /// page's language, not the site's default.
    pub fn in_language(&self, lang: &str) -> Shortcodes {
        Shortcodes { compiled: self.compiled.clone(), lang: lang.to_string(), page: self.page.clone() }
    }

    /// The same templates for calls on the page `page` describes (its `page` variable).
    pub fn on_page(&self, page: Value) -> Shortcodes {
        Shortcodes { page: Some(std::sync::Arc::new(page)), ..self.clone() }
    }

    /// The language calls are rendered in.
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// Whether `other` expands calls with the very same compiled templates (or neither
    /// expands any): then a body's calls expand the same in both, language aside.
    pub fn same_templates(&self, other: &Shortcodes) -> bool {
        match (&self.compiled, &other.compiled) {
            (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }

    /// Whether calls are expanded at all (not in the load stage's first read of a body).
    pub fn active(&self) -> bool {
        self.compiled.is_some()
    }

    pub fn names(&self) -> Vec<&str> {
        let known = self.compiled.iter().flat_map(|c| c.known.keys().map(String::as_str));
        known.chain(["ref", "relref"]).collect()
    }

    /// Renders one call; `body` is [`BODY`] or the body's text when it has one.
    pub fn render(
        &self,
        name: &str,
        args: &[(String, Value)],
        body: Option<&str>,
    ) -> Result<Output, CallError> {
        if matches!(name, "ref" | "relref") {
            return reference(args);
        }
        let compiled = self.compiled.as_deref();
        let (Some(tera), Some(template)) =
            (compiled.map(|c| &c.tera), compiled.and_then(|c| c.known.get(name)))
        else {
            let names = self.names();
            return Err(CallError {
                message: format!("unknown shortcode `{name}`"),
                hint: format!(
                    "{}; a new one is a template templates/shortcodes/{name}.html (or .md)",
                    unknown_name_hint(name, &names, "shortcodes")
                ),
            });
        };
        if let Some(params) = &template.params {
            check_args(name, args, params)?;
        }
        let mut context = Context::new();
        context.insert("lang", &self.lang);
        if let Some(page) = &self.page {
            context.insert("page", page.as_ref());
        }
        for (key, value) in args {
            context.insert(key.as_str(), value);
        }
        if let Some(body) = body {
            context.insert("body", body);
        }
        let out = tera.render(&template.file, &context).map_err(|e| {
            let hint = causes(&e);
            if body.is_none() && hint.contains("Variable `body` not found") {
                // A call whose closing tag is missing reaches here as a call without a body.
                return CallError {
                    message: format!("the shortcode `{name}` takes a body, and this call has none"),
                    hint: format!(
                        "close it after its body: `{{{{< {name} >}}}}` ... `{{{{< /{name} >}}}}`, or \
                         `{{% {name}() %}}` ... `{{% end %}}`"
                    ),
                };
            }
            CallError { message: format!("shortcode `{name}` cannot be rendered"), hint }
        })?;
        Ok(if template.markdown { Output::Markdown(out) } else { Output::Html(out) })
    }
}

/// tera keeps the useful part of an error in its sources: all of them on one line.
fn causes(error: &tera::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// `{# args: data x y title? #}` on the template's first line.
fn declared_params(text: &str) -> Option<Vec<(String, bool)>> {
    let first = text.trim_start().strip_prefix("{#")?;
    let inner = first.split("#}").next()?.trim().strip_prefix("args:")?;
    Some(
        inner
            .split_whitespace()
            .map(|p| match p.strip_suffix('?') {
                Some(p) => (p.to_string(), false),
                None => (p.to_string(), true),
            })
            .collect(),
    )
}

fn check_args(name: &str, args: &[(String, Value)], params: &[(String, bool)]) -> Result<(), CallError> {
    let known: Vec<&str> = params.iter().map(|(p, _)| p.as_str()).collect();
    let usage = || {
        params
            .iter()
            .map(|(p, required)| if *required { format!("{p}=...") } else { format!("[{p}=...]") })
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (key, _) in args {
        if !known.contains(&key.as_str()) {
            return Err(CallError {
                message: format!("shortcode `{name}` has no argument `{key}`"),
                hint: format!("{}; `{name}` takes {}", unknown_name_hint(key, &known, "arguments"), usage()),
            });
        }
    }
    for (param, required) in params {
        if *required && !args.iter().any(|(k, _)| k == param) {
            return Err(CallError {
                message: format!("shortcode `{name}` needs the argument `{param}`"),
                hint: format!("`{name}` takes {}", usage()),
            });
        }
    }
    Ok(())
}

/// Hugo's `ref` / `relref`: the page's path as a link destination, so the one link resolver
/// finds it (and reports it when it does not exist). `/docs/a` is from the content folder,
/// `a.md` from the page's own folder.
fn reference(args: &[(String, Value)]) -> Result<Output, CallError> {
    let path = args.iter().find(|(k, _)| k == "_0" || k == "path").and_then(|(_, v)| v.as_str()).ok_or_else(
        || CallError {
            message: "`ref` needs the page it links to".into(),
            hint: "write it like {{< ref \"/docs/pagina.md\" >}}".into(),
        },
    )?;
    let (path, anchor) = match path.split_once('#') {
        Some((p, a)) => (p, format!("#{a}")),
        None => (path, String::new()),
    };
    if path.is_empty() {
        return Ok(Output::Markdown(anchor));
    }
    let with_md =
        if path.ends_with(".md") || path.ends_with('/') { path.to_string() } else { format!("{path}.md") };
    let dest = match with_md.strip_prefix('/') {
        Some(rooted) => format!("@/{rooted}"),
        None => with_md,
    };
    Ok(Output::Markdown(format!("{dest}{anchor}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(rel: &str, text: &str) -> SourceFile {
        SourceFile { rel: rel.into(), bytes: text.as_bytes().to_vec(), origin: PathBuf::from(rel) }
    }

    fn shortcodes() -> Shortcodes {
        Shortcodes::new(
            &[
                file("shortcodes/melding.html", "{# args: soort tekst? #}<b>{{ soort }}</b>{{ body }}"),
                file("shortcodes/opsomming.md", "- {{ a }}"),
                file("page.html", "niet"),
            ],
            "nl",
            |_| {},
        )
        .unwrap()
    }

    #[test]
    fn calls_render_their_template() {
        let s = shortcodes();
        let args = vec![("soort".to_string(), Value::from("<tip>"))];
        assert_eq!(
            s.render("melding", &args, Some(BODY)),
            Ok(Output::Html(format!("<b>&lt;tip&gt;</b>{BODY}")))
        );
        let args = vec![("a".to_string(), Value::from(1))];
        assert_eq!(s.render("opsomming", &args, None), Ok(Output::Markdown("- 1".into())));
    }

    #[test]
    fn unknown_names_and_arguments_are_errors_with_hints() {
        let s = shortcodes();
        let e = s.render("meldng", &[], None).unwrap_err();
        assert!(e.hint.contains("did you mean `melding`?") && e.hint.contains("opsomming"), "{e:?}");
        let e = s.render("melding", &[("sort".into(), Value::from("x"))], None).unwrap_err();
        assert_eq!(e.message, "shortcode `melding` has no argument `sort`");
        assert!(e.hint.starts_with("did you mean `soort`?"), "{e:?}");
        let e = s.render("melding", &[], None).unwrap_err();
        assert_eq!(e.message, "shortcode `melding` needs the argument `soort`");
    }

    #[test]
    fn references_become_link_destinations() {
        let r = |p: &str| reference(&[("_0".into(), Value::from(p))]);
        assert_eq!(r("/docs/a"), Ok(Output::Markdown("@/docs/a.md".into())));
        assert_eq!(r("b.md#kop"), Ok(Output::Markdown("b.md#kop".into())));
        assert_eq!(r("/docs/"), Ok(Output::Markdown("@/docs/".into())));
    }
}
