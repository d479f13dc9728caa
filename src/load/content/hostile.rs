//! Hostile front matter (issue 30): generated TOML and YAML front matter, decision trees among
//! them, never panics, and reading it takes time linear in its size (a front matter of size S
//! and one of 8S within a factor of ten), also when every entry is a problem to report.

use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::front_matter::{parse_map, read, split};
use kb_core::diagnostics::Diagnostic;

/// Reads a whole file's front matter the way the loader does; the problems it reports.
fn problems(source: &str) -> Vec<Diagnostic> {
    let file = Path::new("a.md");
    let sp = match split(file, source) {
        Ok(sp) => sp,
        Err(d) => return vec![d],
    };
    match parse_map(file, source, &sp) {
        Ok(map) => read(file, source, &sp, map, &["tags"]).1,
        Err(d) => vec![d],
    }
}

/// `source(n)` and `source(8n)` read within a factor of ten (in CPU time).
fn assert_linear(what: &str, n: usize, source: impl Fn(usize) -> String) {
    kb_core::scaling::assert_linear(what, n, source, |s| {
        problems(s);
    });
}

/// A TOML decision tree of `n` questions in a chain; `next(i)` is where question i's answers go.
fn toml_tree(n: usize, next: impl Fn(usize) -> String) -> String {
    let mut s = String::from("+++\ntitle = \"Boom\"\nkind = \"decision\"\nstart = \"q0\"\n");
    for i in 0..n {
        s.push_str(&format!("[[questions]]\nid = \"q{i}\"\ntext = \"Vraag {i}?\"\n"));
        for label in ["Ja", "Nee"] {
            s.push_str(&format!("[[questions.answers]]\nlabel = \"{label}\"\nnext = \"{}\"\n", next(i)));
        }
    }
    s.push_str("[[outcomes]]\nid = \"einde\"\ntitle = \"Einde\"\n+++\n\nTekst.\n");
    s
}

/// The same tree in YAML front matter.
fn yaml_tree(n: usize, next: impl Fn(usize) -> String) -> String {
    let mut s = String::from("---\ntitle: Boom\nkind: decision\nstart: q0\nquestions:\n");
    for i in 0..n {
        s.push_str(&format!("  - id: q{i}\n    text: Vraag {i}?\n    answers:\n"));
        for label in ["Ja", "Nee"] {
            s.push_str(&format!("      - label: {label}\n        next: {}\n", next(i)));
        }
    }
    s.push_str("outcomes:\n  - id: einde\n    title: Einde\n---\n\nTekst.\n");
    s
}

fn chained(n: usize) -> impl Fn(usize) -> String {
    move |i| if i + 1 == n { "einde".into() } else { format!("q{}", i + 1) }
}

#[test]
fn sound_trees_cost_linear_time() {
    assert_linear("TOML chain", 200, |n| toml_tree(n, chained(n)));
    assert_linear("YAML chain", 200, |n| yaml_tree(n, chained(n)));
}

#[test]
fn trees_with_a_problem_per_question_cost_linear_time() {
    // Every answer leads nowhere: 2N errors, each placed at its own line.
    assert_linear("TOML, N answers to nowhere", 100, |n| toml_tree(n, |_| "nergens".into()));
    assert_linear("YAML, N answers to nowhere", 100, |n| yaml_tree(n, |_| "nergens".into()));
}

#[test]
fn many_problems_are_capped_with_a_count() {
    let listed = problems(&toml_tree(200, |_| "nergens".into()));
    let max = super::front_matter::MAX_PROBLEMS_PER_FRONT_MATTER;
    assert_eq!(listed.len(), max + 1, "{listed:#?}");
    assert!(listed[..max].iter().all(|d| d.location.as_ref().is_some_and(|l| l.line > 1)));
    let last = &listed[max];
    assert!(last.message.contains("more problems in this front matter are not listed"), "{last:?}");
    assert!(last.is_error() && last.location.as_ref().is_some_and(|l| l.line == 2), "{last:?}");
}

#[test]
fn fields_and_lists_cost_linear_time() {
    assert_linear("N unknown TOML fields", 500, |n| {
        let fields: String = (0..n).map(|i| format!("veld{i} = \"x\"\n")).collect();
        format!("+++\ntitle = \"T\"\n{fields}+++\n")
    });
    assert_linear("N misspelt TOML fields", 500, |n| {
        let fields: String = (0..n).map(|i| format!("titel{i} = 1\n")).collect();
        format!("+++\ntitle = \"T\"\n{fields}+++\n")
    });
    assert_linear("N YAML fields written twice", 500, |n| {
        let fields: String = (0..n).map(|i| format!("veld{}: x\n", i % 7)).collect();
        format!("---\ntitle: T\n{fields}---\n")
    });
    assert_linear("a YAML list of N tags", 1000, |n| {
        let tags: String = (0..n).map(|i| format!("  - tag {i}\n")).collect();
        format!("---\ntitle: T\nkeywords:\n{tags}---\n")
    });
    assert_linear("N wrong types in a list of sessions", 200, |n| {
        let sessions: String = (0..n).map(|_| "[[sessions]]\nstart = 5\nend = []\n".to_string()).collect();
        format!("+++\ntitle = \"T\"\nkind = \"training\"\n{sessions}+++\n")
    });
    assert_linear("N YAML aliases of one bad answer", 200, |n| {
        let aliases: String =
            (0..n).map(|i| format!("  - id: q{i}\n    text: V\n    answers: *a\n")).collect();
        format!(
            "---\ntitle: T\nkind: decision\nstart: q0\nx: &a\n  - label: Ja\n    next: nergens\nquestions:\n{aliases}outcomes:\n  - id: u\n    title: U\n---\n"
        )
    });
}

