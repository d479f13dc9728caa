//! The authoring editor of `serve`: "Bewerk deze pagina" on every served page opens the page's
//! source in an editor with a live preview (the real page, rendered by the body-edit path),
//! the build's diagnostics at their lines, saving that never loses work, a new page from a
//! kind's description, and publishing with git.
//!
//! - [`guard`]: who may use it (loopback only, `Host`, `Origin`, token);
//! - [`store`]: which files it may write, and writing them safely;
//! - [`publish`]: git commit and push.
//!
//! Every route is under `/__kennisbank/editor/`, beside serve's live reload under the same
//! reserved `/__kennisbank/` prefix.

pub mod fields;
pub mod guard;
pub mod images;
pub mod moving;
pub mod publish;
pub mod store;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use serde::Deserialize;
use serde_json::json;

use super::Shop;
use super::http::{Reply, Request, Response};
use guard::Guard;
use store::{Saved, Versions};

pub const PREFIX: &str = "/__kennisbank/editor/";
const HTML: &str = "text/html; charset=utf-8";
const JSON: &str = "application/json; charset=utf-8";

const PAGE: &str = include_str!("assets/editor.html");
const NEW_PAGE: &str = include_str!("assets/nieuw.html");
const PUBLISH_PAGE: &str = include_str!("assets/publiceer.html");
const SCRIPT: &str = include_str!("assets/editor.js");
const STYLE: &str = include_str!("assets/editor.css");
const LINK_STYLE: &str = include_str!("assets/link.css");

/// The editor's state for one `serve`.
pub struct Editor {
    guard: Guard,
    versions: Mutex<Versions>,
    /// The last preview of each content file, as the preview frame loads it.
    previews: Mutex<HashMap<String, Vec<u8>>>,
}

impl Editor {
    pub fn new(guard: Guard) -> Self {
        Editor { guard, versions: Mutex::default(), previews: Mutex::default() }
    }
}

/// The "Bewerk deze pagina" control for the page made from content file `rel`, put at the end
/// of a served page's body (with its style sheet in the head).
pub fn edit_link(html: &str, rel: &str) -> String {
    let href = format!("{PREFIX}bewerk/{}", escape(rel));
    let style = format!("<link rel=\"stylesheet\" href=\"{PREFIX}link.css\">");
    let link = format!(
        "<div class=\"kb-bewerk\"><a href=\"{href}\">Bewerk deze pagina</a> <a href=\"{PREFIX}nieuw\">Nieuwe pagina</a></div>"
    );
    let html = match html.find("</head>") {
        Some(i) => format!("{}{style}{}", &html[..i], &html[i..]),
        None => html.to_string(),
    };
    match html.rfind("</body>") {
        Some(i) => format!("{}{link}{}", &html[..i], &html[i..]),
        None => format!("{html}{link}"),
    }
}

