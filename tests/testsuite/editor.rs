//! The authoring editor of `kennisbank serve`, over HTTP as the browser uses it: a page gets
//! "Bewerk deze pagina"; a preview shows unsaved text with the build's diagnostics at their
//! lines; a save writes the file (and never over a change made on disk meanwhile); a new page
//! is made from its kind; publishing commits and pushes to a git remote. And every way of
//! writing without being the editor page of this server is refused and writes nothing.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{self, Server, Site, http_request};

const PREFIX: &str = "/__kennisbank/editor/";

fn site() -> Site {
    let site = Site::empty();
    site.write("kennisbank.toml", "title = \"Testsite\"\nbase_url = \"https://test.example.nl\"\n");
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n\nWelkom. Lees [een](@/a/een.md#kop).\n");
    site.write("content/a/_index.md", "+++\ntitle = \"A\"\n+++\n\nSectie A.\n");
    site.write(
        "content/a/een.md",
        "+++\ntitle = \"Een\"\n+++\n\n## Kop\n\nRegel een.\n\nRegel twee.\n\nRegel drie.\n",
    );
    site
}

/// The editor's token, read from its page as the browser does.
fn token(server: &Server, rel: &str) -> String {
    let page = server.get(&format!("{PREFIX}bewerk/{rel}")).unwrap();
    assert_eq!(page.status, 200, "{}", page.body);
    let csp = page.header("Content-Security-Policy").unwrap_or_default();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    let at = page.body.find("name=\"kb-token\" content=\"").expect("a token") + 25;
    page.body[at..at + 64].to_string()
}

fn post(server: &Server, token: &str, route: &str, body: &Value) -> (u16, Value) {
    let headers = [
        format!("Origin: http://127.0.0.1:{}", server.port),
        format!("X-Kennisbank-Token: {token}"),
        "Content-Type: application/json".to_string(),
    ];
    let response =
        http_request(server.port, "POST", &format!("{PREFIX}{route}"), &headers, &body.to_string()).unwrap();
    (response.status, serde_json::from_str(&response.body).unwrap_or(Value::Null))
}

#[test]
fn a_page_is_edited_previewed_and_saved() {
    let site = site();
    let server = Server::start(site.root());
    let page = server.get("/a/een/").unwrap();
    assert!(
        page.body.contains(&format!("<a href=\"{PREFIX}bewerk/a/een.md\">Bewerk deze pagina</a>")),
        "{}",
        page.body
    );
    let section = server.get("/a/").unwrap();
    assert!(section.body.contains(&format!("{PREFIX}bewerk/a/_index.md")), "a section edits its _index.md");
    let token = token(&server, "a/een.md");

    // The preview is the real page with the unsaved text, and the build's words at their line.
    let text =
        "+++\ntitle = \"Een\"\n+++\n\n## Kop\n\nNieuwe zin van de trainer.\n\nZie [weg](@/a/weg.md).\n";
    let (status, answer) = post(&server, &token, "voorbeeld", &json!({ "rel": "a/een.md", "text": text }));
    assert_eq!(status, 200, "{answer}");
    let problem = &answer["diagnostics"][0];
    assert_eq!((problem["line"].as_u64(), problem["column"].as_u64()), (Some(9), Some(11)), "{answer}");
    assert!(problem["text"].as_str().unwrap().contains("content/a/een.md:9:11"), "{answer}");
    let preview = server.get(&format!("{PREFIX}voorbeeld/a/een.md")).unwrap();
    assert!(preview.body.contains("Nieuwe zin van de trainer."));
    // Nothing was written, and the served page is still the saved one.
    assert!(site.read("content/a/een.md").contains("Regel een."));
    assert!(!server.get("/a/een/").unwrap().body.contains("Nieuwe zin"));

    let base = site.read("content/a/een.md");
    let saved = "+++\ntitle = \"Een\"\n+++\n\n## Kop\n\nNieuwe zin van de trainer.\n";
    let (status, answer) =
        post(&server, &token, "opslaan", &json!({ "rel": "a/een.md", "base": base, "text": saved }));
    assert_eq!((status, answer["saved"].as_str()), (200, Some("written")), "{answer}");
    assert_eq!(site.read("content/a/een.md"), saved);
    server.wait_for("/a/een/", Duration::from_secs(10), "the saved text", |r| r.body.contains("Nieuwe zin"));

    // "Vorige versie terugzetten" puts the text before the save back.
    let (status, answer) = post(&server, &token, "terugzetten", &json!({ "rel": "a/een.md" }));
    assert_eq!(status, 200, "{answer}");
    assert_eq!(site.read("content/a/een.md"), base);
}

/// A page that exists on disk but not yet in the last build (made a moment ago, before the
/// watcher's rebuild) is built for its preview, not refused.
#[test]
fn a_page_made_a_moment_ago_is_previewed() {
    let site = site();
    let server = Server::start(site.root());
    let token = token(&server, "a/een.md");
    let text = "+++\ntitle = \"Nieuw\"\n+++\n\nEen nieuwe pagina.\n";
    site.write("content/a/nieuw.md", text);
    let (status, answer) = post(&server, &token, "voorbeeld", &json!({ "rel": "a/nieuw.md", "text": text }));
    assert_eq!((status, answer["page"].as_bool()), (200, Some(true)), "{answer}");
    let preview = server.get(&format!("{PREFIX}voorbeeld/a/nieuw.md")).unwrap();
    assert!(preview.body.contains("Een nieuwe pagina."), "{}", preview.body);
    // A file that is not there is still not previewed.
    let (status, _) = post(&server, &token, "voorbeeld", &json!({ "rel": "a/weg.md", "text": text }));
    assert_eq!(status, 409);
}

#[test]
fn a_change_on_disk_is_never_overwritten() {
    let site = site();
    let server = Server::start(site.root());
    let token = token(&server, "a/een.md");
    let base = site.read("content/a/een.md");
    // Someone else changes the last line while the author edits it too: nothing is written.
    let theirs = base.replace("Regel drie.", "Regel drie, van een collega.");
    site.write("content/a/een.md", &theirs);
    let mine = base.replace("Regel drie.", "Regel drie, van de auteur.");
    let (status, answer) =
        post(&server, &token, "opslaan", &json!({ "rel": "a/een.md", "base": base, "text": mine }));
    assert_eq!(status, 409, "{answer}");
    assert_eq!(answer["disk"].as_str(), Some(theirs.as_str()));
    assert_eq!(site.read("content/a/een.md"), theirs, "the change on disk survives");
    // Changes in other lines merge.
    let mine = base.replace("Regel een.", "Regel een, bijgewerkt.");
    let (status, answer) =
        post(&server, &token, "opslaan", &json!({ "rel": "a/een.md", "base": base, "text": mine }));
    assert_eq!((status, answer["saved"].as_str()), (200, Some("merged")), "{answer}");
    let merged = site.read("content/a/een.md");
    assert!(
        merged.contains("Regel een, bijgewerkt.") && merged.contains("Regel drie, van een collega."),
        "{merged}"
    );
}

#[test]
fn writes_from_elsewhere_or_to_elsewhere_are_refused_and_write_nothing() {
    let tmp = Site::empty();
    let site_root = tmp.path("site");
    for (rel, text) in [
        ("site/kennisbank.toml", "title = \"Testsite\"\n"),
        ("site/content/_index.md", "+++\ntitle = \"Home\"\n+++\n\nWelkom.\n"),
        ("site/content/a/een.md", "+++\ntitle = \"Een\"\n+++\n\nTekst.\n"),
        ("buiten.md", "+++\ntitle = \"Buiten\"\n+++\n"),
    ] {
        tmp.write(rel, text);
    }
    std::fs::create_dir(tmp.path("buiten")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(tmp.path("buiten"), site_root.join("content/uit")).unwrap();
    let server = Server::start(&site_root);
    let token = token(&server, "a/een.md");
    // (The whole folder cannot be walked: `uit` leads out of it.)
    let snapshot = || {
        let mut files = common::tree(&site_root.join("content/a"));
        files.extend(common::tree(&tmp.path("buiten")));
        for rel in ["buiten.md", "site/kennisbank.toml", "site/content/_index.md"] {
            files.insert(rel.to_string(), std::fs::read(tmp.path(rel)).unwrap());
        }
        files
    };
    let before = snapshot();
    let save =
        |rel: &str| json!({ "rel": rel, "base": "", "text": "+++\ntitle = \"Gekaapt\"\n+++\n" }).to_string();
    let port = server.port;
    let origin = format!("Origin: http://127.0.0.1:{port}");
    let with_token = format!("X-Kennisbank-Token: {token}");
    let cases: Vec<(&str, Vec<String>, String, &[u16])> = vec![
        (
            "another origin",
            vec!["Origin: http://evil.example".into(), with_token.clone()],
            save("a/een.md"),
            &[403],
        ),
        ("no origin", vec![with_token.clone()], save("a/een.md"), &[403]),
        (
            "a foreign Host",
            vec![format!("Host: evil.example:{port}"), origin.clone(), with_token.clone()],
            save("a/een.md"),
            &[403],
        ),
        ("no token", vec![origin.clone()], save("a/een.md"), &[403]),
        ("a wrong token", vec![origin.clone(), "X-Kennisbank-Token: 00".into()], save("a/een.md"), &[403]),
        ("..", vec![origin.clone(), with_token.clone()], save("../../buiten.md"), &[400]),
        ("an absolute path", vec![origin.clone(), with_token.clone()], save("/etc/x.md"), &[400]),
        ("encoded ..", vec![origin.clone(), with_token.clone()], save("%2e%2e/%2e%2e/buiten.md"), &[400]),
        ("a symlink out", vec![origin.clone(), with_token.clone()], save("uit/buiten.md"), &[400]),
        ("no markdown", vec![origin.clone(), with_token.clone()], save("a/een.html"), &[400]),
    ];
    for (what, headers, body, expected) in cases {
        let response = http_request(port, "POST", &format!("{PREFIX}opslaan"), &headers, &body).unwrap();
        assert!(expected.contains(&response.status), "{what}: {} {}", response.status, response.body);
    }
    // A GET never writes, and the editor's pages need this server's own name too.
    let get = http_request(
        port,
        "GET",
        &format!("{PREFIX}bewerk/a/een.md"),
        &[format!("Host: evil.example:{port}")],
        "",
    )
    .unwrap();
    assert_eq!(get.status, 403);
    let get_save = http_request(port, "GET", &format!("{PREFIX}opslaan"), &[], "").unwrap();
    assert_ne!(get_save.status, 200);
    common::assert_same_tree(&before, &snapshot());
    assert_eq!(
        std::fs::read_dir(tmp.path("buiten")).unwrap().count(),
        0,
        "nothing was written through the link"
    );
}

#[test]
fn serve_on_another_address_has_no_editor() {
    let site = site();
    let port = common::free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kennisbank"))
        .args(["serve", "--bind", "0.0.0.0", "--port", &port.to_string(), "--root"])
        .arg(site.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut page = None;
    for _ in 0..200 {
        if let Ok(r) = common::http_get(port, "/a/een/") {
            page = Some(r);
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let editor = common::http_get(port, &format!("{PREFIX}bewerk/a/een.md"));
    child.kill().unwrap();
    let output = child.wait_with_output().unwrap();
    let page = page.expect("serve answers");
    assert!(!page.body.contains("Bewerk deze pagina"));
    assert_ne!(editor.unwrap().status, 200);
    assert!(String::from_utf8_lossy(&output.stdout).contains("No editor"));
}

#[test]
fn a_new_page_is_made_from_its_kind_and_published_to_the_remote() {
    let tmp = Site::empty();
    let root = tmp.path("site");
    let remote = tmp.path("remote.git");
    tmp.write(
        "site/kennisbank.toml",
        format!("title = \"Testsite\"\n\n[publish]\nremote = \"{}\"\nbranch = \"main\"\n", remote.display()),
    );
    tmp.write("site/content/_index.md", "+++\ntitle = \"Home\"\n+++\n\nWelkom.\n");
    tmp.write("site/content/scholing/_index.md", "+++\ntitle = \"Scholing\"\n+++\n");
    let git = |dir: &Path, args: &[&str]| {
        let out = Command::new("git").arg("-C").arg(dir).args(args).output().unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    Command::new("git").args(["init", "-q", "--bare"]).arg(&remote).status().unwrap();
    git(&root, &["init", "-q", "-b", "main"]);
    git(&root, &["config", "user.name", "Trainer Test"]);
    git(&root, &["config", "user.email", "trainer@example.org"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "begin"]);

    let server = Server::start(&root);
    let token = token(&server, "_index.md");
    let (status, answer) = post(
        &server,
        &token,
        "nieuw",
        &json!({ "kind": "training", "section": "scholing", "title": "Stalking herkennen" }),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["rel"], "scholing/stalking-herkennen.md");
    let made = std::fs::read_to_string(root.join("content/scholing/stalking-herkennen.md")).unwrap();
    assert!(made.contains("title = \"Stalking herkennen\"") && made.contains("[[sessions]]"), "{made}");
    server.wait_for("/scholing/stalking-herkennen/", Duration::from_secs(10), "the new page", |r| {
        r.status == 200
    });

    let pending = server.get(&format!("{PREFIX}wijzigingen")).unwrap();
    assert!(pending.body.contains("content/scholing/stalking-herkennen.md"), "{}", pending.body);
    let (status, answer) =
        post(&server, &token, "publiceer", &json!({ "message": "Nieuwe training over stalking" }));
    assert_eq!(status, 200, "{answer}");
    let log = git(&remote, &["log", "--format=%an <%ae> %s", "main"]);
    assert!(log.starts_with("Trainer Test <trainer@example.org> Nieuwe training over stalking"), "{log}");
    let files = git(&remote, &["ls-tree", "-r", "--name-only", "main"]);
    assert!(files.contains("content/scholing/stalking-herkennen.md"), "{files}");

    // A push that fails says why in Dutch and keeps the commit.
    std::fs::remove_dir_all(&remote).unwrap();
    site_edit(&root);
    let (status, answer) = post(&server, &token, "publiceer", &json!({ "message": "Tweede wijziging" }));
    assert_eq!(status, 502, "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("veilig"), "{answer}");
    assert!(git(&root, &["log", "--format=%s", "-1"]).contains("Tweede wijziging"));
}

fn site_edit(root: &Path) {
    std::fs::write(root.join("content/_index.md"), "+++\ntitle = \"Home\"\n+++\n\nWelkom terug.\n").unwrap();
}

#[test]
fn a_renamed_page_keeps_its_links_and_its_old_address() {
    let site = site();
    let server = Server::start(site.root());
    let token = token(&server, "a/een.md");
    let (status, answer) =
        post(&server, &token, "verplaats", &json!({ "rel": "a/een.md", "to": "a/eerste.md" }));
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["relinked"], json!(["_index.md"]));
    assert!(!site.path("content/a/een.md").exists());
    assert!(site.read("content/a/eerste.md").contains("aliases = [\"/a/een/\"]"));
    assert!(site.read("content/_index.md").contains("(@/a/eerste.md#kop)"));
    server.wait_for("/a/eerste/", Duration::from_secs(10), "the moved page", |r| r.status == 200);
    // The old address leads to the new one.
    let old = server
        .wait_for("/a/een/", Duration::from_secs(10), "the old address", |r| r.body.contains("/a/eerste/"));
    assert!(old.body.contains("http-equiv=\"refresh\""), "{}", old.body);
    let home = server.get("/").unwrap();
    assert!(home.body.contains("href=\"/a/eerste/#kop\""), "{}", home.body);
    // A name that is taken, or a section, is refused and moves nothing.
    site.write("content/a/twee.md", "+++\ntitle = \"Twee\"\n+++\n");
    let (status, _) = post(&server, &token, "verplaats", &json!({ "rel": "a/eerste.md", "to": "a/twee.md" }));
    assert_eq!(status, 400);
    let (status, _) =
        post(&server, &token, "verplaats", &json!({ "rel": "a/_index.md", "to": "b/_index.md" }));
    assert_eq!(status, 400);
    assert!(site.path("content/a/eerste.md").exists() && site.path("content/a/_index.md").exists());
}