#[test]
fn alias_bombs_and_deep_nesting_end_quickly() {
    // "Billion laughs": each level nine aliases of the one before.
    let mut bomb = String::from("---\na0: &a0 [\"lol\"]\n");
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    bomb.push_str("title: T\n---\n");
    let deep_yaml = format!("---\ntitle: {}x{}\n---\n", "[".repeat(100_000), "]".repeat(100_000));
    let deep_toml = format!("+++\ntitle = {}1{}\n+++\n", "[".repeat(100_000), "]".repeat(100_000));
    let inline_tables = format!("+++\ntitle = {}\n+++\n", "{a = ".repeat(50_000));
    for source in [bomb, deep_yaml, deep_toml, inline_tables] {
        let started = Instant::now();
        let found = problems(&source);
        assert!(!found.is_empty(), "{}", &source[..80]);
        assert!(started.elapsed() < Duration::from_secs(5), "{:?}: {}", started.elapsed(), &source[..80]);
    }
}

/// Text for a generated value: hostile HTML, odd Unicode, quotes and fences of both formats.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "\u{202e}",
        "\u{200b}",
        "\u{feff}",
        "é",
        "𝔘",
        "\"",
        "'",
        "\\",
        "\n",
        "\r\n",
        "\t",
        "+++",
        "---",
        "...",
        "#",
        ":",
        "=",
        "[",
        "]",
        "{",
        "}",
        "&a",
        "*a",
        "!!binary",
        "? ",
        "- ",
        "|",
        ">",
        "\u{0}",
        "q0",
        "einde",
        "vraag",
        " ",
    ]);
    (prop::collection::vec(pieces, 0..6), ".{0,8}").prop_map(|(pieces, tail)| pieces.concat() + &tail)
}

/// A quoted string valid in TOML (basic) and YAML (double-quoted) alike: characters either
/// refuses unescaped (controls, DEL, C1 controls, BOM, noncharacters) escaped.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{20}'..='\u{7e}' => out.push(c),
            c if (c as u32) < 0xa0 || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}') => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One line of TOML front matter, sound or not.
fn toml_line() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "title",
        "slug",
        "tags",
        "date",
        "weight",
        "kind",
        "start",
        "id",
        "text",
        "next",
        "label",
        "aliases",
        "audience",
        "description",
        "draft",
        "extra",
        "updated",
        "url",
    ]);
    prop_oneof![
        (key.clone(), hostile_text()).prop_map(|(k, v)| format!("{k} = {}", quoted(&v))),
        (key.clone(), prop::collection::vec(hostile_text(), 0..4)).prop_map(|(k, v)| format!(
            "{k} = [{}]",
            v.iter().map(|t| quoted(t)).collect::<Vec<_>>().join(", ")
        )),
        (key.clone(), any::<i64>()).prop_map(|(k, v)| format!("{k} = {v}")),
        key.clone().prop_map(|k| format!("{k} = 2026-12-01")),
        prop::sample::select(vec![
            "kind = \"decision\"",
            "kind = \"training\"",
            "kind = \"checklist\"",
            "[[questions]]",
            "[[questions.answers]]",
            "[[outcomes]]",
            "[[outcomes.links]]",
            "[[sessions]]",
            "[extra]",
            "[taxonomies]",
            "start = \"2026-12-01T09:00:00\"",
            "end = \"2026-12-01T08:00:00\"",
        ])
        .prop_map(str::to_string),
        hostile_text(),
    ]
}

/// One line of YAML front matter, sound or not.
fn yaml_line() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "title",
        "slug",
        "tags",
        "date",
        "weight",
        "kind",
        "start",
        "id",
        "text",
        "next",
        "label",
        "hide",
        "audience",
        "description",
        "draft",
        "extra",
        "questions",
        "answers",
        "outcomes",
        "sessions",
    ]);
    let indent = prop::sample::select(vec!["", "", "  ", "    ", "  - ", "- ", "      - "]);
    prop_oneof![
        (indent.clone(), key.clone(), hostile_text()).prop_map(|(i, k, v)| format!("{i}{k}: {}", quoted(&v))),
        (indent.clone(), key.clone(), hostile_text()).prop_map(|(i, k, v)| format!("{i}{k}: {v}")),
        (indent.clone(), key.clone()).prop_map(|(i, k)| format!("{i}{k}:")),
        (indent, key).prop_map(|(i, k)| format!("{i}{k}: &a [*a]")),
        hostile_text(),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(toml_line(), 0..24)
            .prop_map(|lines| format!("+++\n{}\n+++\n\nTekst.\n", lines.join("\n"))),
        prop::collection::vec(yaml_line(), 0..24)
            .prop_map(|lines| format!("---\n{}\n---\n\nTekst.\n", lines.join("\n"))),
        (
            prop::sample::select(vec!["+++\n", "---\n", "\u{feff}---\n", "\n\n+++\n", "--- \r\n"]),
            hostile_text()
        )
            .prop_map(|(fence, rest)| format!("{fence}{rest}")),
    ]
}