fn escape(text: &str) -> String {
    let mut out = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

fn json_reply(status: u16, value: serde_json::Value) -> Reply {
    Reply::Full(Response::new(status, JSON, value.to_string()).with_header("Cache-Control", "no-store"))
}

fn refused((status, why): guard::Refusal) -> Reply {
    json_reply(status, json!({ "error": why }))
}

/// The editor's pages: its own CSP (no inline script, nothing from elsewhere), never cached.
fn page(body: String) -> Reply {
    Reply::Full(
        Response::new(200, HTML, body)
            .with_header("Cache-Control", "no-store")
            .with_header(
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'",
            )
            .with_header("X-Content-Type-Options", "nosniff")
            .with_header("Referrer-Policy", "no-referrer"),
    )
}

fn asset(content_type: &str, body: &'static str) -> Reply {
    Reply::Full(
        Response::new(200, content_type, body)
            .with_header("Cache-Control", "no-store")
            .with_header("X-Content-Type-Options", "nosniff"),
    )
}

#[derive(Deserialize)]
struct PreviewRequest {
    rel: String,
    text: String,
}

#[derive(Deserialize)]
struct SaveRequest {
    rel: String,
    base: String,
    text: String,
}

#[derive(Deserialize)]
struct FieldsRequest {
    text: String,
    values: serde_json::Map<String, serde_json::Value>,
}

#[derive(Deserialize)]
struct ImageRequest {
    rel: String,
    file_name: String,
    alt: String,
    #[serde(default)]
    decorative: bool,
    data: String,
}

#[derive(Deserialize)]
struct MoveRequest {
    rel: String,
    to: String,
}

#[derive(Deserialize)]
struct RelRequest {
    rel: String,
}

#[derive(Deserialize)]
struct NewRequest {
    kind: String,
    section: String,
    title: String,
}

#[derive(Deserialize)]
struct PublishRequest {
    message: String,
}

fn body<'a, T: Deserialize<'a>>(request: &'a Request) -> Result<T, Reply> {
    serde_json::from_slice(&request.body)
        .map_err(|_| json_reply(400, json!({ "error": "Het verzoek is niet te lezen." })))
}

/// Answers a request under [`PREFIX`].
pub(super) fn handle(request: &Request, shop: &Shop, editor: &Editor) -> Reply {
    if let Err(why) = editor.guard.reading(request) {
        return refused(why);
    }
    let path = request.target.split(['?', '#']).next().unwrap_or_default();
    let route = &path[PREFIX.len()..];
    let decoded = percent_encoding::percent_decode_str(route).decode_utf8_lossy().into_owned();
    if request.method == "POST" {
        if let Err(why) = editor.guard.writing(request) {
            return refused(why);
        }
        return match route {
            "voorbeeld" => preview(request, shop, editor),
            "opslaan" => save(request, shop, editor),
            "terugzetten" => restore(request, shop, editor),
            "nieuw" => new_page(request, shop),
            "velden" => fields_into_text(request),
            "afbeelding" => add_image(request, shop),
            "verplaats" => move_page(request, shop),
            "publiceer" => publish_now(request, shop),
            _ => json_reply(404, json!({ "error": "Onbekende opdracht." })),
        };
    }
    match route {
        "editor.js" => asset("text/javascript; charset=utf-8", SCRIPT),
        "editor.css" => asset("text/css; charset=utf-8", STYLE),
        "link.css" => asset("text/css; charset=utf-8", LINK_STYLE),
        "soorten.json" => json_reply(
            200,
            serde_json::to_value(crate::load::content::schema::DESCRIPTION).unwrap_or_default(),
        ),
        "nieuw" => page(fill(NEW_PAGE, editor, "", "")),
        "publiceer" => page(fill(PUBLISH_PAGE, editor, "", "")),
        "wijzigingen" => {
            json_reply(200, serde_json::to_value(publish::pending(&shop.root)).unwrap_or_default())
        }
        _ => {
            if let Some(rel) = decoded.strip_prefix("bewerk/") {
                // The page only needs the file to be there: its script reads the text (`bron/`).
                return match content_file(shop, rel) {
                    Ok(path) if path.is_file() => {
                        page(fill(PAGE, editor, rel, &url_of(shop, rel).unwrap_or_default()))
                    }
                    Ok(_) => json_reply(404, json!({ "error": "Dit bestand bestaat niet (meer)." })),
                    Err(reply) => reply,
                };
            }
            if let Some(rel) = decoded.strip_prefix("bron/") {
                return match source(shop, rel) {
                    Ok((path, text)) => {
                        let previous = editor.versions.lock().is_ok_and(|v| v.has_previous(&path));
                        let (front, format) = front_of(&text);
                        json_reply(
                            200,
                            json!({ "rel": rel, "text": text, "url": url_of(shop, rel), "previous": previous, "front": front, "format": format }),
                        )
                    }
                    Err(reply) => reply,
                };
            }
            if let Some(rel) = decoded.strip_prefix("voorbeeld/") {
                let html = editor.previews.lock().ok().and_then(|p| p.get(rel).cloned());
                return match html {
                    Some(html) => {
                        Reply::Full(Response::new(200, HTML, html).with_header("Cache-Control", "no-store"))
                    }
                    None => Reply::Full(Response::new(404, HTML, "Nog geen voorbeeld.")),
                };
            }
            json_reply(404, json!({ "error": "Deze pagina van de editor bestaat niet." }))
        }
    }
}

/// The editor page with the token and the file filled in.
fn fill(template: &str, editor: &Editor, rel: &str, url: &str) -> String {
    template
        .replace("{{token}}", editor.guard.token())
        .replace("{{rel}}", &escape(rel))
        .replace("{{url}}", &escape(url))
}

/// The URL path of the page made from `rel`, from the last good build.
fn url_of(shop: &Shop, rel: &str) -> Option<String> {
    shop.snapshot.read().ok()?.url_of(rel)
}

/// The content file `rel` confined to `content/`, and its text.
fn source(shop: &Shop, rel: &str) -> Result<(std::path::PathBuf, String), Reply> {
    let path = content_file(shop, rel)?;
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok((path, text)),
        Err(_) => Err(json_reply(404, json!({ "error": "Dit bestand bestaat niet (meer)." }))),
    }
}

