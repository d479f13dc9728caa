//! Answers a request from the snapshot: a file of the build (HTML with the live-reload module
//! added), a redirect to a folder's slash, the site's 404 page, the error page of a failed
//! rebuild, or the live-reload script and event stream. Paths that try to leave the site are
//! refused before any lookup; nothing is ever read from disk here.

use std::sync::Arc;

use super::events::{self, EVENTS_PATH, Generation, SCRIPT, SCRIPT_PATH};
use super::http::{Reply, Request, Response};
use super::snapshot::Shared;

const HTML: &str = "text/html; charset=utf-8";

/// With `editing`, each page gets the editor's "Bewerk deze pagina" control.
pub fn handle(request: &Request, snapshot: &Shared, generation: &Arc<Generation>, editing: bool) -> Reply {
    if request.method == "POST" {
        return Reply::Full(Response::new(405, "text/plain; charset=utf-8", "405 Method Not Allowed"));
    }
    let url = request.target.as_str();
    if url == EVENTS_PATH {
        let generation = Arc::clone(generation);
        return Reply::Stream(Box::new(move |stream| events::stream(stream, &generation)));
    }
    if url == SCRIPT_PATH {
        return Reply::Full(Response::new(200, "text/javascript; charset=utf-8", SCRIPT));
    }
    let Some(path) = resolve_path(url) else {
        return Reply::Full(Response::new(400, "text/plain; charset=utf-8", "400 Bad Request"));
    };
    let page_path = path.strip_suffix("index.html").unwrap_or(&path);
    let (files, error, source) = {
        let lock = snapshot.read().unwrap_or_else(|e| e.into_inner());
        let source = if editing { lock.rel_of(page_path) } else { None };
        (Arc::clone(&lock.files), lock.error.clone(), source)
    };
    if let Some((report, pages)) = &error
        && path.ends_with(".html")
        && pages.as_ref().is_none_or(|p| p.contains(page_path))
    {
        return Reply::Full(Response::new(500, HTML, error_page(report)));
    }
    let key = &path[1..];
    let (status, path, bytes) = match files.get(key) {
        Some(bytes) => (200, path.as_str(), Arc::clone(bytes)),
        None if !path.ends_with(".html") && files.contains_key(&format!("{key}/index.html")) => {
            let response = Response::new(301, HTML, Vec::new()).with_header("Location", format!("{url}/"));
            return Reply::Full(response);
        }
        None => match files.get("404.html") {
            Some(bytes) => (404, "/404.html", Arc::clone(bytes)),
            None => (404, "/404.txt", Arc::new(b"404 Not Found".to_vec())),
        },
    };
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let content_type = if mime.type_() == "text" || mime.subtype() == "javascript" || mime.subtype() == "json"
    {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    let body = match (path.ends_with(".html"), source) {
        (true, Some(rel)) if status == 200 => {
            let html = String::from_utf8_lossy(&inject_reload(&bytes)).into_owned();
            super::editor::edit_link(&html, &rel).into_bytes()
        }
        (true, _) => inject_reload(&bytes),
        (false, _) => bytes.to_vec(),
    };
    Reply::Full(
        Response::new(status, &content_type, body)
            .with_header("Cache-Control", "no-store")
            .with_header("X-Content-Type-Options", "nosniff"),
    )
}

/// Maps a request path to a file of the build: `/a/` -> `/a/index.html`; `None` for a path that
/// is malformed or tries to leave the site (answered 400).
pub fn resolve_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
    if decoded.contains('\0') || decoded.contains('\\') || !decoded.starts_with('/') {
        return None;
    }
    if decoded.split('/').any(|segment| segment == ".." || segment == ".") {
        return None;
    }
    Some(if decoded.ends_with('/') { format!("{decoded}index.html") } else { decoded.into_owned() })
}

fn inject_reload(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let tag = format!("<script type=\"module\" src=\"{SCRIPT_PATH}\"></script>");
    match text.find("</head>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

fn error_page(report: &str) -> String {
    let mut escaped = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut escaped, report);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build error - kennisbank</title>\
         <script type=\"module\" src=\"{SCRIPT_PATH}\"></script></head>\
         <body><main><h1>The last change broke the build</h1><p>Fix it and save: this page reloads by itself. \
         Other pages still show the last good build.</p><pre>{escaped}</pre></main></body></html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::resolve_path;

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        for bad in ["/../etc/passwd", "/a/%2e%2e/b", "/%2E%2E/x", "/a/..%2fb/../c", "/a\\..\\b", "/x%00"] {
            assert!(resolve_path(bad).is_none_or(|p| !p.contains("..")), "{bad}");
        }
        assert_eq!(resolve_path("/signalen/").unwrap(), "/signalen/index.html");
        assert_eq!(resolve_path("/css/a.css?v=1").unwrap(), "/css/a.css");
        assert_eq!(resolve_path("/zoeken/%20x").unwrap(), "/zoeken/ x");
    }
}
