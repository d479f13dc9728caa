//! Shared by the integration tests: run the real `kennisbank` binary on sites in temporary
//! folders, read and crawl what it wrote, and talk plain HTTP to `kennisbank serve`.
//!
//! Every site a test builds lives in its own `TempDir` (fixtures under `tests/fixtures/` are
//! copied there first), so tests run in parallel and never write into the repository.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use tempfile::TempDir;

/// 2026-11-01T00:00:00Z: the build date of every test build, so "upcoming" sessions and
/// overdue reviews do not depend on the day the tests run.
pub const BUILD_EPOCH: &str = "1793491200";

/// The real binary, with the build date fixed.
pub fn kennisbank() -> Command {
    let mut cmd = Command::cargo_bin("kennisbank").expect("the kennisbank binary is built");
    cmd.env("SOURCE_DATE_EPOCH", BUILD_EPOCH);
    cmd
}

/// What one run of the binary did. Every run is checked for panics: no input may panic.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "exit code {}\n--- stdout\n{}\n--- stderr\n{}", self.code, self.stdout, self.stderr)
    }
}

impl Run {
    /// Asserts the exit code, showing the whole output when it differs.
    #[track_caller]
    pub fn code(self, expected: i32) -> Self {
        assert_eq!(self.code, expected, "unexpected exit code:\n{self}");
        self
    }

    #[track_caller]
    pub fn ok(self) -> Self {
        self.code(0)
    }

    /// Asserts that stderr holds `needle`.
    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Self {
        assert!(self.stderr.contains(needle), "stderr lacks {needle:?}:\n{self}");
        self
    }

    #[track_caller]
    pub fn stdout_has(self, needle: &str) -> Self {
        assert!(self.stdout.contains(needle), "stdout lacks {needle:?}:\n{self}");
        self
    }
}

/// Runs `cmd` to the end and fails the test on a panic of the binary.
#[track_caller]
pub fn run(cmd: &mut Command) -> Run {
    let output = cmd.output().expect("kennisbank runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked at") && run.code != 101 && run.code != -1,
        "kennisbank panicked or was killed:\n{run}"
    );
    run
}

/// A site in a temporary folder.
pub struct Site {
    dir: TempDir,
}

impl Site {
    /// An empty folder.
    pub fn empty() -> Site {
        Site { dir: TempDir::new().expect("a temporary folder") }
    }

    /// The smallest site that builds: a config and a home page.
    pub fn minimal() -> Site {
        let site = Site::empty();
        site.write("kennisbank.toml", "title = \"Testsite\"\nbase_url = \"https://test.example.nl\"\n");
        site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n\nWelkom.\n");
        site
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Site {
        let site = Site::empty();
        copy_dir(&fixture_dir(name), site.root());
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Writes a file (creating folders), relative to the site root.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folders");
        fs::write(&path, contents).expect("write a site file");
        self
    }

    /// A file's text, relative to the site root.
    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).expect("read a site file")
    }

    /// `kennisbank build --root SITE` plus `args`; the output goes to `SITE/public`.
    pub fn build(&self, args: &[&str]) -> Run {
        run(kennisbank().arg("build").arg("--root").arg(self.root()).args(args))
    }

    /// `kennisbank check --root SITE --format json` plus `args`.
    pub fn check_json(&self, args: &[&str]) -> (Run, serde_json::Value) {
        let run = run(kennisbank().args(["check", "--format", "json", "--root"]).arg(self.root()).args(args));
        let json = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("check --format json printed no JSON ({e}):\n{run}"));
        (run, json)
    }

    pub fn public(&self) -> PathBuf {
        self.path("public")
    }

    /// A file of the built site (`public/<rel>`) as text.
    #[track_caller]
    pub fn output(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }
}

pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create the copy");
    for entry in fs::read_dir(from).expect("read the fixture") {
        let entry = entry.expect("a fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy a fixture file");
        }
    }
}

/// Every file below `dir`, by `/`-separated relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).expect("read a folder") {
            let entry = entry.expect("a folder entry");
            let path = entry.path();
            if entry.file_type().expect("a file type").is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).expect("below the base");
                let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>();
                out.insert(rel.join("/"), fs::read(&path).expect("read a file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Asserts two trees hold the same files with the same bytes, naming the first difference.
#[track_caller]
pub fn assert_same_tree(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) {
    let names_before: Vec<&String> = before.keys().collect();
    let names_after: Vec<&String> = after.keys().collect();
    assert_eq!(names_before, names_after, "the files differ");
    for (name, bytes) in before {
        assert!(after[name] == *bytes, "{name} differs");
    }
}

/// Decodes the entities tera and pulldown-cmark write into attribute values.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|e| *e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The decoded values of every `attr="..."` in `html`.
pub fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        values.push(decode_entities(&rest[..end]));
        rest = &rest[end..];
    }
    values
}

