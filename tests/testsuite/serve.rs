//! `kennisbank serve` as authors use it: the real binary on a free port, pages over HTTP,
//! traversal attempts refused, edits served within seconds with a reload event, and a broken
//! edit shown as an error page until it is fixed (a file emptied for a moment is not one); a burst of 64 keep-alive clients and 20 open
//! live-reload streams all served at once.

use crate::common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::common::{Server, Site};

/// How long a rebuild after an edit may take to show (it takes milliseconds; CI can be slow).
const REBUILD: Duration = Duration::from_secs(10);

/// Never served, whatever the path: a comment in the config, one in a page's front matter, and
/// a file beside the site folder.
const SECRETS: [&str; 3] = ["GEHEIM-CONFIG-4711", "GEHEIM-BRON-4711", "GEHEIM-BUITEN-4711"];

/// A site in `<tmp>/site`, with a secret file in `<tmp>` beside it.
fn serve_site() -> (Site, PathBuf) {
    let tmp = Site::empty();
    tmp.write("geheim.txt", SECRETS[2]);
    tmp.write(
        "site/kennisbank.toml",
        format!("# {}\ntitle = \"Testsite\"\nbase_url = \"https://test.example.nl\"\n", SECRETS[0]),
    );
    tmp.write("site/content/_index.md", "+++\ntitle = \"Home\"\n+++\n\nLees [een](@/a/een.md).\n");
    tmp.write("site/content/a/een.md", page_een("Eerste versie van de tekst."));
    tmp.write(
        "site/content/a/twee.md",
        "+++\ntitle = \"Twee\"\n+++\n\nDe andere pagina. Zie [een](@/a/een.md).\n",
    );
    let root = tmp.path("site");
    (tmp, root)
}

fn page_een(text: &str) -> String {
    format!("+++\n# {}\ntitle = \"Een\"\n+++\n\n{text} Zie [twee](@/a/twee.md).\n", SECRETS[1])
}

#[test]
fn serves_pages_with_their_content_types_and_404_for_misses() {
    let (_tmp, root) = serve_site();
    let server = Server::start(&root);

    let page = server.get("/a/een/").unwrap();
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert!(page.body.contains("Eerste versie van de tekst."));
    // Only in serve mode: the live-reload module, from the server itself.
    assert!(page.body.contains("<script type=\"module\" src=\"/__kennisbank/livereload.js\"></script>"));
    let script = server.get("/__kennisbank/livereload.js").unwrap();
    assert_eq!(script.status, 200);
    assert!(script.header("Content-Type").is_some_and(|t| t.starts_with("text/javascript")));
    assert!(script.body.contains("/__kennisbank/events"));

    let home = server.get("/").unwrap();
    assert_eq!(home.status, 200);
    let css = common::attribute_values(&home.body, "href")
        .into_iter()
        .find(|h| h.starts_with("/css/kennisbank."))
        .expect("the home page links the stylesheet");
    let css = server.get(&css).unwrap();
    assert_eq!(css.status, 200);
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));

    let folder = server.get("/a/een").unwrap();
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("Location"), Some("/a/een/"));

    let missing = server.get("/bestaat-niet/").unwrap();
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert!(missing.body.contains("<html"), "the 404 page is not the site's 404.html");
}

