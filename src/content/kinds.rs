//! The content kinds of a knowledge base and their front matter: checklists (signalenlijsten),
//! decision aids, trainings, passports, slide decks and products. Read and checked here, file
//! by file; checks that need other pages (a passport naming a training) happen in the site model.

pub mod product;
pub mod slides;

use jiff::civil::DateTime;
use serde::Serialize;
use serde_json::{Map, Value};

use super::front_matter::FieldReader;
use crate::config::KeyStep::{Index, Key};
use crate::config::SpanPart;
use crate::diagnostics::{Diagnostic, unknown_name_hint};

pub const AGE_BANDS: &[&str] = &["0-4", "4-12", "12-18", "volwassenen", "ouderen"];
pub const TRAINING_FORMATS: &[&str] = &["klassikaal", "e-learning", "webinar", "intervisie"];

#[derive(Debug, Clone, Default)]
pub enum KindData {
    #[default]
    None,
    Checklist(Checklist),
    Training(Training),
    Passport(Passport),
    Decision(Decision),
    Slides(slides::Slides),
    Product(product::Product),
}

#[derive(Debug, Clone, Serialize)]
pub struct Checklist {
    pub age_band: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Training {
    pub roles: Vec<String>,
    pub format: Option<String>,
    pub duration: Option<String>,
    pub goals: Vec<String>,
    pub points: Option<f64>,
    pub repeat_every: Option<String>,
    pub trainer: Option<String>,
    pub sessions: Vec<TrainingSession>,
    /// `@/` paths of the slide decks used in the training, as written.
    pub decks: Vec<String>,
}

/// Times are local to Europe/Amsterdam, as trainers write them.
#[derive(Debug, Clone, Serialize)]
pub struct TrainingSession {
    pub start: DateTime,
    pub end: DateTime,
    pub location: String,
    pub places: Option<i64>,
    pub register: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Passport {
    pub role: String,
    pub expertise: Vec<String>,
    pub required: Vec<RequiredTraining>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequiredTraining {
    /// `@/` path of the training page, as written.
    pub training: String,
    pub repeat_every: Option<String>,
    /// Which `training =` line of the front matter (for error positions).
    #[serde(skip)]
    pub index: usize,
}

/// A decision tree: questions whose answers lead to another question or an outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub start: String,
    pub questions: Vec<Question>,
    pub outcomes: Vec<Outcome>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub help: Option<String>,
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub label: String,
    pub next: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub id: String,
    pub title: String,
    pub text: String,
    pub links: Vec<OutcomeLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeLink {
    pub title: String,
    pub url: String,
}

/// Reads the fields of `kind` from the front matter map (they stay in `extra` for templates).
pub fn read(kind: &str, r: &mut FieldReader, map: &Map<String, Value>) -> KindData {
    let mut map = map.clone();
    match kind {
        "checklist" => {
            let age_band = r.string(&mut map, "age_band");
            if let Some(band) = &age_band
                && !AGE_BANDS.contains(&band.as_str())
            {
                let d = Diagnostic::error(format!("unknown age band `{band}`")).with_hint(unknown_name_hint(
                    band,
                    AGE_BANDS,
                    "age bands",
                ));
                let d = r.at_value_of("age_band", d);
                r.diagnostics.push(d);
            }
            KindData::Checklist(Checklist { age_band })
        }
        "training" => KindData::Training(read_training(r, &mut map)),
        "passport" => read_passport(r, &mut map).map_or(KindData::None, KindData::Passport),
        "decision" => read_decision(r, &mut map).map_or(KindData::None, KindData::Decision),
        "slides" => KindData::Slides(slides::read(r, &mut map)),
        "product" => product::read(r, &mut map).map_or(KindData::None, KindData::Product),
        _ => KindData::None,
    }
}

fn read_training(r: &mut FieldReader, map: &mut Map<String, Value>) -> Training {
    let format = r.string(map, "format");
    if let Some(f) = &format
        && !TRAINING_FORMATS.contains(&f.as_str())
    {
        let hint = unknown_name_hint(f, TRAINING_FORMATS, "formats");
        let d = r.at_value_of(
            "format",
            Diagnostic::error(format!("unknown training format `{f}`")).with_hint(hint),
        );
        r.diagnostics.push(d);
    }
    let points = match map.remove("points") {
        Some(Value::Number(n)) => n.as_f64(),
        None | Some(Value::Null) => None,
        Some(_) => {
            let d = r.at_value_of(
                "points",
                Diagnostic::error("`points` must be a number").with_hint("write it like `points = 3`"),
            );
            r.diagnostics.push(d);
            None
        }
    };
    let mut sessions = Vec::new();
    let items = match map.remove("sessions") {
        Some(Value::Array(items)) => items,
        None | Some(Value::Null) => Vec::new(),
        Some(_) => {
            let d = r.at_value_of(
                "sessions",
                Diagnostic::error("`sessions` must be a list of tables").with_hint(SESSION_EXAMPLE),
            );
            r.diagnostics.push(d);
            Vec::new()
        }
    };
    for (n, item) in items.into_iter().enumerate() {
        let Value::Object(mut s) = item else { continue };
        let start = session_time(r, &mut s, "start", n);
        let end = session_time(r, &mut s, "end", n);
        let location = r.string(&mut s, "location").unwrap_or_default();
        let places = r.integer(&mut s, "places");
        let register = r.string(&mut s, "register");
        if let (Some(start), Some(end)) = (start, end) {
            if end <= start {
                let d = Diagnostic::error(format!("session {} ends before it starts", n + 1))
                    .with_hint("check the `end` time: it must come after `start`");
                let d = r.at(&[Key("sessions"), Index(n), Key("end")], SpanPart::Value, d);
                r.diagnostics.push(d);
            }
            sessions.push(TrainingSession { start, end, location, places, register });
        }
    }
    sessions.sort_by_key(|s| s.start);
    Training {
        roles: r.string_list(map, "roles"),
        format,
        duration: r.string(map, "duration"),
        goals: r.string_list(map, "goals"),
        points,
        repeat_every: r.string(map, "repeat_every"),
        trainer: r.string(map, "trainer"),
        sessions,
        decks: r.string_list(map, "decks"),
    }
}

const SESSION_EXAMPLE: &str = "write each session as\n[[sessions]]\nstart = 2027-01-14T13:30:00\nend = 2027-01-14T16:30:00\nlocation = \"Assen\"";

fn session_time(r: &mut FieldReader, s: &mut Map<String, Value>, key: &str, n: usize) -> Option<DateTime> {
    let text = match s.remove(key) {
        Some(Value::String(t)) => t,
        _ => {
            let d = Diagnostic::error(format!("session {} has no `{key}` time", n + 1))
                .with_hint(SESSION_EXAMPLE);
            let d = r.at_nth_key("sessions", n, d);
            r.diagnostics.push(d);
            return None;
        }
    };
    let parsed = text.trim().trim_end_matches('Z').parse::<DateTime>().ok();
    if parsed.is_none() {
        let d = Diagnostic::error(format!("`{key}` of session {} is not a date and time: `{text}`", n + 1))
            .with_hint(format!(
                "write it like `{key} = 2027-01-14T13:30:00` (local time in the Netherlands)"
            ));
        let d = r.at(&[Key("sessions"), Index(n), Key(key)], SpanPart::Value, d);
        r.diagnostics.push(d);
    }
    parsed
}

fn read_passport(r: &mut FieldReader, map: &mut Map<String, Value>) -> Option<Passport> {
    let Some(role) = r.string(map, "role") else {
        let d = Diagnostic::error("a passport needs a `role`")
            .with_hint("add `role = \"leerkracht\"` to the front matter");
        let d = r.at_key("kind", d);
        r.diagnostics.push(d);
        return None;
    };
    let expertise = r.string_list(map, "expertise");
    let mut required = Vec::new();
    if let Some(Value::Array(items)) = map.remove("required") {
        for (index, item) in items.into_iter().enumerate() {
            let Value::Object(mut t) = item else { continue };
            match r.string(&mut t, "training") {
                Some(training) => {
                    let repeat_every = r.string(&mut t, "repeat_every");
                    required.push(RequiredTraining { training, repeat_every, index });
                }
                None => {
                    let d = Diagnostic::error(format!("required training {} names no `training`", index + 1))
                        .with_hint("write it like [[required]] training = \"@/scholing/basis.md\" repeat_every = \"2 jaar\"");
                    let d = r.at_nth_key("required", index, d);
                    r.diagnostics.push(d);
                }
            }
        }
    }
    Some(Passport { role, expertise, required })
}

fn read_decision(r: &mut FieldReader, map: &mut Map<String, Value>) -> Option<Decision> {
    let questions: Vec<Question> = list(map, "questions")
        .into_iter()
        .enumerate()
        .filter_map(|(n, mut q)| {
            let id = r.string(&mut q, "id");
            let text = r.string(&mut q, "text");
            let help = r.string(&mut q, "help");
            let answers: Vec<Answer> = list(&mut q, "answers")
                .into_iter()
                .filter_map(|mut a| {
                    Some(Answer { label: r.string(&mut a, "label")?, next: r.string(&mut a, "next")? })
                })
                .collect();
            match (id, text) {
                (Some(id), Some(text)) => Some(Question { id, text, help, answers }),
                _ => {
                    let d = Diagnostic::error(format!("question {} needs an `id` and a `text`", n + 1))
                        .with_hint("[[questions]] id = \"vermoeden\" text = \"Is er een vermoeden?\"");
                    let d = r.at_nth_key("questions", n, d);
                    r.diagnostics.push(d);
                    None
                }
            }
        })
        .collect();
    let outcomes: Vec<Outcome> = list(map, "outcomes")
        .into_iter()
        .filter_map(|mut o| {
            let links = list(&mut o, "links")
                .into_iter()
                .filter_map(|mut l| {
                    Some(OutcomeLink { title: r.string(&mut l, "title")?, url: r.string(&mut l, "url")? })
                })
                .collect();
            Some(Outcome {
                id: r.string(&mut o, "id")?,
                title: r.string(&mut o, "title")?,
                text: r.string(&mut o, "text").unwrap_or_default(),
                links,
            })
        })
        .collect();
    let start = r.string(map, "start").or_else(|| questions.first().map(|q| q.id.clone()))?;
    let decision = Decision { start, questions, outcomes };
    validate_decision(r, &decision);
    Some(decision)
}

/// Every path must end in an outcome: all targets exist, no loops, no question left unreachable.
fn validate_decision(r: &mut FieldReader, d: &Decision) {
    let ids: Vec<&str> =
        d.questions.iter().map(|q| q.id.as_str()).chain(d.outcomes.iter().map(|o| o.id.as_str())).collect();
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for id in &ids {
        let count = seen.entry(*id).or_insert(0);
        if *count > 0 {
            let e = r.at_key_value(
                "id",
                id,
                *count,
                Diagnostic::error(format!("the id `{id}` is used twice"))
                    .with_hint("give every question and outcome its own id"),
            );
            r.diagnostics.push(e);
        }
        *count += 1;
    }
    // Which `next = "<target>"` line of the file an answer is: the how-manyth with that target.
    let occurrence = |question: &Question, answer: usize| -> usize {
        let target = &question.answers[answer].next;
        d.questions
            .iter()
            .take_while(|q| !std::ptr::eq(*q, question))
            .flat_map(|q| &q.answers)
            .chain(question.answers.iter().take(answer))
            .filter(|a| a.next == *target)
            .count()
    };
    if !ids.contains(&d.start.as_str()) {
        let e = r.at_value_of(
            "start",
            Diagnostic::error(format!("`start` names `{}`, which is no question", d.start))
                .with_hint(unknown_name_hint(&d.start, &ids, "questions and outcomes")),
        );
        r.diagnostics.push(e);
        return;
    }
    for q in &d.questions {
        if q.answers.is_empty() {
            let e = r
                .at_key_value(
                    "id",
                    &q.id,
                    0,
                    Diagnostic::error(format!("question `{}` has no answers", q.id)),
                )
                .with_hint("add [[questions.answers]] with a `label` and the `next` question or outcome");
            r.diagnostics.push(e);
        }
        for (n, a) in q.answers.iter().enumerate() {
            if !ids.contains(&a.next.as_str()) {
                let hint = unknown_name_hint(&a.next, &ids, "questions and outcomes");
                let e = r.at_key_value(
                    "next",
                    &a.next,
                    occurrence(q, n),
                    Diagnostic::error(format!(
                        "answer `{}` of `{}` leads to `{}`, which does not exist",
                        a.label, q.id, a.next
                    ))
                    .with_hint(hint),
                );
                r.diagnostics.push(e);
            }
        }
    }
    // Depth-first walk from the start: a step back onto the current path is a loop.
    let question = |id: &str| d.questions.iter().find(|q| q.id == id);
    let mut visited = std::collections::HashSet::new();
    let mut on_path: Vec<String> = Vec::new();
    let mut stack: Vec<(String, usize)> = vec![(d.start.clone(), 0)];
    visited.insert(d.start.clone());
    on_path.push(d.start.clone());
    while let Some((id, next_answer)) = stack.pop() {
        let Some(q) = question(&id) else {
            on_path.pop();
            continue;
        };
        if let Some(a) = q.answers.get(next_answer) {
            stack.push((id.clone(), next_answer + 1));
            if on_path.contains(&a.next) {
                let e = r.at_key_value("next", &a.next, occurrence(q, next_answer), Diagnostic::error(format!("answer `{}` of `{}` leads back to `{}`: the tree has a loop", a.label, q.id, a.next)))
                    .with_hint("every path must end in an outcome; point this answer at a later question or an outcome");
                r.diagnostics.push(e);
            } else if visited.insert(a.next.clone()) && question(&a.next).is_some() {
                on_path.push(a.next.clone());
                stack.push((a.next.clone(), 0));
            }
        } else {
            on_path.pop();
        }
    }
    for q in &d.questions {
        if !visited.contains(&q.id) {
            let e = r
                .at_key_value(
                    "id",
                    &q.id,
                    0,
                    Diagnostic::error(format!("question `{}` can never be reached", q.id)),
                )
                .with_hint("let an answer lead to it with `next`, or remove it");
            r.diagnostics.push(e);
        }
    }
    for o in &d.outcomes {
        if !visited.contains(&o.id) {
            let e = r
                .at_key_value(
                    "id",
                    &o.id,
                    0,
                    Diagnostic::warning(format!("outcome `{}` can never be reached", o.id)),
                )
                .with_hint("let an answer lead to it with `next`, or remove it");
            r.diagnostics.push(e);
        }
    }
}

/// An error at `key` when `value` is not one of `known`, with the nearest known value.
fn one_of(r: &mut FieldReader, key: &str, value: &str, known: &[&str], what: &str) {
    if known.contains(&value) {
        return;
    }
    let hint = unknown_name_hint(value, known, "values");
    let d = r.at_value_of(key, Diagnostic::error(format!("unknown {what} `{value}`")).with_hint(hint));
    r.diagnostics.push(d);
}

fn list(map: &mut Map<String, Value>, key: &str) -> Vec<Map<String, Value>> {
    match map.remove(key) {
        Some(Value::Array(items)) => items
            .into_iter()
            .filter_map(|v| match v {
                Value::Object(m) => Some(m),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::content::front_matter::{parse_map, read, split};
    use crate::diagnostics::Diagnostic;

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
        let looped =
            p.iter().find(|d| d.message.contains("leads back to `vermoeden`")).expect("a loop error");
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
}
