//! Watches the site's folders and config file, and hands each debounced change (the paths of
//! one editor save) to a callback on a thread of its own.

use std::path::{Path, PathBuf};
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use anyhow::Result;

const DEBOUNCE: Duration = Duration::from_millis(25);
/// How long a file may stay empty before the change is taken as it is.
const SETTLE: Duration = Duration::from_millis(300);

/// Calls `changed` with the changed paths of each burst of file events, first seen first and
/// each once. The watcher stops when the returned value is dropped.
pub fn watch(
    root: &Path,
    changed: impl Fn(&[PathBuf]) + Send + 'static,
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
    for name in ["content", "templates", "themes", "static", "data", crate::load::i18n::I18N_DIR] {
        let dir = root.join(name);
        if dir.is_dir() {
            watcher.watch(&dir, RecursiveMode::Recursive)?;
        }
    }
    watcher.watch(&root.join(crate::load::config::CONFIG_FILE), RecursiveMode::NonRecursive)?;
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
            changed(&paths);
        }
    });
    Ok(watcher)
}

/// Editor swap and backup files.
fn is_noise(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}
