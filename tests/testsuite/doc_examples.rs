//! Every example in the README and in `docs/` works as shown (issue 32): each block of site
//! files is put into a fresh `kennisbank init` site the way a user pastes it, and the site
//! builds, passes `check` without errors and shows what the text promises.
//!
//! A block says where it goes in its info string, after the language: ```` ```toml
//! kennisbank.toml ```` (merged into the config: a table the example sets replaces the init
//! site's value of that key), ```` ```markdown content/x.md ```` (a file of the site),
//! ```` ```toml front-matter ```` (a page with that front matter; the pages and trainings it
//! links to are made with `kennisbank new`). A block of site-file languages without a place
//! fails this test: an example nobody tried is how the README came to show a config that did
//! not build.

use std::path::{Path, PathBuf};

use crate::common::{kennisbank, run};

/// Languages whose blocks are site files and so must say where they go.
const SITE_LANGUAGES: [&str; 6] = ["toml", "markdown", "md", "html", "csv", "tera"];

/// The documents whose examples are tried; the benchmark history quotes old commands.
fn documents() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs = vec![root.join("README.md")];
    let mut more: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("docs/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter(|p| !p.ends_with("benchmarks-history.md"))
        .collect();
    more.sort();
    docs.extend(more);
    docs
}

#[derive(Debug)]
struct Example {
    doc: String,
    line: usize,
    language: String,
    target: Option<String>,
    text: String,
}

/// The fenced blocks of a markdown file (``` fences at the start of a line).
fn examples(path: &Path) -> Vec<Example> {
    let source = std::fs::read_to_string(path).expect("read a document");
    let doc = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut found = Vec::new();
    let mut open: Option<Example> = None;
    for (n, line) in source.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => {
                let mut words = info.split_whitespace();
                open = Some(Example {
                    doc: doc.clone(),
                    line: n + 1,
                    language: words.next().unwrap_or_default().to_string(),
                    target: words.next().map(str::to_string),
                    text: String::new(),
                });
            }
            (Some(_), Some(rest)) if rest.trim().is_empty() => found.extend(open.take()),
            (Some(example), _) => {
                example.text.push_str(line);
                example.text.push('\n');
            }
            (None, None) => {}
        }
    }
    found
}

/// `patch`'s keys into `base`: tables merge key by key, anything else replaces.
fn merge(base: &mut toml::Table, patch: toml::Table) {
    for (key, value) in patch {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(into)), toml::Value::Table(from)) => merge(into, from),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// A fresh `init` site in a temporary folder.
fn init_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::TempDir::new().unwrap();
    let root = tmp.path().join("site");
    run(kennisbank().arg("init").arg(&root).arg("-q")).ok();
    (tmp, root)
}

/// Puts `example` into the site at `root`, as a user would paste it.
fn apply(root: &Path, example: &Example, n: usize) {
    let target = example.target.as_deref().expect("checked before");
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    match target {
        "kennisbank.toml" => {
            let path = root.join("kennisbank.toml");
            let mut config: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
            let patch: toml::Table = example
                .text
                .parse()
                .unwrap_or_else(|e| panic!("{}:{} is no valid TOML: {e}", example.doc, example.line));
            merge(&mut config, patch);
            std::fs::write(path, toml::to_string(&config).unwrap()).unwrap();
        }
        "front-matter" => {
            // The pages it links to exist in a real site: make them as a user would.
            for link in example.text.split('"').filter(|s| s.starts_with("@/")) {
                let rel = link.trim_start_matches("@/");
                if root.join("content").join(rel).exists() {
                    continue;
                }
                let line = example.text.lines().find(|l| l.contains(link)).unwrap_or_default();
                let kind = if line.trim_start().starts_with("training") { "training" } else { "guidance" };
                run(kennisbank()
                    .arg("new")
                    .arg(format!("content/{rel}"))
                    .args(["--kind", kind, "--root"])
                    .arg(root))
                .ok();
            }
            let page = format!("content/voorbeelden/voorbeeld-{n}.md");
            for file in example.text.lines().filter_map(|l| l.trim().strip_prefix("file = \"")) {
                write(&format!("content/voorbeelden/{}", file.trim_end_matches('"')), "a,b\n1,2\n");
            }
            write(&page, &format!("+++\ntitle = \"Voorbeeld {n}\"\n{}+++\n\nEen voorbeeld.\n", example.text));
        }
        rel => write(rel, &example.text),
    }
}

#[test]
fn every_example_of_site_files_says_where_it_goes() {
    let untested: Vec<String> = documents()
        .iter()
        .flat_map(|d| examples(d))
        .filter(|e| SITE_LANGUAGES.contains(&e.language.as_str()) && e.target.is_none())
        .map(|e| format!("{}:{} ({})", e.doc, e.line, e.language))
        .collect();
    assert!(
        untested.is_empty(),
        "these examples name no place in a site, so no test tries them (write ```LANG PLACE, \
         like ```toml kennisbank.toml): {untested:?}"
    );
}

#[test]
fn every_example_pasted_into_a_new_site_builds_and_does_what_it_says() {
    let mut tried = 0;
    for doc in documents() {
        let examples: Vec<Example> = examples(&doc).into_iter().filter(|e| e.target.is_some()).collect();
        if examples.is_empty() {
            continue;
        }
        let (_tmp, root) = init_site();
        for (n, example) in examples.iter().enumerate() {
            apply(&root, example, n);
            tried += 1;
        }
        let places: Vec<String> = examples.iter().map(|e| format!("{}:{}", e.doc, e.line)).collect();
        let build = run(kennisbank().arg("build").arg("--root").arg(&root));
        assert_eq!(build.code, 0, "the examples of {} ({places:?}) do not build:\n{build}", doc.display());
        let check = run(kennisbank().arg("check").arg("--root").arg(&root));
        assert_eq!(check.code, 0, "the examples of {} fail `check`:\n{check}", doc.display());
        if doc.ends_with("README.md") {
            readme_promises(&root.join("public"));
        }
    }
    assert!(tried >= 10, "only {tried} examples found: is the block syntax still ```LANG PLACE?");
}

/// What the README says its examples do.
fn readme_promises(public: &Path) {
    let read = |rel: &str| {
        std::fs::read_to_string(public.join(rel))
            .unwrap_or_else(|e| panic!("the README's example site lacks {rel}: {e}"))
    };
    let home = read("index.html");
    // [organisation]: its number and note in the help banner, its other numbers and chat below.
    assert!(
        home.contains("het Steunpunt <a href=\"tel:08002000\">0800-2000</a> (gratis, dag en nacht)"),
        "{home}"
    );
    assert!(home.contains("De Kindertelefoon: <a href=\"tel:08000432\">0800-0432</a>"), "{home}");
    assert!(home.contains("href=\"https://chat.example.nl/\""), "{home}");
    // The chart shortcode, spread over two lines, draws a chart with its table and download.
    let chart = read("cijfers/index.html");
    assert!(
        chart.contains("<svg") && chart.contains("<table"),
        "no chart on the chart example's page:\n{chart}"
    );
    assert!(!chart.contains("{{"), "template syntax left in the page:\n{chart}");
    // [[generate]]: a page per record, through the example's template.
    assert!(read("regio/voorbeeldstad/index.html").contains("Wijkteam Centrum"));
    // [print] and [offline] of /signalen/.
    assert!(read("signalen/afdrukken/index.html").contains("<h1"));
    assert!(read("offline/manifest.json").contains("/signalen/"));
    // The slide deck is a deck.
    assert!(
        read("voor-trainers/presentaties/ouderavond/index.html").contains("aria-roledescription=\"dia\"")
    );
}
