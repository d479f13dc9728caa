//! `kennisbank serve`: build in memory, serve from memory, rebuild what an edit touched, reload
//! the browser. Never touches `public/`.
//!
//! - [`http`]: the HTTP server, a thread per connection (so a burst of keep-alive connections
//!   and open live-reload streams are all served at once);
//! - [`respond`]: a request answered from the [`snapshot`] of the last good build;
//! - [`events`]: live reload over Server-Sent Events;
//! - [`watch`]: file events, debounced;
//! - [`session`]: the incremental rebuild (with [`digest`]: what each stage's output read).
//!
//! Threads: the connections; one rebuild thread that runs an update per change, publishes the
//! files and tells the browsers to reload; one search thread that builds the search index and
//! related pages of the latest update off that path and publishes them quietly.

pub mod digest;
pub mod editor;
mod events;
mod http;
mod reads;
mod reload;
pub mod respond;
pub mod session;
mod snapshot;
mod watch;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use anyhow::{Context, Result};

pub use respond::resolve_path;
pub use session::Session;

use crate::load::config::BuildOptions;
use events::Generation;
use snapshot::Shared;

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
    pub open: bool,
}

/// What the rebuild and search threads share.
struct Shop {
    root: PathBuf,
    session: Mutex<Session>,
    snapshot: Shared,
    generation: Arc<Generation>,
    /// Set when an update wants its search index: the search thread takes the job of the
    /// latest update when it is free (a waiting job would hold the docs).
    search: Mutex<bool>,
    search_ready: Condvar,
    /// The authoring editor: only while serve listens on a loopback address.
    editor: Option<editor::Editor>,
}

pub fn serve(options: ServeOptions) -> Result<()> {
    let address: SocketAddr = format!("{}:{}", options.bind, options.port)
        .parse()
        .with_context(|| format!("`{}` is not an address to listen on", options.bind))?;
    let listener =
        std::net::TcpListener::bind(address).with_context(|| format!("cannot listen on {address}"))?;
    let port = listener.local_addr().map_or(options.port, |a| a.port());
    let base_url = format!("http://{}:{port}", options.bind);
    let build_options =
        BuildOptions { output: None, base_url: Some(base_url.clone()), drafts: options.drafts };
    let root = std::path::absolute(&options.root)?;
    let editor = if address.ip().is_loopback() {
        Some(editor::Editor::new(editor::guard::Guard::new(address.ip(), port)?))
    } else {
        None
    };

    let shop = Arc::new(Shop {
        root: root.clone(),
        session: Mutex::new(Session::new(&root, build_options)),
        snapshot: Shared::default(),
        generation: Arc::new(Generation::default()),
        search: Mutex::new(false),
        search_ready: Condvar::new(),
        editor,
    });
    rebuild(&shop, "start", &[]);
    println!("Serving {} at {base_url}/ (Ctrl-C stops)", root.display());
    if shop.editor.is_some() {
        println!("Editor: open any page and choose \"Bewerk deze pagina\" (only on this computer).");
    } else {
        println!(
            "No editor: serve listens on {}, which other computers can reach; bind to 127.0.0.1 to edit.",
            options.bind
        );
    }
    if options.open {
        let _ = std::process::Command::new("xdg-open").arg(format!("{base_url}/")).spawn();
    }
    ctrlc::set_handler(|| {
        println!("Stopped.");
        std::process::exit(0);
    })
    .context("cannot handle Ctrl-C")?;
    {
        let shop = Arc::clone(&shop);
        std::thread::spawn(move || search_thread(&shop));
    }
    let _watcher = {
        let shop = Arc::clone(&shop);
        watch::watch(&root, move |paths| {
            let first = paths.first().map(|p| p.strip_prefix(&shop.root).unwrap_or(p).display().to_string());
            let more = match paths.len() {
                0 | 1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            rebuild(&shop, &format!("{} changed{more}", first.unwrap_or_default()), paths);
        })?
    };
    let handler = {
        let shop = Arc::clone(&shop);
        Arc::new(move |request: &http::Request| match &shop.editor {
            Some(editor) if request.target.starts_with(editor::PREFIX) => {
                editor::handle(request, &shop, editor)
            }
            editing => respond::handle(request, &shop.snapshot, &shop.generation, editing.is_some()),
        })
    };
    http::run(listener, handler);
    Ok(())
}

/// Updates the session for the `changed` files (none: read everything), publishes the files
/// (or the error) and tells the browsers to reload; then hands the search job to the search
/// thread.
fn rebuild(shop: &Shop, why: &str, changed: &[PathBuf]) {
    let mut session = shop.session.lock().unwrap_or_else(|e| e.into_inner());
    match session.update_files(changed) {
        Ok(report) => {
            snapshot::publish(&shop.snapshot, &session, !report.patched);
            shop.generation.bump();
            println!("Built {report} ({why}).");
            drop(session);
            *shop.search.lock().unwrap_or_else(|e| e.into_inner()) = true;
            shop.search_ready.notify_one();
        }
        Err(failure) => {
            snapshot::fail(&shop.snapshot, &session, failure, &shop.root, why);
            shop.generation.bump();
        }
    }
}

/// Builds the search index and related pages of the latest update, one job at a time (a job
/// that an edit overtook is dropped), and publishes them without a reload.
fn search_thread(shop: &Shop) {
    // Its own threads, at a lower priority: a search job must not take the workers of rayon's
    // global pool, or the CPU, from the next edit's rebuild.
    lower_priority();
    let pool = rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("serve-search-{i}"))
        .start_handler(|_| lower_priority())
        .build()
        .ok();
    loop {
        {
            let mut wanted = shop.search.lock().unwrap_or_else(|e| e.into_inner());
            while !*wanted {
                wanted = shop.search_ready.wait(wanted).unwrap_or_else(|e| e.into_inner());
            }
            *wanted = false;
        }
        let job = shop.session.lock().unwrap_or_else(|e| e.into_inner()).search_job();
        let Some(job) = job else { continue };
        let started = Instant::now();
        let update = match &pool {
            Some(pool) => pool.install(|| job.run()),
            None => job.run(),
        };
        let mut session = shop.session.lock().unwrap_or_else(|e| e.into_inner());
        match session.apply_search(update) {
            Some(Ok(report)) => {
                snapshot::publish(&shop.snapshot, &session, false);
                println!(
                    "Search index and related pages updated in {} ms: {} pages re-rendered, {} files changed.",
                    started.elapsed().as_millis(),
                    report.jobs_rendered,
                    report.files_changed
                );
            }
            Some(Err(problems)) => {
                eprint!("{}", problems.render(&shop.root, false));
                eprintln!("The search index was not updated.");
            }
            None => {}
        }
    }
}

/// Lowers the calling thread's priority (nice 10); threads it starts inherit it.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: a plain system call; on Linux, who = 0 names the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}