#[test]
fn path_traversal_is_refused_in_every_spelling() {
    let (_tmp, root) = serve_site();
    let server = Server::start(&root);
    let attempts = [
        "/../kennisbank.toml",
        "/../geheim.txt",
        "/../../geheim.txt",
        "/a/../../kennisbank.toml",
        "/./../geheim.txt",
        "/%2e%2e/kennisbank.toml",
        "/%2E%2E/geheim.txt",
        "/a/%2e%2e/%2e%2e/geheim.txt",
        "/..%2fgeheim.txt",
        "/..%2F..%2Fetc%2Fpasswd",
        "/%2e%2e%2f%2e%2e%2fgeheim.txt",
        "/..%5c..%5cgeheim.txt",
        "/a\\..\\..\\geheim.txt",
        "/%00../geheim.txt",
        "/kennisbank.toml",
        "/content/a/een.md",
        "/a/een/../../../geheim.txt",
    ];
    for path in attempts {
        let response = server.get(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(
            response.status == 400 || response.status == 404,
            "{path} answered {}: {}",
            response.status,
            response.body
        );
        for secret in SECRETS {
            assert!(!response.body.contains(secret), "{path} served {secret}");
        }
        assert!(!response.body.contains("root:x:0:0"), "{path} served /etc/passwd");
    }
    // The server still works after all that.
    assert_eq!(server.get("/a/een/").unwrap().status, 200);
}

#[test]
fn an_edit_is_served_within_seconds() {
    let (tmp, root) = serve_site();
    let server = Server::start(&root);
    assert!(server.get("/a/een/").unwrap().body.contains("Eerste versie"));
    tmp.write("site/content/a/een.md", page_een("Tweede versie, net bewaard."));
    let started = Instant::now();
    let page =
        server.wait_for("/a/een/", REBUILD, "the edit", |r| r.body.contains("Tweede versie, net bewaard."));
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("Eerste versie"));
    eprintln!("edit visible after {:?}", started.elapsed());
    // A new page appears too.
    tmp.write("site/content/a/drie.md", "+++\ntitle = \"Drie\"\n+++\n\nEen nieuwe pagina.\n");
    server.wait_for("/a/drie/", REBUILD, "the new page", |r| {
        r.status == 200 && r.body.contains("Een nieuwe pagina.")
    });
}

/// Reads an open Server-Sent Events stream until `needle` arrives; returns everything read.
fn read_events_until(stream: &mut TcpStream, needle: &str, timeout: Duration) -> String {
    let started = Instant::now();
    let mut seen = Vec::new();
    let mut buffer = [0u8; 4096];
    stream.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
    while started.elapsed() < timeout {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => seen.extend_from_slice(&buffer[..n]),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(e) => panic!("the event stream broke: {e}"),
        }
        let text = String::from_utf8_lossy(&seen);
        if text.contains(needle) {
            return text.into_owned();
        }
    }
    panic!("{needle:?} did not arrive in {timeout:?}; read: {:?}", String::from_utf8_lossy(&seen));
}

#[test]
fn an_edit_sends_a_reload_event() {
    let (tmp, root) = serve_site();
    let server = Server::start(&root);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "GET /__kennisbank/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let head = read_events_until(&mut stream, ": connected\n\n", Duration::from_secs(5));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("Content-Type: text/event-stream"), "{head}");
    assert!(!head.contains("event: reload"), "a reload before any edit: {head}");

    tmp.write("site/content/a/twee.md", "+++\ntitle = \"Twee\"\n+++\n\nBewerkt. Zie [een](@/a/een.md).\n");
    let events = read_events_until(&mut stream, "event: reload\ndata: ", REBUILD);
    assert!(events.contains("event: reload"), "{events}");
    server.wait_for("/a/twee/", REBUILD, "the edit", |r| r.body.contains("Bewerkt."));
}

