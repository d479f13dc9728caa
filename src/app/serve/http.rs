//! A small HTTP/1.1 server for `serve`: one thread per connection, keep-alive, GET and HEAD.
//!
//! Why not a pool: a browser keeps a live-reload stream open per tab and several keep-alive
//! connections besides; a fixed pool of workers (tiny_http's design, used before) leaves a
//! burst of connections waiting while the workers are busy with others. A thread per
//! connection serves every connection from the start, and an open event stream only ever
//! holds its own thread. A local preview has tens of connections, not thousands; past
//! [`MAX_CONNECTIONS`] a new connection is closed at once.
//!
//! Requests are parsed by `httparse` (hyper's parser). Bodies are accepted for POST only (the
//! editor's saves and previews), with a `Content-Length` up to [`MAX_BODY`]; chunked bodies are
//! refused (411), as browsers' `fetch` always sends a length.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

const MAX_CONNECTIONS: usize = 1024;
const MAX_HEAD: usize = 16 * 1024;
/// The largest request body: a markdown file with room to spare, or an image.
pub const MAX_BODY: usize = 16 * 1024 * 1024;
/// How long an idle keep-alive connection stays open.
const IDLE: Duration = Duration::from_secs(30);

/// The parts of a request `serve` answers from.
pub struct Request {
    pub method: String,
    /// The request target as sent: `/a/b/?x`.
    pub target: String,
    /// Header names in lower case, values as sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    keep_alive: bool,
}

impl Request {
    /// The value of the header `name` (lower case), if sent once or more (the first).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// A complete response.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Response { status, headers: vec![("Content-Type", content_type.to_string())], body: body.into() }
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// What the handler does with a request: answer it, or take the connection over (an event
/// stream, which writes its own head and stays open).
pub enum Reply {
    Full(Response),
    Stream(Box<dyn FnOnce(TcpStream) + Send>),
}

pub type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// Accepts connections until the listener fails; each gets a thread of its own.
pub fn run(listener: TcpListener, handler: Arc<Handler>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if open.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            continue; // dropped: closed
        }
        open.fetch_add(1, Ordering::SeqCst);
        let (handler, counter) = (Arc::clone(&handler), Arc::clone(&open));
        let spawned = std::thread::Builder::new().name("serve-connection".into()).spawn(move || {
            connection(stream, &*handler);
            counter.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            open.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Answers the requests of one connection in turn until the client closes it, asks to, or
/// stays idle too long.
fn connection(mut stream: TcpStream, handler: &Handler) {
    // Responses are written whole; Nagle's algorithm would only delay the last packet.
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(IDLE));
    let mut buffer = Vec::with_capacity(4096);
    loop {
        let request = match read_request(&mut stream, &mut buffer) {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(status) => {
                let response = Response::new(status, "text/plain; charset=utf-8", format!("{status}\n"));
                let _ = write_response(&mut stream, &response, false, false);
                return;
            }
        };
        match handler(&request) {
            Reply::Full(response) => {
                let head_only = request.method == "HEAD";
                if write_response(&mut stream, &response, request.keep_alive, head_only).is_err()
                    || !request.keep_alive
                {
                    return;
                }
            }
            Reply::Stream(take_over) => return take_over(stream),
        }
    }
}

/// Reads one request head. `Ok(None)`: the connection closed or idled out; `Err(status)`: a
/// request that is answered with that status and a close.
fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Result<Option<Request>, u16> {
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(buffer) {
            Ok(httparse::Status::Complete(head_length)) => {
                let method = parsed.method.unwrap_or("").to_string();
                let target = parsed.path.unwrap_or("").to_string();
                let version = parsed.version.unwrap_or(0);
                let header = |name: &str| {
                    parsed
                        .headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case(name))
                        .map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase())
                };
                let connection = header("connection").unwrap_or_default();
                let keep_alive = if version == 1 {
                    !connection.contains("close")
                } else {
                    connection.contains("keep-alive")
                };
                let headers: Vec<(String, String)> = parsed
                    .headers
                    .iter()
                    .map(|h| (h.name.to_ascii_lowercase(), String::from_utf8_lossy(h.value).into_owned()))
                    .collect();
                if header("transfer-encoding").is_some() {
                    return Err(411);
                }
                let length = match header("content-length") {
                    None => 0,
                    Some(l) => l.trim().parse::<usize>().map_err(|_| 400u16)?,
                };
                buffer.drain(..head_length);
                if length > 0 && method != "POST" || !matches!(method.as_str(), "GET" | "HEAD" | "POST") {
                    return Err(405);
                }
                if length > MAX_BODY {
                    return Err(413);
                }
                let body = read_body(stream, buffer, length)?;
                return Ok(Some(Request { method, target, headers, body, keep_alive }));
            }
            Ok(httparse::Status::Partial) if buffer.len() >= MAX_HEAD => return Err(431),
            Ok(httparse::Status::Partial) => {}
            Err(_) => return Err(400),
        }
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Ok(None),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The `length` bytes of a body: what the head's read left in `buffer`, then the rest.
fn read_body(stream: &mut TcpStream, buffer: &mut Vec<u8>, length: usize) -> Result<Vec<u8>, u16> {
    while buffer.len() < length {
        let mut chunk = vec![0u8; (length - buffer.len()).min(64 * 1024)];
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(400),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    Ok(buffer.drain(..length).collect())
}

fn write_response(
    stream: &mut TcpStream,
    response: &Response,
    keep_alive: bool,
    head_only: bool,
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", response.status, reason(response.status));
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let connection = if keep_alive { "keep-alive" } else { "close" };
    head.push_str(&format!("Content-Length: {}\r\nConnection: {connection}\r\n\r\n", response.body.len()));
    let mut bytes = head.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&response.body);
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        _ => "",
    }
}
