//! The old site's own templates: its shortcodes come along, the rest is reported.
//!
//! - Zola's `templates/shortcodes/*.html|md` are Tera, as kennisbank's are: copied into
//!   `templates/shortcodes/` to run as they are (`resize_image`, `get_image_metadata`,
//!   `page.assets` and `page.colocated_path` work as in Zola). A call of a function kennisbank's
//!   shortcodes lack is named in the report.
//! - Hugo's `layouts/shortcodes/*.html` are Go templates, which kennisbank cannot run. One
//!   that shows a page resource resized (`.Resources.Get` with `.Resize`, `.Fit` or `.Fill`),
//!   the usual image shortcode, is written again in Tera with `resize_image()`; every other
//!   is named in the report with what to write instead.
//! - Every other template (page layouts, partials) is named as not used: kennisbank's theme
//!   renders the pages.

use std::path::Path;

use anyhow::{Context, Result};

/// What became of one template of the old site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateNote {
    /// The file, relative to the old site.
    pub file: String,
    pub what: String,
}

/// Functions a shortcode template can call in kennisbank, besides Tera's own.
const SHORTCODE_FUNCTIONS: &[&str] =
    &["resize_image", "get_image_metadata", "chart", "t", "range", "now", "throw", "get_random", "get_env"];

