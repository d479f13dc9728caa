//! The shape of the code, checked: the application's stages import only earlier stages, and
//! no crate's top-level modules import each other in a cycle. Cargo already refuses a library
//! crate (`crates/`) that imports the application; inside a crate only this test keeps the
//! order that `src/lib.rs` promises.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The application's stages, in the order data flows through them (`src/lib.rs`).
const STAGES: &[&str] = &["load", "model", "docs", "index", "pages", "output", "app"];

/// Every crate's source folder: the application's and each library's.
fn crate_sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = vec![root.join("src")];
    let mut libraries: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .expect("crates/ is readable")
        .map(|entry| entry.expect("crates/ entry").path().join("src"))
        .filter(|src| src.is_dir())
        .collect();
    libraries.sort();
    sources.extend(libraries);
    sources
}

/// The code of a file without its comments and without its unit tests (a test may reach
/// anywhere in its crate).
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("source is readable");
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => &text[..],
    };
    strip_comments(text)
}

fn strip_comments(text: &str) -> String {
    text.lines().map(|line| line.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// The names that follow `prefix` in `code`: `crate::load::x` gives `load`; a group
/// `crate::{load, model::X}` gives both.
fn names_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let word = |s: &str| s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>();
    for (at, _) in code.match_indices(prefix) {
        let before = code[..at].chars().last();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                names.insert(word(item.trim()));
            }
        } else {
            names.insert(word(rest));
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

/// Top-level module -> the crate's other top-level modules it imports.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let top_level: BTreeSet<String> = std::fs::read_dir(src)
        .expect("src is readable")
        .map(|e| e.expect("src entry").file_name().to_string_lossy().trim_end_matches(".rs").to_string())
        .filter(|name| name != "lib" && name != "main" && !binary_modules(src).contains(name))
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(src).into_iter().map(|e| e.expect("walk src")) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel: Vec<String> = path
            .strip_prefix(src)
            .expect("under src")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let module = rel[0].trim_end_matches(".rs").to_string();
        if !top_level.contains(&module) {
            continue;
        }
        // In a top-level module's own file `super::` is the crate root; deeper, it is not.
        let is_root_file = rel.len() == 1 || (rel.len() == 2 && rel[1] == "mod.rs");
        let code = code_of(path);
        let mut used = names_after(&code, "crate::");
        if is_root_file {
            used.extend(names_after(&code, "super::"));
        }
        used.retain(|name| top_level.contains(name) && *name != module);
        graph.entry(module).or_default().extend(used);
    }
    graph
}

/// The modules of the binary's own root (`mod allocator;` in `src/main.rs`): they belong to the
/// program, not to the library's stages.
fn binary_modules(src: &Path) -> BTreeSet<String> {
    let main = std::fs::read_to_string(src.join("main.rs")).unwrap_or_default();
    main.lines()
        .filter_map(|l| l.trim().strip_prefix("mod ").and_then(|m| m.strip_suffix(';')))
        .map(str::to_string)
        .collect()
}

/// The modules on a cycle of `graph`, if there is one (depth-first search).
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_crate_has_an_import_cycle_between_its_top_level_modules() {
    for src in crate_sources() {
        let graph = module_graph(&src);
        assert!(graph.len() > 1, "{} has modules", src.display());
        if let Some(cycle) = find_cycle(&graph) {
            panic!("{}: the modules {} import each other in a cycle", src.display(), cycle.join(" -> "));
        }
    }
}

