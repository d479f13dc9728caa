//! `kennisbank serve`: build in memory, serve from memory, rebuild on change, reload the
//! browser. Never touches `public/`.
//!
//! Threads: a few HTTP workers answer from the current build (an `Arc` swapped under a lock);
//! one rebuild thread waits for debounced file events; each open browser tab holds one
//! Server-Sent Events connection that is told to reload after a good or a failed rebuild.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use tiny_http::{Header, Request, Response, Server, StatusCode};

use crate::config::{BuildOptions, Config};

const RELOAD_SCRIPT_PATH: &str = "/__kennisbank/livereload.js";
const EVENTS_PATH: &str = "/__kennisbank/events";
const RELOAD_SCRIPT: &str = "// Added by `kennisbank serve` only: reloads the page after a rebuild.\n\
const events = new EventSource(\"/__kennisbank/events\");\n\
events.addEventListener(\"reload\", () => location.reload());\n";
const WORKERS: usize = 8;
const DEBOUNCE: Duration = Duration::from_millis(25);

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
    pub open: bool,
}

/// What the server answers from: the last good build, and the problems of a failed one.
#[derive(Default)]
pub struct Snapshot {
    files: HashMap<String, Arc<Vec<u8>>>,
    /// Set when the last rebuild failed: the report, and the URL paths it concerns (`None`:
    /// every page, e.g. for a template or config error).
    error: Option<(String, Option<HashSet<String>>)>,
    /// Content file (relative to `content/`) -> URL path, from the last good build: a file whose
    /// front matter no longer parses is missing from a failed build, but still has its URL here.
    urls: HashMap<String, String>,
}

/// Counts rebuilds; SSE connections wait on it.
#[derive(Default)]
struct Generation {
    count: Mutex<u64>,
    changed: Condvar,
}

pub fn serve(options: ServeOptions) -> Result<()> {
    let address: SocketAddr = format!("{}:{}", options.bind, options.port)
        .parse()
        .with_context(|| format!("`{}` is not an address to listen on", options.bind))?;
    let listener =
        std::net::TcpListener::bind(address).with_context(|| format!("cannot listen on {address}"))?;
    no_delay(&listener);
    let server = Server::from_listener(listener, None)
        .map_err(|e| anyhow::anyhow!("cannot listen on {address}: {e}"))?;
    let port = server.server_addr().to_ip().map_or(options.port, |a| a.port());
    let base_url = format!("http://{}:{port}", options.bind);
    let build_options =
        BuildOptions { output: None, base_url: Some(base_url.clone()), drafts: options.drafts };
    let root = std::path::absolute(&options.root)?;

    let snapshot = Arc::new(RwLock::new(Snapshot::default()));
    let generation = Arc::new(Generation::default());
    rebuild(&root, &build_options, &snapshot, &generation, "start");
    println!("Serving {} at {base_url}/ (Ctrl-C stops)", root.display());
    if options.open {
        let _ = std::process::Command::new("xdg-open").arg(format!("{base_url}/")).spawn();
    }

    let server = Arc::new(server);
    let stop = Arc::new(AtomicBool::new(false));
    {
        let (server, stop) = (server.clone(), stop.clone());
        ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            for _ in 0..WORKERS {
                server.unblock();
            }
        })
        .context("cannot handle Ctrl-C")?;
    }

    let _watcher = watch(&root, build_options, snapshot.clone(), generation.clone())?;
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (server, snapshot, generation, stop) =
                (server.clone(), snapshot.clone(), generation.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    match server.recv() {
                        Ok(request) => handle(request, &snapshot, &generation, &stop),
                        Err(_) => break,
                    }
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    println!("Stopped.");
    Ok(())
}

/// Turns off Nagle's algorithm on the listening socket; Linux hands the setting on to every
/// accepted connection. tiny_http writes a response in several small writes, and with Nagle
/// the last one waits for the client's delayed ACK: 40 ms per response.
fn no_delay(listener: &std::net::TcpListener) {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let on: libc::c_int = 1;
        // SAFETY: a valid socket descriptor and a pointer to an int that lives for the call.
        unsafe {
            libc::setsockopt(
                listener.as_raw_fd(),
                libc::IPPROTO_TCP,
                libc::TCP_NODELAY,
                (&raw const on).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            );
        }
    }
}

