//! The publishing steps of docs/PUBLISHING.md, run locally by `scripts/publish-local.sh`: the
//! example site built with this binary, its output checked for what a static host needs
//! (index.html, 404.html, `_headers` with the Content-Security-Policy, the same policy in every
//! page's `<meta>`, nothing written outside the output folder), copied to a second folder and
//! served by a local static server that answers `/`, `/meldcode/` and a missing page (with
//! 404.html and status 404) as GitLab Pages and GitHub Pages do.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn the_publishing_script_builds_checks_and_serves_the_example_site() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let started = Instant::now();
    let out = Command::new("bash")
        .arg(root.join("scripts/publish-local.sh"))
        .arg(env!("CARGO_BIN_EXE_kennisbank"))
        .arg(root)
        .current_dir(root)
        .env("SOURCE_DATE_EPOCH", crate::common::BUILD_EPOCH)
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "publish-local.sh failed ({})\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        out.status
    );
    assert!(stdout.contains("all checks passed"), "no success line:\n{stdout}");
    assert!(stdout.contains("404 with 404.html"), "the missing page was not checked:\n{stdout}");
    assert!(started.elapsed() < Duration::from_secs(60), "took {:?}", started.elapsed());
}