/// The output file an internal URL leads to (`/a/` -> `a/index.html`), relative to the page at
/// `from`; `None` for external links, `mailto:`, `tel:` and bare `#anchors`.
pub fn link_target(from: &str, href: &str) -> Option<String> {
    let href = href.split(['#', '?']).next().unwrap_or("");
    if href.is_empty() || href.starts_with("//") || href.contains(':') {
        return None;
    }
    let mut parts: Vec<&str> = if href.starts_with('/') {
        Vec::new()
    } else {
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for segment in href.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if href.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

/// What a crawl from `index.html` found.
pub struct Crawl {
    /// HTML files reached by links.
    pub reached: BTreeSet<String>,
    /// `(page, href)` of internal links that lead to no file.
    pub broken: Vec<(String, String)>,
}

/// Follows every internal `href`, `src` and form `action` from `index.html` through the files of
/// a built site, as a visitor without JavaScript would, plus the search page that the header
/// search field opens (named in `<meta name="kb-search-page">`).
pub fn crawl(files: &BTreeMap<String, Vec<u8>>) -> Crawl {
    let mut reached = BTreeSet::new();
    let mut broken = Vec::new();
    let mut todo = vec!["index.html".to_string()];
    while let Some(page) = todo.pop() {
        if !reached.insert(page.clone()) {
            continue;
        }
        let html = String::from_utf8_lossy(&files[&page]).into_owned();
        let mut hrefs = Vec::new();
        for attr in ["href", "src", "action"] {
            hrefs.extend(attribute_values(&html, attr));
        }
        if let Some(i) = html.find("<meta name=\"kb-search-page\" content=\"") {
            hrefs.extend(attribute_values(&html[i..i + html[i..].find('>').unwrap_or(0)], "content"));
        }
        for href in hrefs {
            let Some(target) = link_target(&page, &href) else { continue };
            let target = if files.contains_key(&target) {
                target
            } else if files.contains_key(&format!("{target}/index.html")) {
                format!("{target}/index.html")
            } else {
                broken.push((page.clone(), href));
                continue;
            };
            if target.ends_with(".html") && !reached.contains(&target) {
                todo.push(target);
            }
        }
    }
    Crawl { reached, broken }
}

/// The text between the first `start` and the next `end` after it.
#[track_caller]
pub fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("{start:?} not found")) + start.len();
    let to = text[from..].find(end).unwrap_or_else(|| panic!("{end:?} not found after {start:?}"));
    &text[from..from + to]
}

// ---------------------------------------------------------------------------------------------
// HTTP, for `kennisbank serve`

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("a local address").port()
}

pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.0 GET with the path sent exactly as given (no normalisation, so traversal
/// attempts reach the server as written).
pub fn http_get(port: u16, path: &str) -> std::io::Result<HttpResponse> {
    http_request(port, "GET", path, &[], "")
}

/// One HTTP/1.0 request with the given method, extra header lines (`Name: value`) and body.
pub fn http_request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[String],
    body: &str,
) -> std::io::Result<HttpResponse> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut head = format!("{method} {path} HTTP/1.0\r\n");
    if !headers.iter().any(|h| h.to_ascii_lowercase().starts_with("host:")) {
        head.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for h in headers {
        head.push_str(&format!("{h}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((text.as_str(), ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no HTTP status line in {head:?}")))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Ok(HttpResponse { status, headers, body: body.to_string() })
}

/// `kennisbank serve` as a child process, stopped when dropped (also when a test panics).
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Server {
    /// Starts serving `root` and waits until it answers.
    pub fn start(root: &Path) -> Server {
        let port = free_port();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_kennisbank"))
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(root)
            .env("SOURCE_DATE_EPOCH", BUILD_EPOCH)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("kennisbank serve starts");
        let mut server = Server { child, port };
        let started = Instant::now();
        loop {
            if let Ok(home) = server.get("/") {
                // The tests start from a site that builds; an error page here explains a failure.
                assert_eq!(home.status, 200, "the site does not build under serve:\n{}", home.body);
                return server;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("kennisbank serve stopped at once: {status}");
            }
            assert!(started.elapsed() < Duration::from_secs(30), "kennisbank serve did not answer in 30 s");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn get(&self, path: &str) -> std::io::Result<HttpResponse> {
        http_get(self.port, path)
    }

    /// Polls `path` until `done` holds for the response; panics after `timeout`.
    #[track_caller]
    pub fn wait_for(
        &self,
        path: &str,
        timeout: Duration,
        what: &str,
        done: impl Fn(&HttpResponse) -> bool,
    ) -> HttpResponse {
        let started = Instant::now();
        let mut last = None;
        while started.elapsed() < timeout {
            if let Ok(response) = self.get(path) {
                if done(&response) {
                    return response;
                }
                last = Some((response.status, response.body));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("{what}: not seen at {path} within {timeout:?}; last answer: {last:?}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The example site (the repository's own content), built once for every test of this binary
/// that reads it: each caller shares the one build.
pub fn example_site() -> &'static Path {
    static BUILT: std::sync::OnceLock<(TempDir, PathBuf)> = std::sync::OnceLock::new();
    let (_, out) = BUILT.get_or_init(|| {
        let tmp = TempDir::new().expect("a temporary folder");
        let out = tmp.path().join("site");
        run(kennisbank()
            .arg("build")
            .arg("--root")
            .arg(env!("CARGO_MANIFEST_DIR"))
            .arg("--output")
            .arg(&out))
        .ok();
        (tmp, out)
    });
    out
}

/// A page of the built example site (`rel` like `hulp/hulplijnen/index.html`).
#[track_caller]
pub fn example_page(rel: &str) -> String {
    let path = example_site().join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}