/// Builds and swaps the snapshot in; a failed build keeps the last good files.
fn rebuild(
    root: &Path,
    options: &BuildOptions,
    snapshot: &RwLock<Snapshot>,
    generation: &Generation,
    why: &str,
) {
    let started = Instant::now();
    let config = match Config::load(root, options) {
        Ok(c) => c,
        Err(d) => {
            let report = d.render(root, false);
            eprintln!("{}", d.render(root, std::io::IsTerminal::is_terminal(&std::io::stderr())));
            set_error(snapshot, report, None);
            bump(generation);
            return;
        }
    };
    // The stages, run once: load -> model -> docs. Then the pages without related pages and
    // search files (most of a build's time on a large site), so the edit shows at once; the
    // search files of the last good build stay served meanwhile. Then the index and related
    // pages, and the pages again from the same docs, replace it quietly without a reload.
    let mut diagnostics = crate::diagnostics::Diagnostics::default();
    let (loaded, problems) = crate::load(&config);
    diagnostics.extend(problems);
    let crate::Loaded { content, data, theme, highlighter } = loaded;
    let (library, problems) = crate::model(&config, content, &data);
    diagnostics.extend(problems);
    if diagnostics.has_errors() {
        staged_error(&config, &diagnostics, &library, snapshot, generation, why);
        return;
    }
    let docs = crate::docs(&config, &library, &highlighter, &theme);
    let staged = crate::Staged { library, data, theme, highlighter, docs };
    let now = crate::build_time();
    let no_related = vec![Vec::new(); staged.library.pages.len()];
    let (files, problems) =
        crate::render_site(&config, &staged, &crate::Indexes::default(), &no_related, &now);
    diagnostics.extend(problems);
    if diagnostics.has_errors() {
        staged_error(&config, &diagnostics, &staged.library, snapshot, generation, why);
        return;
    }
    let pages = staged.library.pages.len();
    publish(snapshot, &config, &staged.library, files, true);
    println!("Built {pages} pages in {} ms ({why}).", started.elapsed().as_millis());
    bump(generation);
    if config.site.search.enabled || config.site.related.count > 0 {
        let (indexes, mut problems) = crate::index(&config, &staged.library, &staged.docs);
        let related = crate::related(&config, &staged.library, &indexes);
        let (files, found) = crate::render_site(&config, &staged, &indexes, &related, &now);
        problems.extend(found);
        if !problems.iter().any(|d| d.is_error()) {
            publish(snapshot, &config, &staged.library, files, false);
            println!("Search index and related pages updated in {} ms.", started.elapsed().as_millis());
        }
    }
}

/// Reports a failed rebuild: on the terminal, and on the pages it concerns.
fn staged_error(
    config: &Config,
    diagnostics: &crate::diagnostics::Diagnostics,
    library: &crate::site::Library,
    snapshot: &RwLock<Snapshot>,
    generation: &Generation,
    why: &str,
) {
    let mut diagnostics = diagnostics.clone();
    diagnostics.sort();
    let color = std::io::IsTerminal::is_terminal(&std::io::stderr());
    eprint!("{}", diagnostics.render(&config.root, color));
    let report = diagnostics.render(&config.root, false);
    let previous = snapshot.read().map(|s| s.urls.clone()).unwrap_or_default();
    let pages = broken_pages(config, &diagnostics, library, &previous);
    set_error(snapshot, report, pages);
    eprintln!("Rebuild failed ({why}); still serving the last good build for other pages.");
    bump(generation);
}

/// Swaps a good build in. With `keep_missing`, files of the build being replaced that this one
/// lacks stay (the quick build has no search files and no search page of its own) until the
/// full build replaces everything.
fn publish(
    snapshot: &RwLock<Snapshot>,
    config: &Config,
    library: &crate::site::Library,
    built: Vec<crate::output::OutputFile>,
    keep_missing: bool,
) {
    let urls = library
        .by_rel
        .iter()
        .map(|(rel, id)| (rel.clone(), format!("{}{}", config.base_path(), library.doc(*id).path)))
        .collect();
    let mut files: HashMap<String, Arc<Vec<u8>>> =
        built.into_iter().map(|f| (format!("/{}", f.path), Arc::new(f.bytes))).collect();
    let mut lock = snapshot.write().unwrap_or_else(|e| e.into_inner());
    if keep_missing {
        for (path, bytes) in &lock.files {
            files.entry(path.clone()).or_insert_with(|| Arc::clone(bytes));
        }
    }
    *lock = Snapshot { files, error: None, urls };
}

/// URL paths of the pages whose files have errors; `None` when an error is not in a page.
fn broken_pages(
    config: &Config,
    diagnostics: &crate::diagnostics::Diagnostics,
    library: &crate::site::Library,
    previous: &HashMap<String, String>,
) -> Option<HashSet<String>> {
    let mut pages = HashSet::new();
    for d in diagnostics.items.iter().filter(|d| d.is_error()) {
        let file = &d.location.as_ref()?.file;
        let rel = file.strip_prefix(&config.content_dir).ok()?;
        let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let url = match library.by_rel.get(&rel) {
            Some(id) => format!("{}{}", config.base_path(), library.doc(*id).path),
            None => previous.get(&rel)?.clone(),
        };
        pages.insert(url);
    }
    Some(pages)
}

fn set_error(snapshot: &RwLock<Snapshot>, report: String, pages: Option<HashSet<String>>) {
    let mut lock = snapshot.write().unwrap_or_else(|e| e.into_inner());
    lock.error = Some((report, pages));
}

fn bump(generation: &Generation) {
    let mut count = generation.count.lock().unwrap_or_else(|e| e.into_inner());
    *count += 1;
    generation.changed.notify_all();
}

