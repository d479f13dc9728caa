//! The exact text of diagnostics, as an author sees them in a terminal without colours:
//! severity, file:line:col, the source line with a caret, and the hint. Compared with
//! `tests/snapshots/<name>.txt`; after a deliberate change, regenerate them with
//! `UPDATE_SNAPSHOTS=1 cargo test --release --test testsuite diagnostics_snapshots` and review the diff.

use std::fs;
use std::path::PathBuf;

use crate::common::Site;

fn snapshot(name: &str, site: &Site) {
    let run = site.build(&["--output", site.path("public").to_str().expect("utf-8 path")]);
    assert_eq!(run.code, 1, "{run}");
    let root = site.root().to_string_lossy().into_owned();
    let actual = run.stderr.replace(&root, "<site>");
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        fs::write(&file, &actual).expect("write the snapshot");
        return;
    }
    let expected = fs::read_to_string(&file).unwrap_or_else(|_| panic!("no snapshot {}", file.display()));
    assert_eq!(actual, expected, "diagnostics changed; see {}", file.display());
}

#[test]
fn misspelt_field_and_broken_link() {
    let site = Site::minimal();
    site.write(
        "content/signalen.md",
        "+++\ntitle = \"Signalen\"\naudiance = [\"public\"]\n+++\n\nLees eerst [de meldcode](@/meldcode.md#stap-2).\n",
    );
    snapshot("misspelt_field_and_broken_link", &site);
}

#[test]
fn decision_tree_with_a_missing_target() {
    let site = Site::minimal();
    site.write(
        "content/beslishulp.md",
        "+++\ntitle = \"Beslishulp\"\nkind = \"decision\"\nstart = \"vraag\"\n\n[[questions]]\nid = \"vraag\"\ntext = \"Is er direct gevaar?\"\n\n[[questions.answers]]\nlabel = \"Ja\"\nnext = \"bel-112\"\n\n[[questions.answers]]\nlabel = \"Nee\"\nnext = \"advies\"\n\n[[outcomes]]\nid = \"advies\"\ntitle = \"Vraag advies\"\ntext = \"Bel 0800-2000.\"\n+++\n",
    );
    snapshot("decision_tree_with_a_missing_target", &site);
}

#[test]
fn unknown_config_key_and_training_format() {
    let site = Site::minimal();
    site.write(
        "kennisbank.toml",
        "title = \"Testsite\"\nbase_url = \"https://test.example.nl\"\ndefault_langauge = \"nl\"\n",
    );
    snapshot("unknown_config_key", &site);
    let site = Site::minimal();
    site.write(
        "content/cursus.md",
        "+++\ntitle = \"Cursus\"\nkind = \"training\"\nformat = \"klassikal\"\n\n[[sessions]]\nstart = 2027-01-14T13:30:00\nend = 2027-01-14T12:30:00\nlocation = \"Assen\"\n+++\n",
    );
    snapshot("training_format_and_session_times", &site);
}

/// Issue 26, item 6: every construct of another generator that cannot be read is an error at
/// its place, with what was expected and a hint; none is left as text without a word.
#[test]
fn unclosed_and_unreadable_dialect_blocks() {
    let site = Site::minimal();
    site.write("content/hugo.md", "---\ntitle: Hugo\n---\n\n{{< details summary=\"Meer\" >}}\nDe tekst.\n");
    site.write(
        "content/zola.md",
        "+++\ntitle = \"Zola\"\n+++\n\n{% details(summary=\"Meer\") %}\nDe tekst.\n",
    );
    site.write(
        "content/mdx.mdx",
        "---\ntitle: MDX\n---\n\n<Tabs>\n<TabItem value=\"a\" label=\"A\">\n\nDe tekst.\n\n</TabItem>\n",
    );
    site.write(
        "content/mkdocs.md",
        "---\ntitle: MkDocs\n---\n\n!!! \"Let op\"\n    De tekst.\n\n=== Eerste\n    Meer.\n",
    );
    snapshot("unclosed_and_unreadable_dialect_blocks", &site);
}
