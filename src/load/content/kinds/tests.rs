//! The kind checks of one file: sound trees, session times, age bands; and where each problem
//! points (its key path, in TOML and YAML front matter alike, never the first place the same
//! text happens to be written).

use std::path::Path;

use crate::load::content::front_matter::{parse_map, read, split};
use kb_core::diagnostics::Diagnostic;

fn problems(src: &str) -> Vec<Diagnostic> {
    let file = Path::new("a.md");
    let sp = split(file, src).unwrap();
    let map = parse_map(file, src, &sp).unwrap();
    read(file, src, &sp, map, &[]).1
}

const TREE: &str = r#"+++
title = "Afwegingskader"
kind = "decision"
start = "vermoeden"
[[questions]]
id = "vermoeden"
text = "Is er een vermoeden?"
[[questions.answers]]
label = "Nee"
next = "afsluiten"
[[questions.answers]]
label = "Ja"
next = "NEXT"
[[questions]]
id = "acuut"
text = "Is er acute onveiligheid?"
[[questions.answers]]
label = "Ja"
next = "melden"
[[questions.answers]]
label = "Nee"
next = "afsluiten"
[[outcomes]]
id = "afsluiten"
title = "Afsluiten"
[[outcomes]]
id = "melden"
title = "Melden"
+++
"#;

#[test]
fn a_sound_tree_has_no_problems() {
    assert!(problems(&TREE.replace("NEXT", "acuut")).is_empty());
}

#[test]
fn missing_target_is_an_error_at_its_line() {
    let p = problems(&TREE.replace("NEXT", "akuut"));
    let missing = p.iter().find(|d| d.message.contains("does not exist")).unwrap();
    assert_eq!(missing.location.as_ref().unwrap().line, 13);
    assert!(missing.hint.as_ref().unwrap().contains("did you mean `acuut`"));
    assert!(p.iter().any(|d| d.message.contains("`acuut` can never be reached")));
}

#[test]
fn loops_are_errors() {
    let src = TREE.replace("NEXT", "acuut").replace("next = \"melden\"", "next = \"vermoeden\"");
    let p = problems(&src);
    let looped = p.iter().find(|d| d.message.contains("leads back to `vermoeden`")).expect("a loop error");
    // At the answer that loops, not at `start = "vermoeden"`.
    assert_eq!(looped.location.as_ref().unwrap().line, 19, "{p:?}");
}

#[test]
fn session_end_before_start_is_an_error() {
    let src = "+++\ntitle = \"T\"\nkind = \"training\"\n[[sessions]]\nstart = 2027-01-14T13:30:00\nend = 2027-01-14T12:00:00\nlocation = \"Assen\"\n+++\n";
    let p = problems(src);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].message.contains("ends before it starts"));
    assert_eq!(p[0].location.as_ref().unwrap().line, 6);
}

#[test]
fn unknown_age_band_is_an_error() {
    let p = problems("+++\ntitle = \"T\"\nkind = \"checklist\"\nage_band = \"0-5\"\n+++\n");
    assert!(p[0].message.contains("unknown age band"));
}

/// 1-based line and column of the `n`th (0-based) occurrence of `needle` in `src`.
fn place(src: &str, needle: &str, n: usize) -> (usize, usize) {
    let (offset, _) =
        src.match_indices(needle).nth(n).unwrap_or_else(|| panic!("{needle:?} #{n} is not in the text"));
    let line_start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
    (src[..offset].matches('\n').count() + 1, src[line_start..offset].chars().count() + 1)
}

/// Where the problem saying `message` points.
fn at(problems: &[Diagnostic], message: &str) -> (usize, usize) {
    let d = problems
        .iter()
        .find(|d| d.message.contains(message))
        .unwrap_or_else(|| panic!("no {message:?} in {problems:?}"));
    let location = d.location.as_ref().expect("a location");
    (location.line, location.column)
}

#[test]
fn missing_target_in_an_inline_table_is_found_by_its_path_not_by_its_text() {
    // `'akuut'` is written in an earlier `help`; the answers are inline tables.
    let src = r#"+++
title = "Kader"
kind = "decision"
start = "vermoeden"
[[questions]]
id = "vermoeden"
text = "Is er een vermoeden?"
help = "Twijfel? Zeg dan 'akuut' tegen een collega."
answers = [{ label = "Nee", next = "afsluiten" }, { label = "Ja", next = "akuut" }]
[[outcomes]]
id = "afsluiten"
title = "Afsluiten"
+++
"#;
    assert_eq!(at(&problems(src), "leads to `akuut`"), place(src, "\"akuut\" }", 0));
}

#[test]
fn missing_target_in_yaml_flow_mappings_is_found_by_its_path() {
    let src = "---\ntitle: Kader\nkind: decision\nstart: vermoeden\nquestions:\n  - id: vermoeden\n    text: Is er een vermoeden?\n    help: \"Twijfel? Zeg dan 'akuut'.\"\n    answers:\n      - {label: Nee, next: afsluiten}\n      - {label: Ja, next: akuut}\noutcomes:\n  - id: afsluiten\n    title: Afsluiten\n---\n";
    assert_eq!(at(&problems(src), "leads to `akuut`"), place(src, "akuut}", 0));
}

#[test]
fn same_target_twice_points_at_the_answer_that_counts() {
    // The first `next = "akuut"` belongs to an answer without a label, which is not read: the
    // error is the second one's.
    let src = TREE.replace(
        "[[questions.answers]]\nlabel = \"Nee\"\nnext = \"afsluiten\"",
        "[[questions.answers]]\nnext = \"akuut\"\n[[questions.answers]]\nlabel = \"Nee\"\nnext = \"afsluiten\"",
    );
    let src = src.replace("NEXT", "akuut");
    let (line, column) = place(&src, "next = \"akuut\"", 1);
    assert_eq!(at(&problems(&src), "leads to `akuut`"), (line, column + 7));
}

#[test]
fn duplicate_id_in_yaml_flow_style_points_at_the_second_definition() {
    let src = "---\ntitle: Kader\nkind: decision\nstart: vraag\nquestions:\n  - id: vraag\n    text: Is er een vermoeden?\n    answers:\n      - label: Ja\n        next: klaar\noutcomes: [{id: klaar, title: Klaar}, {id: klaar, title: Nog eens}]\n---\n";
    assert_eq!(at(&problems(src), "`klaar` is used twice"), place(src, "klaar, title: Nog", 0));
}

#[test]
fn a_wrong_type_in_the_second_session_points_at_that_session() {
    let src = "+++\ntitle = \"T\"\nkind = \"training\"\n[[sessions]]\nstart = 2027-01-14T13:30:00\nend = 2027-01-14T16:30:00\nplaces = 12\n[[sessions]]\nstart = 2027-02-14T13:30:00\nend = 2027-02-14T16:30:00\nplaces = \"veel\"\n+++\n";
    assert_eq!(at(&problems(src), "`places` must be a whole number"), place(src, "\"veel\"", 0));
}

#[test]
fn the_second_session_without_an_end_in_yaml_points_at_that_session() {
    let src = "---\ntitle: T\nkind: training\nsessions:\n  - start: 2027-01-14T13:30:00\n    end: 2027-01-14T16:30:00\n  - start: 2027-02-14T13:30:00\n    location: Assen\n---\n";
    assert_eq!(at(&problems(src), "session 2 has no `end` time"), place(src, "start: 2027-02", 0));
}