/// Copies or translates the shortcodes of `old` into `new`; notes for every template.
pub fn carry(old: &Path, new: &Path, generator: &str) -> Result<(Vec<TemplateNote>, usize)> {
    let (folder, shortcodes) = match generator {
        "Zola" => ("templates", "templates/shortcodes"),
        "Hugo" => ("layouts", "layouts/shortcodes"),
        _ => return Ok((Vec::new(), 0)),
    };
    let mut notes = Vec::new();
    let mut written = 0;
    let root = old.join(folder);
    if !root.is_dir() {
        return Ok((notes, 0));
    }
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name().follow_links(false) {
        let entry = entry.with_context(|| format!("cannot read {}", root.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(old).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(inside) = rel.strip_prefix(&format!("{shortcodes}/")).filter(|i| !i.contains('/')) else {
            notes.push(TemplateNote {
                file: rel,
                what: "not used: the theme renders the pages (write templates/<kind>.html to change one; \
                       see docs/TEMPLATES.md)"
                    .into(),
            });
            continue;
        };
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let target = new.join("templates/shortcodes");
        let (what, made) = if generator == "Zola" {
            zola_shortcode(&text)
        } else {
            hugo_shortcode(inside.trim_end_matches(".html"), &text)
        };
        if let Some(made) = made {
            std::fs::create_dir_all(&target)
                .with_context(|| format!("cannot create {}", target.display()))?;
            let to = target.join(&name);
            std::fs::write(&to, made).with_context(|| format!("cannot write {}", to.display()))?;
            written += 1;
        }
        notes.push(TemplateNote { file: rel, what });
    }
    Ok((notes, written))
}

/// A Zola shortcode: copied as it is, with the functions it calls that kennisbank lacks named.
fn zola_shortcode(text: &str) -> (String, Option<String>) {
    let missing: Vec<String> =
        called_functions(text).into_iter().filter(|f| !SHORTCODE_FUNCTIONS.contains(&f.as_str())).collect();
    let what = if missing.is_empty() {
        "-> templates/shortcodes/ (Tera: runs as it is)".to_string()
    } else {
        format!(
            "-> templates/shortcodes/, but it calls {}, which kennisbank's shortcodes do not have: \
             a page that uses it is an error until that call is replaced",
            missing.join(", ")
        )
    };
    (what, Some(text.to_string()))
}

/// Names followed by `(` inside `{{ }}` and `{% %}`: the functions a Tera template calls
/// (filters and tests, after `|` or `is`, are not calls of this form).
fn called_functions(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{']) {
        let after = &rest[open + 1..];
        let close = match after.chars().next() {
            Some('{') => after.find("}}"),
            Some('%') => after.find("%}"),
            _ => {
                rest = after;
                continue;
            }
        };
        let Some(close) = close else { break };
        let tag = &after[1..close];
        let bytes = tag.as_bytes();
        for (at, _) in tag.match_indices('(') {
            let start =
                tag[..at].rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
            let name = &tag[start..at];
            let preceded_by = tag[..start].trim_end();
            let is_filter_or_test = preceded_by.ends_with('|') || preceded_by.ends_with(" is");
            let is_macro_call = start > 0 && bytes[start - 1] == b':';
            let keyword = matches!(name, "" | "if" | "and" | "or" | "not" | "in");
            if !is_filter_or_test && !is_macro_call && !keyword && !found.iter().any(|f| f == name) {
                found.push(name.to_string());
            }
        }
        rest = &after[close + 2..];
    }
    found
}

/// A Hugo shortcode: an image shortcode written again in Tera, any other reported.
fn hugo_shortcode(name: &str, text: &str) -> (String, Option<String>) {
    if let Some(image) = HugoImage::read(text) {
        let what = format!(
            "-> templates/shortcodes/{name}.html (written in Tera from the Go template: \
             resize_image(op=\"{}\"{}); check it)",
            image.op,
            image.size_args()
        );
        return (what, Some(image.tera(name)));
    }
    let advice = if text.contains(".Inner") {
        "write it in Tera with {{ body }} for .Inner"
    } else {
        "write it in Tera"
    };
    (
        format!(
            "not used: a Go template, which kennisbank cannot run; {advice} and {{{{ name }}}} for \
             .Get \"name\" (.Get 0 is {{{{ _0 }}}}) as templates/shortcodes/{name}.html; until then a page \
             that calls it is an error"
        ),
        None,
    )
}

/// What a Hugo image shortcode does: which argument names the image, how it is resized.
#[derive(Debug, PartialEq, Eq)]
struct HugoImage {
    /// The argument naming the page resource (`src`, or `_0` for `.Get 0`).
    source: String,
    /// The argument with the text alternative, when there is one.
    alt: Option<String>,
    op: &'static str,
    width: Option<u32>,
    height: Option<u32>,
    format: Option<String>,
    quality: Option<u8>,
}

impl HugoImage {
    fn read(text: &str) -> Option<Self> {
        if !text.contains("Resources.Get") && !text.contains("Resources.GetMatch") {
            return None;
        }
        let (method, spec) = [".Resize", ".Fit", ".Fill"].iter().find_map(|m| {
            let at = text.find(&format!("{m} \""))?;
            let spec = text[at + m.len() + 2..].split('"').next()?;
            Some((*m, spec))
        })?;
        let mut image = HugoImage {
            source: get_argument(text, "Resources.Get").unwrap_or_else(|| "src".into()),
            alt: ["alt", "title", "caption"]
                .iter()
                .find(|a| text.contains(&format!(".Get \"{a}\"")))
                .map(|a| a.to_string()),
            op: "",
            width: None,
            height: None,
            format: None,
            quality: None,
        };
        for part in spec.split_whitespace() {
            if let Some((w, h)) = part.split_once('x') {
                image.width = w.parse().ok();
                image.height = h.parse().ok();
            } else if let Some(q) = part.strip_prefix('q') {
                image.quality = q.parse().ok();
            } else if matches!(part, "webp" | "jpg" | "jpeg" | "png") {
                image.format = Some(part.to_string());
            }
        }
        image.op = match (method, image.width, image.height) {
            (".Resize", Some(_), None) => "fit_width",
            (".Resize", None, Some(_)) => "fit_height",
            (".Resize", Some(_), Some(_)) => "scale",
            (".Fit", Some(_), Some(_)) => "fit",
            (".Fill", Some(_), Some(_)) => "fill",
            _ => return None,
        };
        Some(image)
    }

    fn size_args(&self) -> String {
        let mut args = String::new();
        if let Some(w) = self.width {
            args.push_str(&format!(", width={w}"));
        }
        if let Some(h) = self.height {
            args.push_str(&format!(", height={h}"));
        }
        if let Some(f) = &self.format {
            args.push_str(&format!(", format=\"{f}\""));
        }
        if let Some(q) = self.quality {
            args.push_str(&format!(", quality={q}"));
        }
        args
    }

    fn tera(&self, name: &str) -> String {
        let alt = self.alt.as_deref().map_or_else(|| "\"\"".to_string(), str::to_string);
        let declared = match &self.alt {
            Some(a) => format!("{} {a}?", self.source),
            None => self.source.clone(),
        };
        format!(
            "{{# args: {declared} #}}\n\
             {{# Written by `kennisbank init --from` from Hugo's layouts/shortcodes/{name}.html: the page \
             resource `{source}`, resized as the Go template did. #}}\n\
             {{%- set folder = \"\" -%}}{{%- if page.colocated_path -%}}{{%- set folder = page.colocated_path -%}}{{%- endif -%}}\n\
             {{%- set image = resize_image(path=\"@/\" ~ folder ~ {source}, op=\"{op}\"{args}) -%}}\n\
             <img src=\"{{{{ image.url }}}}\" width=\"{{{{ image.width }}}}\" height=\"{{{{ image.height }}}}\" \
             alt=\"{{{{ {alt} }}}}\">\n",
            source = self.source,
            op = self.op,
            args = self.size_args(),
        )
    }
}

/// The argument a Go template reads for the value it hands to `call`: `.Get "src"` -> `src`,
/// `.Get 0` -> `_0`.
fn get_argument(text: &str, call: &str) -> Option<String> {
    let line = text.lines().find(|l| l.contains(call))?;
    line.match_indices(".Get ").find_map(|(at, _)| {
        let after = &line[at + 5..];
        if let Some(quoted) = after.strip_prefix('"') {
            return quoted.split('"').next().map(str::to_string);
        }
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        (!digits.is_empty()).then(|| format!("_{digits}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_found_and_filters_are_not() {
        let text = "{% set i = resize_image(path=p, width=2) %}{{ get_page(path=x) | safe }}\
                    {{ x | truncate(length=3) }}{% if a is starting_with(\"b\") %}{{ m::n(a=1) }}{% endif %}";
        assert_eq!(called_functions(text), ["resize_image", "get_page"]);
    }

    #[test]
    fn a_hugo_image_shortcode_is_read() {
        let text = "{{ $img := .Page.Resources.Get (.Get \"src\") }}\n{{ $s := $img.Resize \"600x webp q70\" }}\n\
                    <img src=\"{{ $s.RelPermalink }}\" alt=\"{{ .Get \"alt\" }}\">";
        let image = HugoImage::read(text).unwrap();
        assert_eq!((image.op, image.width, image.height), ("fit_width", Some(600), None));
        assert_eq!(
            (image.format.as_deref(), image.quality, image.alt.as_deref()),
            (Some("webp"), Some(70), Some("alt"))
        );
        assert!(
            image
                .tera("img")
                .contains("resize_image(path=\"@/\" ~ folder ~ src, op=\"fit_width\", width=600")
        );
        let fill = "{{ with .Page.Resources.Get (.Get 0) }}{{ with .Fill \"300x200\" }}{{ .RelPermalink }}{{ end }}{{ end }}";
        let image = HugoImage::read(fill).unwrap();
        assert_eq!((image.source.as_str(), image.op), ("_0", "fill"));
        assert!(HugoImage::read("<aside>{{ .Inner }}</aside>").is_none());
    }
}