#[test]
fn a_broken_edit_shows_an_error_page_until_it_is_fixed() {
    let (tmp, root) = serve_site();
    let server = Server::start(&root);
    tmp.write("site/content/a/een.md", format!("+++\n# {}\ntitle = \n+++\n\nKapot.\n", SECRETS[1]));
    let error = server.wait_for("/a/een/", REBUILD, "the error page", |r| {
        r.status == 500 && r.body.contains("invalid TOML front matter")
    });
    assert_eq!(error.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert!(error.body.contains("The last change broke the build"), "{}", error.body);
    assert!(
        error.body.contains("content/a/een.md:3:9"),
        "the error page lacks file:line:col: {}",
        error.body
    );
    // The error page reloads itself when the file is fixed.
    assert!(error.body.contains("/__kennisbank/livereload.js"));
    // Other pages keep the last good build.
    let other = server.get("/a/twee/").unwrap();
    assert_eq!(other.status, 200, "another page shows the error: {}", other.body);
    assert!(other.body.contains("De andere pagina."));

    tmp.write("site/content/a/een.md", page_een("Weer heel."));
    let fixed = server.wait_for("/a/een/", REBUILD, "the fixed page", |r| r.body.contains("Weer heel."));
    assert_eq!(fixed.status, 200);
    assert!(!fixed.body.contains("broke the build"));
}

#[test]
fn a_file_emptied_before_it_is_written_is_not_an_error() {
    let (tmp, root) = serve_site();
    let server = Server::start(&root);
    // As a script or a slow editor saves: the file is emptied, then written a moment later.
    std::fs::File::create(tmp.path("site/content/a/een.md")).unwrap();
    let emptied = Instant::now();
    while emptied.elapsed() < Duration::from_millis(150) {
        let page = server.get("/a/een/").unwrap();
        assert_eq!(page.status, 200, "the half-saved file was built: {}", page.body);
        std::thread::sleep(Duration::from_millis(10));
    }
    tmp.write("site/content/a/een.md", page_een("Na het legen geschreven."));
    let page =
        server.wait_for("/a/een/", REBUILD, "the edit", |r| r.body.contains("Na het legen geschreven."));
    assert_eq!(page.status, 200);
}

/// Sends a keep-alive GET on `stream` and reads exactly one response (by Content-Length).
fn keep_alive_get(stream: &mut TcpStream, path: &str) -> std::io::Result<(u16, Vec<u8>)> {
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")?;
    let mut raw = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        let n = stream.read(&mut buffer)?;
        if n == 0 {
            return Err(std::io::Error::other("closed before the response ended"));
        }
        raw.extend_from_slice(&buffer[..n]);
        let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else { continue };
        let head = String::from_utf8_lossy(&raw[..end]).to_string();
        let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let length: usize = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_string())
            })
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("no Content-Length in {head:?}")))?;
        assert!(head.to_ascii_lowercase().contains("connection: keep-alive"), "{head}");
        if raw.len() >= end + 4 + length {
            return Ok((status, raw[end + 4..end + 4 + length].to_vec()));
        }
    }
}

#[test]
fn a_burst_of_keep_alive_connections_is_served_at_once() {
    let (_tmp, root) = serve_site();
    let server = Server::start(&root);
    let port = server.port;
    // 20 open live-reload streams first: they must not take the page requests' turn.
    let streams: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
            write!(stream, "GET /__kennisbank/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
            read_events_until(&mut stream, ": connected\n\n", Duration::from_secs(5));
            stream
        })
        .collect();
    let started = Instant::now();
    let page = server.get("/a/een/").unwrap();
    assert_eq!(page.status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "a page took {:?} beside 20 streams",
        started.elapsed()
    );

    // 64 clients connect at once; each asks for a page three times on its own connection.
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(64));
    let clients: Vec<_> = (0..64)
        .map(|_| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
                stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                barrier.wait();
                let started = Instant::now();
                let (status, body) = keep_alive_get(&mut stream, "/a/een/").unwrap();
                let first = started.elapsed();
                assert_eq!(status, 200);
                assert!(String::from_utf8_lossy(&body).contains("Eerste versie"));
                for _ in 0..2 {
                    assert_eq!(keep_alive_get(&mut stream, "/a/twee/").unwrap().0, 200);
                }
                first
            })
        })
        .collect();
    let firsts: Vec<Duration> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    let slowest = firsts.iter().max().unwrap();
    assert!(*slowest < Duration::from_secs(1), "the slowest first response took {slowest:?}: {firsts:?}");
    drop(streams);
}
