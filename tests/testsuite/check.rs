//! `kennisbank check`: the editorial checks, read from `--format json` (what CI uses), and its
//! exit codes. Nothing is ever written.

use crate::common;

use crate::common::Site;
use serde_json::Value;

/// The diagnostics of a check run whose message holds `needle`.
fn find<'a>(report: &'a Value, needle: &str) -> Vec<&'a Value> {
    report["diagnostics"]
        .as_array()
        .expect("`diagnostics` is a list")
        .iter()
        .filter(|d| d["message"].as_str().is_some_and(|m| m.contains(needle)))
        .collect()
}

/// Asserts one diagnostic with `needle` at `file:line:column` with `severity`; returns it.
#[track_caller]
fn expect_one<'a>(report: &'a Value, needle: &str, file: &str, line: u64, column: u64) -> &'a Value {
    let found = find(report, needle);
    let at: Vec<&&Value> = found.iter().filter(|d| d["file"] == file).collect();
    assert_eq!(at.len(), 1, "expected one {needle:?} in {file}:\n{report:#}");
    let d = at[0];
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(line), Some(column)), "{d:#}");
    d
}

/// A site whose pages link each other, so only what a test adds can be an orphan.
fn linked_site() -> Site {
    let site = Site::minimal();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\n\nLees [een](@/a/een.md) en [twee](@/a/twee.md).\n",
    );
    site.write("content/a/een.md", "+++\ntitle = \"Een\"\n+++\n\nZie [twee](@/a/twee.md).\n");
    site.write("content/a/twee.md", "+++\ntitle = \"Twee\"\n+++\n\nZie [een](@/a/een.md).\n");
    site
}

#[test]
fn a_clean_site_passes_even_with_deny_warnings() {
    let site = linked_site();
    let (run, report) = site.check_json(&["--deny-warnings"]);
    let run = run.ok();
    assert_eq!(report["errors"], 0, "{run}");
    assert_eq!(report["warnings"], 0, "{run}");
    assert_eq!(report["diagnostics"].as_array().map(Vec::len), Some(0));
    assert!(!site.public().exists(), "check wrote output");
}

#[test]
fn orphan_pages_are_listed_by_path() {
    let site = linked_site();
    site.write("content/a/vergeten.md", "+++\ntitle = \"Vergeten\"\n+++\n\nNiemand linkt hierheen.\n");
    let (run, report) = site.check_json(&[]);
    run.ok();
    let d = expect_one(&report, "orphan page", "content/a/vergeten.md", 1, 1);
    assert!(d["message"].as_str().unwrap().contains("a/vergeten.md"));
    assert_eq!(d["severity"], "warning");
    assert_eq!(find(&report, "orphan page").len(), 1, "linked pages are reported as orphans:\n{report:#}");
}

#[test]
fn duplicate_titles_name_each_other() {
    let site = linked_site();
    site.write("content/a/twee.md", "+++\ntitle = \"een\"\n+++\n\nZie [een](@/a/een.md).\n");
    let (_, report) = site.check_json(&[]);
    let first = expect_one(&report, "two pages have the same title", "content/a/een.md", 1, 1);
    assert!(first["hint"].as_str().unwrap().contains("content/a/twee.md"), "{first:#}");
    let second = expect_one(&report, "two pages have the same title", "content/a/twee.md", 1, 1);
    assert!(second["hint"].as_str().unwrap().contains("content/a/een.md"), "{second:#}");
}

#[test]
fn overdue_reviews_name_their_owner() {
    let site = linked_site();
    site.write(
        "content/a/een.md",
        "+++\ntitle = \"Een\"\nowner = \"Team Jeugd\"\nreview_by = 2026-06-01\n+++\n\nZie [twee](@/a/twee.md).\n",
    );
    // Not overdue yet: the build date is 2026-11-01.
    site.write(
        "content/a/twee.md",
        "+++\ntitle = \"Twee\"\nowner = \"Team Ouderen\"\nreview_by = 2027-01-01\n+++\n\nZie [een](@/a/een.md).\n",
    );
    let (_, report) = site.check_json(&[]);
    let d = expect_one(&report, "review date 2026-06-01 has passed", "content/a/een.md", 4, 1);
    assert!(d["message"].as_str().unwrap().contains("(owner: Team Jeugd)"), "{d:#}");
    assert!(find(&report, "Team Ouderen").is_empty(), "a review that is not due is reported");
    // The page itself shows readers a notice.
    site.build(&[]).ok();
    assert!(site.output("a/een/index.html").contains("Deze pagina wordt gecontroleerd"));
    assert!(!site.output("a/twee/index.html").contains("Deze pagina wordt gecontroleerd"));
}

