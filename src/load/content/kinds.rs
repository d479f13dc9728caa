//! The content kinds of a knowledge base and their front matter: checklists (signalenlijsten),
//! decision aids, trainings, passports, slide decks and products. Read and checked here, file
//! by file; checks that need other pages (a passport naming a training) happen in the site model.

pub mod product;
pub mod slides;

use jiff::civil::DateTime;
use serde_json::{Map, Value};

use super::front_matter::FieldReader;
use crate::load::config::KeyStep::{Index, Key};
use crate::load::config::SpanPart;
use kb_core::diagnostics::{Diagnostic, unknown_name_hint};

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

#[derive(Debug, Clone)]
pub struct Checklist {
    pub age_band: Option<String>,
}

/// Templates see a training through `render::knowledge::TrainingView`, which embeds these
/// fields and shows the sessions as `upcoming` and `past` and the decks as links: so those two
/// are not serialized here. (The same holds for the skipped fields of the structs below.)
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
pub struct TrainingSession {
    /// Shown by the view as ISO text with the Amsterdam offset, and as labels.
    pub start: DateTime,
    pub end: DateTime,
    pub location: String,
    pub places: Option<i64>,
    pub register: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Passport {
    pub role: String,
    pub expertise: Vec<String>,
    /// Shown by the view as the linked trainings, with their titles.
    pub required: Vec<RequiredTraining>,
}

#[derive(Debug, Clone)]
pub struct RequiredTraining {
    /// `@/` path of the training page, as written.
    pub training: String,
    pub repeat_every: Option<String>,
    /// Its place in `required` as written (`required[index].training`), for error positions.
    pub index: usize,
}

/// A decision tree: questions whose answers lead to another question or an outcome.
#[derive(Debug, Clone)]
pub struct Decision {
    pub start: String,
    pub questions: Vec<Question>,
    pub outcomes: Vec<Outcome>,
}

/// The `index` fields below are each item's place in its list as written (items that could
/// not be read are left out of the lists, so a position in them is not one): with them a
/// diagnostic names its key path, `questions[1].answers[0].next`, and points at that line.
#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub help: Option<String>,
    pub answers: Vec<Answer>,
    pub index: usize,
}

#[derive(Debug, Clone)]
pub struct Answer {
    pub label: String,
    pub next: String,
    pub index: usize,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub id: String,
    pub title: String,
    /// Shown by the view as HTML, and the links with their URLs resolved.
    pub text: String,
    pub links: Vec<OutcomeLink>,
    pub index: usize,
}

