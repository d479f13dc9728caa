//! Watches the site's folders and config file, and hands each debounced change (the paths of
//! one editor save) to a callback on a thread of its own.

use std::path::{Path, PathBuf};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;

const DEBOUNCE: Duration = Duration::from_millis(25);
/// How long a file may stay empty before the change is taken as it is.
const SETTLE: Duration = Duration::from_millis(300);

/// The folders of a site that `serve` watches, whole; they may appear after it started (an
/// `init` site has only `content/`).
const WATCHED: [&str; 6] = ["content", "templates", "themes", "static", "data", crate::load::i18n::I18N_DIR];

/// Keeps the watcher alive; dropping it stops watching.
pub struct Watching {
    _watcher: Arc<Mutex<notify::RecommendedWatcher>>,
}

/// Calls `changed` with the changed paths of each burst of file events, first seen first and
/// each once. The watcher stops when the returned value is dropped.
pub fn watch(root: &Path, changed: impl Fn(&[PathBuf]) + Send + 'static) -> Result<Watching> {
    use notify::{EventKind, RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel::<PathBuf>();
    let top: Vec<PathBuf> = WATCHED
        .iter()
        .map(|name| root.join(name))
        .chain([root.join(crate::load::config::CONFIG_FILE)])
        .collect();
    let root_dir = root.to_path_buf();
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        // Reading files (our own rebuild) raises access events: only changes count.
        if matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)) {
            for path in event.paths.into_iter().filter(|p| !is_noise(p)) {
                // The site folder itself is watched for the config and for watched folders
                // that appear; nothing else there (a README, `public/`) is an input.
                if path.parent() == Some(root_dir.as_path()) && !top.contains(&path) {
                    continue;
                }
                let _ = tx.send(path);
            }
        }
    })?;
    let watcher = Arc::new(Mutex::new(watcher));
    {
        let mut w = watcher.lock().map_err(|_| anyhow::anyhow!("the file watcher failed"))?;
        for name in WATCHED {
            let dir = root.join(name);
            if dir.is_dir() {
                w.watch(&dir, RecursiveMode::Recursive)?;
            }
        }
        // The config file (also when an editor replaces it) and folders created later.
        w.watch(root, RecursiveMode::NonRecursive)?;
    }
    let adder = Arc::clone(&watcher);
    let new_folders: Vec<PathBuf> = WATCHED.iter().map(|name| root.join(name)).collect();
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            // Debounce: an editor's save is often several events; take them all as one change.
            let mut paths = vec![first];
            let take = |path: PathBuf, paths: &mut Vec<PathBuf>| {
                if !paths.contains(&path) {
                    paths.push(path);
                }
            };
            while let Ok(path) = rx.recv_timeout(DEBOUNCE) {
                take(path, &mut paths);
            }
            // A file left empty is mostly a save under way (editors and scripts empty a file,
            // then write it): wait for the rest of it a while before reporting an empty page.
            let settle = Instant::now() + SETTLE;
            while paths.iter().any(|p| p.metadata().is_ok_and(|m| m.is_file() && m.len() == 0)) {
                let Some(left) = settle.checked_duration_since(Instant::now()) else { break };
                match rx.recv_timeout(left.min(DEBOUNCE)) {
                    Ok(path) => take(path, &mut paths),
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
            // A watched folder that appeared: watch what comes into it from now on.
            for dir in paths.iter().filter(|p| new_folders.contains(p) && p.is_dir()) {
                if let Ok(mut w) = adder.lock() {
                    let _ = w.watch(dir, RecursiveMode::Recursive);
                }
            }
            changed(&paths);
        }
    });
    Ok(Watching { _watcher: watcher })
}

/// Editor swap and backup files.
fn is_noise(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}