/// A decision tree, sound or not: answers lead to questions, outcomes or nothing; loops,
/// repeated ids and hostile text included.
fn decision_tree() -> impl Strategy<Value = (String, bool)> {
    let target = prop::sample::select(vec!["q0", "q1", "q2", "q3", "q4", "q5", "u0", "u1", "nergens", ""]);
    let answers = prop::collection::vec((hostile_text(), target.clone()), 0..4);
    let questions = prop::collection::vec(
        (prop::sample::select(vec!["q0", "q1", "q2", "q3", "q4", "q5", "u0"]), hostile_text(), answers),
        0..7,
    );
    let links = prop::collection::vec(
        (
            hostile_text(),
            prop::sample::select(vec!["https://x.nl", "/pad/", "javascript:alert(1)", "@/a.md", ""]),
        ),
        0..3,
    );
    let outcomes = prop::collection::vec(
        (prop::sample::select(vec!["u0", "u1", "q0"]), hostile_text(), hostile_text(), links),
        0..3,
    );
    (questions, outcomes, target, any::<bool>()).prop_map(|(questions, outcomes, start, yaml)| {
        let mut s = String::new();
        if yaml {
            s.push_str(&format!("---\ntitle: Boom\nkind: decision\nstart: {}\nquestions:\n", quoted(start)));
            for (id, text, answers) in &questions {
                s.push_str(&format!("  - id: {}\n    text: {}\n    answers:\n", quoted(id), quoted(text)));
                for (label, next) in answers {
                    s.push_str(&format!(
                        "      - label: {}\n        next: {}\n",
                        quoted(label),
                        quoted(next)
                    ));
                }
            }
            s.push_str("outcomes:\n");
            for (id, title, text, links) in &outcomes {
                s.push_str(&format!(
                    "  - id: {}\n    title: {}\n    text: {}\n    links:\n",
                    quoted(id),
                    quoted(title),
                    quoted(text)
                ));
                for (title, url) in links {
                    s.push_str(&format!("      - title: {}\n        url: {}\n", quoted(title), quoted(url)));
                }
            }
            s.push_str("---\n");
        } else {
            s.push_str(&format!("+++\ntitle = \"Boom\"\nkind = \"decision\"\nstart = {}\n", quoted(start)));
            for (id, text, answers) in &questions {
                s.push_str(&format!("[[questions]]\nid = {}\ntext = {}\n", quoted(id), quoted(text)));
                for (label, next) in answers {
                    s.push_str(&format!(
                        "[[questions.answers]]\nlabel = {}\nnext = {}\n",
                        quoted(label),
                        quoted(next)
                    ));
                }
            }
            for (id, title, text, links) in &outcomes {
                s.push_str(&format!(
                    "[[outcomes]]\nid = {}\ntitle = {}\ntext = {}\n",
                    quoted(id),
                    quoted(title),
                    quoted(text)
                ));
                for (title, url) in links {
                    s.push_str(&format!(
                        "[[outcomes.links]]\ntitle = {}\nurl = {}\n",
                        quoted(title),
                        quoted(url)
                    ));
                }
            }
            s.push_str("+++\n");
        }
        (s, yaml)
    })
}

/// Every problem points into the file it is about.
fn assert_placed_within(source: &str, found: &[Diagnostic]) {
    let lines = source.lines().count().max(1);
    let max = super::front_matter::MAX_PROBLEMS_PER_FRONT_MATTER;
    assert!(found.len() <= max + 1, "{} problems", found.len());
    for d in found {
        if let Some(at) = &d.location {
            assert!(at.line >= 1 && at.line <= lines + 1, "line {} of {lines}: {d:?}", at.line);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_front_matter_never_panics(source in front_matter()) {
        let found = problems(&source);
        assert_placed_within(&source, &found);
    }

    #[test]
    fn generated_decision_trees_never_panic((source, _yaml) in decision_tree()) {
        let file = Path::new("a.md");
        let sp = split(file, &source).expect("closed");
        let map = parse_map(file, &source, &sp).expect("generated as valid TOML or YAML");
        let (front, found) = read(file, &source, &sp, map, &[]);
        assert_placed_within(&source, &found);
        if let super::kinds::KindData::Decision(d) = &front.kind_data {
            // A tree read without errors is sound: every answer leads somewhere known.
            if !found.iter().any(Diagnostic::is_error) {
                let known: std::collections::HashSet<&str> =
                    d.questions.iter().map(|q| q.id.as_str()).chain(d.outcomes.iter().map(|o| o.id.as_str())).collect();
                assert!(d.questions.iter().flat_map(|q| &q.answers).all(|a| known.contains(a.next.as_str())));
            }
        }
    }
}