#[derive(Debug, Clone)]
pub struct OutcomeLink {
    pub title: String,
    pub url: String,
    pub index: usize,
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
    for (n, mut s) in rows(r, map, &[], "sessions", SESSION_EXAMPLE) {
        let start = session_time(r, &mut s, "start", n);
        let end = session_time(r, &mut s, "end", n);
        let at = [Key("sessions"), Index(n)];
        let location = r.string_in(&mut s, &at, "location").unwrap_or_default();
        let places = r.integer_in(&mut s, &at, "places");
        let register = r.string_in(&mut s, &at, "register");
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
            let d = r.at(&[Key("sessions"), Index(n)], SpanPart::Key, d);
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

const REQUIRED_EXAMPLE: &str =
    "write it like [[required]] training = \"@/scholing/basis.md\" repeat_every = \"2 jaar\"";
const QUESTION_EXAMPLE: &str = "[[questions]] id = \"vermoeden\" text = \"Is er een vermoeden?\"";
const ANSWER_EXAMPLE: &str = "[[questions.answers]] label = \"Ja\" next = \"overleg\"";
const OUTCOME_EXAMPLE: &str = "[[outcomes]] id = \"overleg\" title = \"Overleg met een collega\"";
const LINK_EXAMPLE: &str = "[[outcomes.links]] title = \"Stap 1\" url = \"@/meldcode/stap-1.md\"";

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
    for (index, mut t) in rows(r, map, &[], "required", REQUIRED_EXAMPLE) {
        let at = [Key("required"), Index(index)];
        match r.string_in(&mut t, &at, "training") {
            Some(training) => {
                let repeat_every = r.string_in(&mut t, &at, "repeat_every");
                required.push(RequiredTraining { training, repeat_every, index });
            }
            None => {
                let d = Diagnostic::error(format!("required training {} names no `training`", index + 1))
                    .with_hint(REQUIRED_EXAMPLE);
                let d = r.at(&at, SpanPart::Key, d);
                r.diagnostics.push(d);
            }
        }
    }
    Some(Passport { role, expertise, required })
}

fn read_decision(r: &mut FieldReader, map: &mut Map<String, Value>) -> Option<Decision> {
    let questions: Vec<Question> = rows(r, map, &[], "questions", QUESTION_EXAMPLE)
        .into_iter()
        .filter_map(|(n, mut q)| {
            let at = [Key("questions"), Index(n)];
            let id = r.string_in(&mut q, &at, "id");
            let text = r.string_in(&mut q, &at, "text");
            let help = r.string_in(&mut q, &at, "help");
            let answers: Vec<Answer> = rows(r, &mut q, &at, "answers", ANSWER_EXAMPLE)
                .into_iter()
                .filter_map(|(index, mut a)| {
                    let at = [Key("questions"), Index(n), Key("answers"), Index(index)];
                    let label = r.string_in(&mut a, &at, "label");
                    let next = r.string_in(&mut a, &at, "next");
                    let needs =
                        format!("answer {} of question {} needs a `label` and a `next`", index + 1, n + 1);
                    let next = needed(r, next.filter(|_| label.is_some()), &at, needs, ANSWER_EXAMPLE);
                    Some(Answer { label: label?, next: next?, index })
                })
                .collect();
            match (id, text) {
                (Some(id), Some(text)) => Some(Question { id, text, help, answers, index: n }),
                _ => {
                    let d = Diagnostic::error(format!("question {} needs an `id` and a `text`", n + 1))
                        .with_hint(QUESTION_EXAMPLE);
                    let d = r.at(&at, SpanPart::Key, d);
                    r.diagnostics.push(d);
                    None
                }
            }
        })
        .collect();
    let outcomes: Vec<Outcome> = rows(r, map, &[], "outcomes", OUTCOME_EXAMPLE)
        .into_iter()
        .filter_map(|(n, mut o)| {
            let at = [Key("outcomes"), Index(n)];
            let links = rows(r, &mut o, &at, "links", LINK_EXAMPLE)
                .into_iter()
                .filter_map(|(index, mut l)| {
                    let at = [Key("outcomes"), Index(n), Key("links"), Index(index)];
                    let title = r.string_in(&mut l, &at, "title");
                    let url = r.string_in(&mut l, &at, "url");
                    let needs =
                        format!("link {} of outcome {} needs a `title` and a `url`", index + 1, n + 1);
                    let url = needed(r, url.filter(|_| title.is_some()), &at, needs, LINK_EXAMPLE);
                    Some(OutcomeLink { title: title?, url: url?, index })
                })
                .collect();
            let id = r.string_in(&mut o, &at, "id");
            let title = r.string_in(&mut o, &at, "title");
            let text = r.string_in(&mut o, &at, "text").unwrap_or_default();
            let needs = format!("outcome {} needs an `id` and a `title`", n + 1);
            let title = needed(r, title.filter(|_| id.is_some()), &at, needs, OUTCOME_EXAMPLE)?;
            Some(Outcome { id: id?, title, text, links, index: n })
        })
        .collect();
    let start = r.string(map, "start").or_else(|| questions.first().map(|q| q.id.clone()))?;
    let decision = Decision { start, questions, outcomes };
    validate_decision(r, &decision);
    Some(decision)
}

/// Every path must end in an outcome: all targets exist, no loops, no question left unreachable.
/// Each problem is reported at its key path (`questions[i].answers[n].next`), so it points at
/// the very line even when the same id or target is written more than once.
fn validate_decision(r: &mut FieldReader, d: &Decision) {
    let question_id = |q: &Question| [Key("questions"), Index(q.index), Key("id")];
    let outcome_id = |o: &Outcome| [Key("outcomes"), Index(o.index), Key("id")];
    let next_of = |q: &Question, a: &Answer| {
        [Key("questions"), Index(q.index), Key("answers"), Index(a.index), Key("next")]
    };
    let ids: Vec<(&str, [crate::load::config::KeyStep; 3])> = d
        .questions
        .iter()
        .map(|q| (q.id.as_str(), question_id(q)))
        .chain(d.outcomes.iter().map(|o| (o.id.as_str(), outcome_id(o))))
        .collect();
    let names: Vec<&str> = ids.iter().map(|(id, _)| *id).collect();
    let mut seen = std::collections::HashSet::new();
    for (id, at) in &ids {
        if !seen.insert(*id) {
            let e = r.at(
                at,
                SpanPart::Value,
                Diagnostic::error(format!("the id `{id}` is used twice"))
                    .with_hint("give every question and outcome its own id"),
            );
            r.diagnostics.push(e);
        }
    }
    if !seen.contains(d.start.as_str()) {
        let e = r.at_value_of(
            "start",
            Diagnostic::error(format!("`start` names `{}`, which is no question", d.start))
                .with_hint(unknown_name_hint(&d.start, &names, "questions and outcomes")),
        );
        r.diagnostics.push(e);
        return;
    }
    for q in &d.questions {
        if q.answers.is_empty() {
            let e = r
                .at(
                    &question_id(q),
                    SpanPart::Value,
                    Diagnostic::error(format!("question `{}` has no answers", q.id)),
                )
                .with_hint("add [[questions.answers]] with a `label` and the `next` question or outcome");
            r.diagnostics.push(e);
        }
        for a in &q.answers {
            if !seen.contains(a.next.as_str()) {
                // "Did you mean" looks at every name: only while the problems are still listed.
                let hint = if r.is_full() {
                    String::new()
                } else {
                    unknown_name_hint(&a.next, &names, "questions and outcomes")
                };
                let e = r.at(
                    &next_of(q, a),
                    SpanPart::Value,
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
    // Questions by id, and the path as a set too: the walk stays linear in the tree's size.
    let by_id: std::collections::HashMap<&str, &Question> =
        d.questions.iter().map(|q| (q.id.as_str(), q)).collect();
    let question = |id: &str| by_id.get(id).copied();
    let mut visited = std::collections::HashSet::new();
    let mut on_path: Vec<String> = Vec::new();
    let mut on_path_set: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut stack: Vec<(String, usize)> = vec![(d.start.clone(), 0)];
    visited.insert(d.start.clone());
    on_path.push(d.start.clone());
    on_path_set.insert(d.start.clone());
    while let Some((id, next_answer)) = stack.pop() {
        let Some(q) = question(&id) else {
            if let Some(left) = on_path.pop() {
                on_path_set.remove(&left);
            }
            continue;
        };
        if let Some(a) = q.answers.get(next_answer) {
            stack.push((id.clone(), next_answer + 1));
            if on_path_set.contains(&a.next) {
                let e = r.at(&next_of(q, a), SpanPart::Value, Diagnostic::error(format!("answer `{}` of `{}` leads back to `{}`: the tree has a loop", a.label, q.id, a.next)))
                    .with_hint("every path must end in an outcome; point this answer at a later question or an outcome");
                r.diagnostics.push(e);
            } else if visited.insert(a.next.clone()) && question(&a.next).is_some() {
                on_path.push(a.next.clone());
                on_path_set.insert(a.next.clone());
                stack.push((a.next.clone(), 0));
            }
        } else if let Some(left) = on_path.pop() {
            on_path_set.remove(&left);
        }
    }
    for q in &d.questions {
        if !visited.contains(&q.id) {
            let e = r
                .at(
                    &question_id(q),
                    SpanPart::Value,
                    Diagnostic::error(format!("question `{}` can never be reached", q.id)),
                )
                .with_hint("let an answer lead to it with `next`, or remove it");
            r.diagnostics.push(e);
        }
    }
    for o in &d.outcomes {
        if !visited.contains(&o.id) {
            let e = r
                .at(
                    &outcome_id(o),
                    SpanPart::Value,
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

/// `value`, or an error at the table `at` when it is missing.
fn needed(
    r: &mut FieldReader,
    value: Option<String>,
    at: &[crate::load::config::KeyStep],
    message: String,
    example: &str,
) -> Option<String> {
    if value.is_none() {
        let d = r.at(at, SpanPart::Key, Diagnostic::error(message).with_hint(example.to_string()));
        r.diagnostics.push(d);
    }
    value
}

/// The tables of the list at `key`, each with its place in the list as written. A value that
/// is no list, or an item that is no table, is an error at its place (`example` shows how to
/// write it): nothing the author wrote is dropped without a word.
pub(crate) fn rows(
    r: &mut FieldReader,
    map: &mut Map<String, Value>,
    at: &[crate::load::config::KeyStep],
    key: &str,
    example: &str,
) -> Vec<(usize, Map<String, Value>)> {
    let path: Vec<_> = at.iter().copied().chain([Key(key)]).collect();
    let items = match map.remove(key) {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(_) => {
            let d =
                Diagnostic::error(format!("`{key}` must be a list of tables")).with_hint(example.to_string());
            let d = r.at(&path, SpanPart::Value, d);
            r.diagnostics.push(d);
            return Vec::new();
        }
    };
    let mut tables = Vec::with_capacity(items.len());
    for (n, item) in items.into_iter().enumerate() {
        match item {
            Value::Object(m) => tables.push((n, m)),
            _ => {
                let mut item_path = path.clone();
                item_path.push(Index(n));
                let d = Diagnostic::error(format!("item {} of `{key}` must be a table", n + 1))
                    .with_hint(example.to_string());
                let d = r.at(&item_path, SpanPart::Value, d);
                r.diagnostics.push(d);
            }
        }
    }
    tables
}

#[cfg(test)]
mod tests;