fn watch(
    root: &Path,
    options: BuildOptions,
    snapshot: Arc<RwLock<Snapshot>>,
    generation: Arc<Generation>,
) -> Result<notify::RecommendedWatcher> {
    use notify::{EventKind, RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        // Reading files (our own rebuild) raises access events: only changes count.
        if matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)) {
            for path in event.paths.into_iter().filter(|p| !is_noise(p)) {
                let _ = tx.send(path);
            }
        }
    })?;
    for name in ["content", "templates", "themes", "static", "data", crate::i18n::I18N_DIR] {
        let dir = root.join(name);
        if dir.is_dir() {
            watcher.watch(&dir, RecursiveMode::Recursive)?;
        }
    }
    watcher.watch(&root.join(crate::config::CONFIG_FILE), RecursiveMode::NonRecursive)?;
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            // Debounce: an editor's save is often several events; take them all as one change.
            while rx.recv_timeout(DEBOUNCE).is_ok() {}
            let why = format!("{} changed", first.strip_prefix(&root).unwrap_or(&first).display());
            rebuild(&root, &options, &snapshot, &generation, &why);
        }
    });
    Ok(watcher)
}

/// Editor swap and backup files.
fn is_noise(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
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

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn handle(
    request: Request,
    snapshot: &RwLock<Snapshot>,
    generation: &Arc<Generation>,
    stop: &Arc<AtomicBool>,
) {
    let url = request.url().to_string();
    if url == EVENTS_PATH {
        // A stream stays open as long as the tab: it gets a thread of its own.
        let (generation, stop) = (generation.clone(), stop.clone());
        std::thread::spawn(move || events(request, &generation, &stop));
        return;
    }
    if url == RELOAD_SCRIPT_PATH {
        let response = Response::from_string(RELOAD_SCRIPT)
            .with_header(header("Content-Type", "text/javascript; charset=utf-8"));
        let _ = request.respond(response);
        return;
    }
    let Some(path) = resolve_path(&url) else {
        let _ = request.respond(Response::from_string("400 Bad Request").with_status_code(StatusCode(400)));
        return;
    };
    let lock = snapshot.read().unwrap_or_else(|e| e.into_inner());
    let page_path = path.strip_suffix("index.html").unwrap_or(&path).to_string();
    if let Some((report, pages)) = &lock.error
        && path.ends_with(".html")
        && pages.as_ref().is_none_or(|p| p.contains(&page_path))
    {
        let body = error_page(report);
        drop(lock);
        let _ = request.respond(
            Response::from_string(body)
                .with_status_code(StatusCode(500))
                .with_header(header("Content-Type", "text/html; charset=utf-8")),
        );
        return;
    }
    let (status, path, bytes) = match lock.files.get(&path) {
        Some(bytes) => (200, path, bytes.clone()),
        None if !path.ends_with(".html") && lock.files.contains_key(&format!("{path}/index.html")) => {
            drop(lock);
            let response =
                Response::empty(StatusCode(301)).with_header(header("Location", &format!("{url}/")));
            let _ = request.respond(response);
            return;
        }
        None => match lock.files.get("/404.html") {
            Some(bytes) => (404, "/404.html".to_string(), bytes.clone()),
            None => (404, "/404.txt".to_string(), Arc::new(b"404 Not Found".to_vec())),
        },
    };
    drop(lock);
    let mime = mime_guess::from_path(&path).first_or_octet_stream();
    let content_type = if mime.type_() == "text" || mime.subtype() == "javascript" || mime.subtype() == "json"
    {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    let body: Vec<u8> = if path.ends_with(".html") { inject_reload(&bytes) } else { bytes.to_vec() };
    let response = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", &content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    let _ = request.respond(response);
}

fn inject_reload(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let tag = format!("<script type=\"module\" src=\"{RELOAD_SCRIPT_PATH}\"></script>");
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
         <script type=\"module\" src=\"{RELOAD_SCRIPT_PATH}\"></script></head>\
         <body><main><h1>The last change broke the build</h1><p>Fix it and save: this page reloads by itself. \
         Other pages still show the last good build.</p><pre>{escaped}</pre></main></body></html>\n"
    )
}

/// One Server-Sent Events stream: `reload` after each rebuild, a comment every 10 s to notice
/// closed tabs.
fn events(request: Request, generation: &Generation, stop: &AtomicBool) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
    if writer.write_all(head.as_bytes()).and_then(|()| writer.flush()).is_err() {
        return;
    }
    let mut seen = *generation.count.lock().unwrap_or_else(|e| e.into_inner());
    while !stop.load(Ordering::SeqCst) {
        let count = generation.count.lock().unwrap_or_else(|e| e.into_inner());
        let (count, _) = generation
            .changed
            .wait_timeout_while(count, Duration::from_secs(10), |c| *c == seen)
            .unwrap_or_else(|e| e.into_inner());
        let message = if *count != seen {
            seen = *count;
            format!("event: reload\ndata: {seen}\n\n")
        } else {
            ": ping\n\n".to_string()
        };
        drop(count);
        if writer.write_all(message.as_bytes()).and_then(|()| writer.flush()).is_err() {
            return;
        }
    }
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