fn content_file(shop: &Shop, rel: &str) -> Result<std::path::PathBuf, Reply> {
    if !(rel.ends_with(".md") || rel.ends_with(".mdx")) {
        return Err(json_reply(400, json!({ "error": "De editor opent alleen markdown-bestanden (.md)." })));
    }
    store::confine(&shop.root.join("content"), rel).map_err(|why| json_reply(400, json!({ "error": why })))
}

fn preview(request: &Request, shop: &Shop, editor: &Editor) -> Reply {
    let asked: PreviewRequest = match body(request) {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let path = match content_file(shop, &asked.rel) {
        Ok(path) => path,
        Err(reply) => return reply,
    };
    let preview =
        || shop.session.lock().unwrap_or_else(|e| e.into_inner()).preview(&asked.rel, asked.text.clone());
    let mut made = preview();
    if made.is_none() && path.is_file() {
        // A page saved a moment ago (a new page, just made) that the watcher has not rebuilt
        // yet: build it now instead of answering that it does not exist.
        super::rebuild(shop, &format!("{} opened in the editor", asked.rel), std::slice::from_ref(&path));
        made = preview();
    }
    let Some(made) = made else {
        return json_reply(
            409,
            json!({ "error": "Deze pagina is nog niet gebouwd. Sla eerst op; daarna werkt het voorbeeld." }),
        );
    };
    let has_page = made.html.is_some();
    if let (Some(html), Ok(mut previews)) = (made.html, editor.previews.lock()) {
        previews.insert(asked.rel.clone(), html);
    }
    let (front, format) = front_of(&asked.text);
    json_reply(
        200,
        json!({
            "page": has_page,
            "diagnostics": diagnostics_json(&shop.root, &made.diagnostics),
            "front": front,
            "format": format,
        }),
    )
}

/// The diagnostics as the editor shows them: line and column, and the same words as the
/// terminal (the rendered report, without colour).
fn diagnostics_json(root: &Path, diagnostics: &[kb_core::diagnostics::Diagnostic]) -> serde_json::Value {
    diagnostics
        .iter()
        .map(|d| {
            let (line, column) = d.location.as_ref().map_or((0, 0), |l| (l.line, l.column));
            json!({
                "severity": d.severity,
                "line": line,
                "column": column,
                "message": d.message,
                "hint": d.hint,
                "text": d.render(root, false),
            })
        })
        .collect()
}

/// The front matter of `text` as values for the form, and its format (`toml`, `yaml`, `none`).
fn front_of(text: &str) -> (serde_json::Value, &'static str) {
    use crate::load::content::front_matter::{self, Format};
    let file = Path::new("pagina.md");
    let Ok(split) = front_matter::split(file, text) else { return (json!({}), "none") };
    let format = match split.format {
        Format::Toml => "toml",
        Format::Yaml => "yaml",
        Format::None => "none",
    };
    let map = front_matter::parse_map(file, text, &split).unwrap_or_default();
    (serde_json::Value::Object(map), format)
}

/// The form's values written into the text's front matter (nothing is saved: the editor puts
/// the text back in the editor, where the preview and its diagnostics follow).
fn fields_into_text(request: &Request) -> Reply {
    let asked: FieldsRequest = match body(request) {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    match fields::apply(&asked.text, &asked.values) {
        Ok(text) => json_reply(200, json!({ "text": text })),
        Err(why) => json_reply(400, json!({ "error": why })),
    }
}

fn add_image(request: &Request, shop: &Shop) -> Reply {
    let asked: ImageRequest = match body(request) {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    if let Err(reply) = content_file(shop, &asked.rel) {
        return reply;
    }
    let image = images::NewImage {
        rel: &asked.rel,
        file_name: &asked.file_name,
        alt: &asked.alt,
        decorative: asked.decorative,
        data_base64: &asked.data,
    };
    match images::add(&shop.root, &image) {
        Ok(markdown) => json_reply(200, json!({ "markdown": markdown })),
        Err((why, field)) => json_reply(400, json!({ "error": why, "field": field })),
    }
}

fn move_page(request: &Request, shop: &Shop) -> Reply {
    let asked: MoveRequest = match body(request) {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let to = asked.to.trim().trim_start_matches("@/").trim_start_matches('/');
    // The old address without the base path: aliases are written as site paths.
    let base =
        shop.session.lock().unwrap_or_else(|e| e.into_inner()).config().map(|c| c.base_path().to_string());
    let old_url = url_of(shop, &asked.rel)
        .map(|u| u.strip_prefix(base.as_deref().unwrap_or_default()).map(str::to_string).unwrap_or(u));
    match moving::move_page(&shop.root, &asked.rel, to, old_url.as_deref()) {
        Ok(moved) => json_reply(
            200,
            json!({ "rel": to, "edit": format!("{PREFIX}bewerk/{to}"), "relinked": moved.relinked }),
        ),
        Err(why) => json_reply(400, json!({ "error": why, "field": "nieuw-pad" })),
    }
}

fn save(request: &Request, shop: &Shop, editor: &Editor) -> Reply {
    let asked: SaveRequest = match body(request) {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let path = match content_file(shop, &asked.rel) {
        Ok(path) => path,
        Err(reply) => return reply,
    };
    let saved =
        editor.versions.lock().unwrap_or_else(|e| e.into_inner()).save(&path, &asked.base, &asked.text);
    match saved {
        Ok(Saved::Written) => json_reply(200, json!({ "saved": "written", "text": asked.text })),
        Ok(Saved::Merged(text)) => json_reply(200, json!({ "saved": "merged", "text": text })),
        Ok(Saved::Conflict(disk)) => json_reply(409, json!({ "saved": "conflict", "disk": disk })),
        Err(e) => json_reply(
            500,
            json!({ "error": format!("Opslaan lukte niet: {e}. Je tekst staat nog in de editor.") }),
        ),
    }
}

fn restore(request: &Request, shop: &Shop, editor: &Editor) -> Reply {
    let asked: RelRequest = match body(request) {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let path = match content_file(shop, &asked.rel) {
        Ok(path) => path,
        Err(reply) => return reply,
    };
    match editor.versions.lock().unwrap_or_else(|e| e.into_inner()).restore(&path) {
        Ok(Some(text)) => json_reply(200, json!({ "text": text })),
        Ok(None) => json_reply(404, json!({ "error": "Er is geen eerdere versie van deze sessie." })),
        Err(e) => json_reply(500, json!({ "error": format!("Terugzetten lukte niet: {e}.") })),
    }
}

fn new_page(request: &Request, shop: &Shop) -> Reply {
    let asked: NewRequest = match body(request) {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let title = asked.title.trim();
    if title.is_empty() {
        return json_reply(400, json!({ "error": "Geef de pagina een titel.", "field": "titel" }));
    }
    let section = asked.section.trim_matches('/');
    let slug = kb_markdown::slugify(title);
    let rel = if section.is_empty() { format!("{slug}.md") } else { format!("{section}/{slug}.md") };
    let content = shop.root.join("content");
    if let Err(why) = store::confine(&content, &rel) {
        return json_reply(400, json!({ "error": why, "field": "sectie" }));
    }
    let made = crate::app::scaffold::new_page_titled(
        &shop.root,
        &Path::new("content").join(&rel),
        &asked.kind,
        Some(title),
    );
    match made {
        Ok(_) => json_reply(200, json!({ "rel": rel, "edit": format!("{PREFIX}bewerk/{rel}") })),
        Err(e) => json_reply(400, json!({ "error": format!("{e}"), "field": "titel" })),
    }
}

fn publish_now(request: &Request, shop: &Shop) -> Reply {
    let asked: PublishRequest = match body(request) {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let config =
        shop.session.lock().unwrap_or_else(|e| e.into_inner()).config().map(|c| c.site.publish.clone());
    match publish::publish(&shop.root, &asked.message, &config.unwrap_or_default()) {
        Ok(done) => json_reply(200, json!({ "message": done })),
        Err(why) => json_reply(502, json!({ "error": why })),
    }
}