#[test]
fn no_stage_imports_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = module_graph(&src);
    let rank = |name: &str| STAGES.iter().position(|s| *s == name);
    let mut wrong = Vec::new();
    for (module, imports) in &graph {
        let Some(own) = rank(module) else {
            panic!("src/{module} is not a stage: src/ holds the stages of src/lib.rs and nothing else");
        };
        for import in imports {
            if rank(import).is_some_and(|r| r > own) {
                wrong.push(format!("{module} imports the later stage {import}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn lib_rs_is_the_stage_list() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let modules: Vec<&str> = lib
        .lines()
        .filter(|l| !l.trim_start().starts_with("//") && !l.trim().is_empty())
        .map(|l| l.trim().trim_start_matches("pub mod ").trim_end_matches(';'))
        .collect();
    assert_eq!(modules, STAGES, "src/lib.rs declares the stages in order, and nothing else");
}

#[test]
fn the_checker_sees_an_upward_import_and_a_cycle() {
    // The same reading on made-up code, so that a broken parser cannot pass the tests above.
    let code = strip_comments(
        "use crate::{pages::View, model};\n// crate::app in a comment\nfn f() { super::docs::x() }",
    );
    assert_eq!(names_after(&code, "crate::"), BTreeSet::from(["pages".to_string(), "model".to_string()]));
    assert_eq!(names_after(&code, "super::"), BTreeSet::from(["docs".to_string()]));
    let graph = BTreeMap::from([
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["c".to_string()])),
        ("c".to_string(), BTreeSet::from(["a".to_string()])),
    ]);
    assert_eq!(find_cycle(&graph).map(|c| c.len()), Some(4));
}

/// The stages that read the derived settings (`model::settings`), never the config.
const AFTER_SETTINGS: &[&str] = &["docs", "index", "pages", "output"];

#[test]
fn stages_after_the_model_read_settings_not_the_config() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for stage in AFTER_SETTINGS {
        for entry in walkdir::WalkDir::new(src.join(stage)).into_iter().map(|e| e.expect("walk src")) {
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let code = code_of(entry.path());
            for name in ["Config", "SiteConfig"] {
                if names_after(&code, "config::").contains(name) || mentions_type(&code, name) {
                    wrong.push(format!("{} names `{name}`", entry.path().display()));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "these read the config; read `lib.settings` (derived once, checked before any stage runs):\n{}",
        wrong.join("\n")
    );
}

/// Whether `code` uses the type `name` as a type (`&Config`, `: Config`), not as a part of a
/// longer name (`LanguageConfig`).
fn mentions_type(code: &str, name: &str) -> bool {
    code.match_indices(name).any(|(at, _)| {
        let before = code[..at].chars().last();
        let after = code[at + name.len()..].chars().next();
        let part_of_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        !part_of_word(before) && !part_of_word(after)
    })
}

#[test]
fn the_settings_check_sees_the_config_type() {
    assert!(mentions_type("fn f(config: &Config) {}", "Config"));
    assert!(!mentions_type("fn f(l: &LanguageConfig, p: ProptestConfig) {}", "Config"));
    assert!(names_after("use crate::load::config::{Config, KeyStep};", "config::").contains("Config"));
}

/// `docs/ARCHITECTURE.md` is the newcomer's map: every path it names exists, every file name
/// it names is a file of the tree, and it names every library crate and every stage folder.
#[test]
fn the_architecture_map_matches_the_tree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let map = std::fs::read_to_string(root.join("docs/ARCHITECTURE.md")).expect("docs/ARCHITECTURE.md");
    let names: BTreeSet<String> = walkdir::WalkDir::new(root.join("src"))
        .into_iter()
        .chain(walkdir::WalkDir::new(root.join("crates")))
        .map(|e| e.expect("walk the tree").file_name().to_string_lossy().into_owned())
        .collect();
    let mut wrong = Vec::new();
    for quoted in map.split('`').skip(1).step_by(2) {
        let is_path =
            ["src/", "crates/", "docs/", "tests/", "scripts/"].iter().any(|p| quoted.starts_with(p));
        if is_path && !quoted.contains(' ') {
            if !root.join(quoted).exists() {
                wrong.push(format!("`{quoted}` does not exist"));
            }
        } else if quoted.ends_with(".rs") && !quoted.contains(' ') && !names.contains(quoted) {
            wrong.push(format!("no file is named `{quoted}`"));
        }
    }
    for stage in STAGES {
        if !map.contains(&format!("`src/{stage}/`")) {
            wrong.push(format!("the stage folder `src/{stage}/` is not on the map"));
        }
    }
    for entry in std::fs::read_dir(root.join("crates")).expect("crates/") {
        let manifest = entry.expect("crates/ entry").path().join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else { continue };
        let name = text.lines().find_map(|l| l.strip_prefix("name = \"")).map(|n| n.trim_end_matches('"'));
        if let Some(name) = name
            && !map.contains(&format!("`{name}`"))
        {
            wrong.push(format!("the crate `{name}` is not on the map"));
        }
    }
    assert!(wrong.is_empty(), "docs/ARCHITECTURE.md is out of date:\n{}", wrong.join("\n"));
}
