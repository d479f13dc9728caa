//! Live reload: each open tab holds one Server-Sent Events stream (`/__kennisbank/events`) and
//! reloads when it says `reload`, which it does after every rebuild, good or failed.

use std::io::Write;
use std::net::TcpStream;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

pub const SCRIPT_PATH: &str = "/__kennisbank/livereload.js";
pub const EVENTS_PATH: &str = "/__kennisbank/events";
pub const SCRIPT: &str = "// Added by `kennisbank serve` only: reloads the page after a rebuild.\n\
const events = new EventSource(\"/__kennisbank/events\");\n\
events.addEventListener(\"reload\", () => location.reload());\n";

/// Counts rebuilds; event streams wait on it.
#[derive(Default)]
pub struct Generation {
    count: Mutex<u64>,
    changed: Condvar,
}

impl Generation {
    /// Tells every open stream to reload.
    pub fn bump(&self) {
        let mut count = self.count.lock().unwrap_or_else(|e| e.into_inner());
        *count += 1;
        self.changed.notify_all();
    }
}

/// One stream, on its own connection (and thread) until the tab closes: `reload` after each
/// rebuild, a comment every 10 s to notice closed tabs.
pub fn stream(mut stream: TcpStream, generation: &Generation) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut seen = *generation.count.lock().unwrap_or_else(|e| e.into_inner());
    loop {
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
        if stream.write_all(message.as_bytes()).is_err() {
            return;
        }
    }
}