#[test]
fn raw_html_that_breaks_the_csp_is_flagged() {
    let site = linked_site();
    site.write(
        "content/a/een.md",
        "+++\ntitle = \"Een\"\n+++\n\nZie [twee](@/a/twee.md) of <span onclick=\"boem()\">klik</span>.\n\n<script>alert(1)</script>\n\n<p style=\"color: red\">Rood</p>\n\n<kbd>Esc</kbd> mag wel.\n",
    );
    let (run, report) = site.check_json(&["--deny-warnings"]);
    run.code(1);
    let line5 = "Zie [twee](@/a/twee.md) of <span onclick=\"boem()\">klik</span>.";
    let column = line5.find("<span").unwrap() as u64 + 1;
    let d = expect_one(
        &report,
        "inline event handler (`on...=`) breaks the Content-Security-Policy",
        "content/a/een.md",
        5,
        column,
    );
    assert_eq!(d["severity"], "warning");
    expect_one(&report, "`<script>` element breaks the Content-Security-Policy", "content/a/een.md", 7, 1);
    expect_one(
        &report,
        "inline `style=` attribute breaks the Content-Security-Policy",
        "content/a/een.md",
        9,
        1,
    );
    // `<kbd>` is harmless.
    assert_eq!(find(&report, "Content-Security-Policy").len(), 3, "{report:#}");
}

#[test]
fn hard_to_read_public_pages_are_flagged_with_their_longest_sentence() {
    let site = linked_site();
    let hard = "De multidisciplinaire samenwerkingsverbanden betreffende huiselijkgeweldsproblematiek vereisen institutionele coördinatiemechanismen alsmede geïntegreerde verantwoordelijkheidsverdelingen tussen organisaties.";
    site.write(
        "content/a/een.md",
        format!("+++\ntitle = \"Een\"\naudience = [\"public\"]\n+++\n\nZie [twee](@/a/twee.md).\n\n{hard}\n"),
    );
    // The same text for professionals is not measured.
    site.write(
        "content/a/twee.md",
        format!(
            "+++\ntitle = \"Twee\"\naudience = [\"professional\"]\n+++\n\nZie [een](@/a/een.md).\n\n{hard}\n"
        ),
    );
    site.write(
        "content/a/drie.md",
        "+++\ntitle = \"Drie\"\naudience = [\"public\"]\n+++\n\nZie [een](@/a/een.md). Je kunt ons bellen. Wij helpen je. Het is gratis.\n",
    );
    let (_, report) = site.check_json(&[]);
    let d = expect_one(&report, "hard to read for a public page", "content/a/een.md", 1, 1);
    let hint = d["hint"].as_str().unwrap();
    assert!(hint.contains(hard.trim_end_matches('.')), "the longest sentence is not named: {hint}");
    assert!(hint.contains("verantwoordelijkheidsverdelingen"), "the long words are not named: {hint}");
    assert_eq!(find(&report, "hard to read").len(), 1, "{report:#}");
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let site = linked_site();
    site.write("content/a/vergeten.md", "+++\ntitle = \"Vergeten\"\n+++\n\nNiemand linkt hierheen.\n");
    let (_, report) = site.check_json(&[]);
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 1, "{report:#}");
    let (run, _) = site.check_json(&["--deny-warnings"]);
    run.code(1);
    let human =
        common::run(common::kennisbank().args(["check", "--deny-warnings", "--root"]).arg(site.root()));
    let human = human.code(1).stdout_has("── content/a/vergeten.md").stdout_has("0 error(s), 1 warning(s).");
    assert!(human.stdout.contains("content/a/vergeten.md:1:1"), "{human}");
}

#[test]
fn errors_fail_and_are_reported_at_their_place() {
    let site = linked_site();
    site.write("content/a/een.md", "+++\ntitle = \"Een\"\n+++\n\nZie [twee](@/a/twe.md#kop).\n");
    let (run, report) = site.check_json(&[]);
    run.code(1);
    assert_eq!(report["errors"], 1, "{report:#}");
    let d = expect_one(&report, "link to a page that does not exist: `a/twe.md`", "content/a/een.md", 5, 12);
    assert_eq!(d["severity"], "error");
    assert!(d["hint"].as_str().unwrap().contains("did you mean `@/a/twee.md`?"));
    assert!(!site.public().exists(), "check wrote output");
}

#[test]
fn front_matter_problems_are_reported_by_check_too() {
    let site = linked_site();
    site.write("content/a/twee.md", "+++\ntitle = \"Twee\"\nkind = \"checklist\"\nage_band = \"0-3\"\n+++\n\n## Gedrag\n\n- [ ] Is stil\n\nZie [een](@/a/een.md).\n");
    let (run, report) = site.check_json(&[]);
    run.code(1);
    expect_one(&report, "unknown age band `0-3`", "content/a/twee.md", 4, 12);
}
