//! Views and files for the knowledge-base kinds: training sessions (with `.ics` calendars and
//! schema.org JSON-LD), the training calendar, passports and their matrix, decision trees.

use icalendar::{Calendar, Component, EventLike};
use jiff::ZonedDateTime as Zoned;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use serde_json::{Value, json};

use super::views::Views;
use crate::content::kinds::{Decision, KindData, Passport, Training, TrainingSession};
use crate::output::OutputFile;

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"];

fn amsterdam() -> TimeZone {
    TimeZone::get("Europe/Amsterdam").unwrap_or(TimeZone::UTC)
}

fn zoned(local: DateTime) -> Option<Zoned> {
    local.to_zoned_datetime(amsterdam()).ok()
}

/// `donderdag 14 januari 2027`
pub fn dutch_date(dt: DateTime) -> String {
    let weekday = WEEKDAYS[dt.weekday().to_monday_zero_offset() as usize];
    format!("{weekday} {} {} {}", dt.day(), MONTHS[dt.month() as usize - 1], dt.year())
}

fn month_label(dt: DateTime) -> String {
    format!("{} {}", MONTHS[dt.month() as usize - 1], dt.year())
}

fn iso(dt: DateTime) -> String {
    zoned(dt).map_or_else(|| dt.to_string(), |z| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
}

fn session_view(s: &TrainingSession) -> Value {
    json!({
        "start": iso(s.start),
        "end": iso(s.end),
        "date_label": dutch_date(s.start),
        "time_label": format!("{} - {}", s.start.strftime("%H:%M"), s.end.strftime("%H:%M")),
        "month_label": month_label(s.start),
        "location": s.location,
        "places": s.places,
        "register": s.register,
    })
}

/// The path of a course's own `.ics` file.
pub fn course_ics_path(page_path: &str) -> String {
    format!("{page_path}cursus.ics")
}

/// `/scholing/agenda/` -> `/scholing/agenda.ics`.
pub fn calendar_ics_path(calendar_path: &str) -> String {
    format!("{}.ics", calendar_path.trim_end_matches('/'))
}

/// Extra fields for `page` in templates, by kind.
pub fn page_fields(views: &Views, page: usize, now: DateTime) -> Option<(&'static str, Value)> {
    let doc = &views.lib.pages[page].doc;
    match &doc.front()?.kind_data {
        KindData::Training(t) => Some(("training", training_view(views, page, t, now))),
        KindData::Passport(p) => Some(("passport", passport_view(views, page, p))),
        KindData::Decision(d) => Some(("decision", decision_view(views, page, d))),
        KindData::Checklist(c) => {
            Some(("checklist", json!({ "age_band": c.age_band, "signal_count": doc.outline.task_count })))
        }
        KindData::None => None,
    }
}

fn training_view(views: &Views, page: usize, t: &Training, now: DateTime) -> Value {
    let doc = &views.lib.pages[page].doc;
    let (past, upcoming): (Vec<&TrainingSession>, Vec<&TrainingSession>) =
        t.sessions.iter().partition(|s| s.end < now);
    json!({
        "roles": t.roles,
        "format": t.format,
        "duration": t.duration,
        "goals": t.goals,
        "points": t.points,
        "repeat_every": t.repeat_every,
        "trainer": t.trainer,
        "upcoming": upcoming.iter().map(|s| session_view(s)).collect::<Vec<_>>(),
        "past": past.iter().rev().map(|s| session_view(s)).collect::<Vec<_>>(),
        "ics_url": views.url(&course_ics_path(&doc.path)),
        "json_ld": course_json_ld(views, page, t),
    })
}

/// schema.org Course with its CourseInstances, as a string safe inside a `<script>` data block.
fn course_json_ld(views: &Views, page: usize, t: &Training) -> String {
    let doc = &views.lib.pages[page].doc;
    let provider = views
        .config
        .site
        .extra
        .get("organisation")
        .and_then(|v| v.as_str())
        .unwrap_or(&views.config.site.title);
    let mode = match t.format.as_deref() {
        Some("e-learning" | "webinar") => "online",
        _ => "onsite",
    };
    let instances: Vec<Value> = t
        .sessions
        .iter()
        .map(|s| {
            json!({
                "@type": "CourseInstance",
                "courseMode": mode,
                "startDate": iso(s.start),
                "endDate": iso(s.end),
                "location": { "@type": "Place", "name": s.location, "address": s.location },
            })
        })
        .collect();
    let ld = json!({
        "@context": "https://schema.org",
        "@type": "Course",
        "name": doc.title,
        "description": doc.front().and_then(|f| f.description.clone()).unwrap_or_default(),
        "url": views.permalink(&doc.path),
        "inLanguage": views.config.site.default_language,
        "provider": { "@type": "Organization", "name": provider },
        "hasCourseInstance": instances,
    });
    ld.to_string().replace('<', "\\u003c")
}

fn passport_view(views: &Views, page: usize, p: &Passport) -> Value {
    let doc = &views.lib.pages[page].doc;
    let required: Vec<Value> = p
        .required
        .iter()
        .filter_map(|r| {
            let url = doc.links.get(&r.training)?;
            let rel = r.training.trim_start_matches("@/");
            let title = views.lib.by_rel.get(rel).map(|id| views.lib.doc(*id).title.clone())?;
            Some(json!({ "title": title, "url": url, "repeat_every": r.repeat_every }))
        })
        .collect();
    json!({ "role": p.role, "expertise": p.expertise, "required": required })
}

fn decision_view(views: &Views, page: usize, d: &Decision) -> Value {
    let doc = &views.lib.pages[page].doc;
    let outcome = |id: &str| -> Option<Value> {
        let o = d.outcomes.iter().find(|o| o.id == id)?;
        let links: Vec<Value> = o
            .links
            .iter()
            .map(|l| json!({ "title": l.title, "url": doc.links.get(&l.url).cloned().unwrap_or_else(|| l.url.clone()) }))
            .collect();
        Some(
            json!({ "type": "outcome", "id": o.id, "title": o.title, "text": inline_markdown(&o.text), "links": links }),
        )
    };
    // The nested tree for reading without JavaScript; depth is bounded because the tree has no
    // loops (checked when the page was read).
    fn node(d: &Decision, id: &str, outcome: &dyn Fn(&str) -> Option<Value>, depth: usize) -> Value {
        if let Some(o) = outcome(id) {
            return o;
        }
        let Some(q) = d.questions.iter().find(|q| q.id == id) else { return Value::Null };
        let answers: Vec<Value> = q
            .answers
            .iter()
            .map(|a| {
                let next = if depth < 32 { node(d, &a.next, outcome, depth + 1) } else { Value::Null };
                json!({ "label": a.label, "next": a.next, "node": next })
            })
            .collect();
        json!({ "type": "question", "id": q.id, "text": q.text, "help": q.help, "answers": answers })
    }
    let outcomes: Vec<Value> = d.outcomes.iter().filter_map(|o| outcome(&o.id)).collect();
    let data = json!({ "start": d.start, "questions": d.questions, "outcomes": outcomes });
    json!({
        "start": d.start,
        "questions": d.questions,
        "outcomes": outcomes,
        "tree": node(d, &d.start, &outcome, 0),
        "data_json": data.to_string().replace('<', "\\u003c"),
    })
}

/// Markdown in a front-matter string (an outcome's text) -> HTML.
fn inline_markdown(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(text));
    html
}

/// Every session of every training, upcoming only, grouped by month.
pub fn calendar_view(views: &Views, now: DateTime) -> Option<Value> {
    let mut sessions: Vec<(DateTime, Value)> = Vec::new();
    for page in &views.lib.pages {
        let Some(KindData::Training(t)) = page.doc.front().map(|f| &f.kind_data) else { continue };
        for s in t.sessions.iter().filter(|s| s.end >= now) {
            let mut v = session_view(s);
            v["title"] = json!(page.doc.title);
            v["url"] = json!(views.url(&page.doc.path));
            v["format"] = json!(t.format);
            sessions.push((s.start, v));
        }
    }
    if !has_trainings(views) {
        return None;
    }
    sessions.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1["title"].as_str().cmp(&b.1["title"].as_str())));
    let mut months: Vec<Value> = Vec::new();
    for (start, session) in sessions {
        let label = month_label(start);
        match months.last_mut() {
            Some(m) if m["label"] == label => {
                m["sessions"].as_array_mut().map(|a| a.push(session)).unwrap_or(())
            }
            _ => months.push(
                json!({ "label": label, "id": crate::markdown::slugify(&label), "sessions": [session] }),
            ),
        }
    }
    let calendar = &views.config.site.knowledge.calendar;
    Some(
        json!({ "months": months, "ics_url": views.url(&calendar_ics_path(calendar)), "url": views.url(calendar) }),
    )
}

fn has_trainings(views: &Views) -> bool {
    views.lib.pages.iter().any(|p| matches!(p.doc.front().map(|f| &f.kind_data), Some(KindData::Training(_))))
}

/// The `.ics` of each course and of the whole calendar. `stamp` is the build time (DTSTAMP).
pub fn calendars(views: &Views, stamp: &Zoned) -> Vec<OutputFile> {
    let host = views
        .config
        .site
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or("kennisbank")
        .split('/')
        .next()
        .unwrap_or("");
    let stamp = chrono::DateTime::from_timestamp(stamp.timestamp().as_second(), 0).unwrap_or_default();
    let mut all = new_calendar(&views.config.site.title);
    let mut files = Vec::new();
    for page in &views.lib.pages {
        let Some(KindData::Training(t)) = page.doc.front().map(|f| &f.kind_data) else { continue };
        let mut course = new_calendar(&page.doc.title);
        for (n, s) in t.sessions.iter().enumerate() {
            let (Some(start), Some(end)) = (zoned(s.start), zoned(s.end)) else { continue };
            let utc = |z: &Zoned| {
                chrono::DateTime::from_timestamp(z.timestamp().as_second(), 0).unwrap_or_default()
            };
            let mut event = icalendar::Event::new();
            event
                .uid(&format!("{}-{n}@{host}", page.doc.path.trim_matches('/').replace('/', "-")))
                .timestamp(stamp)
                .summary(&page.doc.title)
                .location(&s.location)
                .url(&views.permalink(&page.doc.path))
                .starts(utc(&start))
                .ends(utc(&end));
            if let Some(d) = page.doc.front().and_then(|f| f.description.as_deref()) {
                event.description(d);
            }
            let event = event.done();
            course.push(event.clone());
            all.push(event);
        }
        files.push(OutputFile::new(
            course_ics_path(&page.doc.path).trim_start_matches('/').to_string(),
            course.done().to_string(),
        ));
    }
    if has_trainings(views) {
        let path = calendar_ics_path(&views.config.site.knowledge.calendar);
        files.push(OutputFile::new(path.trim_start_matches('/').to_string(), all.done().to_string()));
    }
    files
}

fn new_calendar(name: &str) -> Calendar {
    let mut calendar = Calendar::empty();
    calendar.append_property(("VERSION", "2.0"));
    calendar.append_property(("PRODID", "-//kennisbank//NL"));
    calendar.append_property(("CALSCALE", "GREGORIAN"));
    calendar.name(name);
    calendar
}

/// Roles (columns) x trainings (rows) of all passports.
pub fn passport_matrix(views: &Views) -> Option<Value> {
    let passports: Vec<(usize, &Passport)> = views
        .lib
        .pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match p.doc.front().map(|f| &f.kind_data) {
            Some(KindData::Passport(passport)) => Some((i, passport)),
            _ => None,
        })
        .collect();
    if passports.is_empty() {
        return None;
    }
    let mut trainings: Vec<(String, String)> = Vec::new();
    for (i, p) in &passports {
        for r in &p.required {
            if let Some(url) = views.lib.pages[*i].doc.links.get(&r.training) {
                let rel = r.training.trim_start_matches("@/");
                let title =
                    views.lib.by_rel.get(rel).map(|id| views.lib.doc(*id).title.clone()).unwrap_or_default();
                if !trainings.iter().any(|(_, u)| u == url) {
                    trainings.push((title, url.clone()));
                }
            }
        }
    }
    trainings.sort();
    let roles: Vec<Value> = passports
        .iter()
        .map(|(i, p)| json!({ "role": p.role, "title": views.lib.pages[*i].doc.title, "url": views.url(&views.lib.pages[*i].doc.path) }))
        .collect();
    let rows: Vec<Value> = trainings
        .iter()
        .map(|(title, url)| {
            let cells: Vec<Value> = passports
                .iter()
                .map(|(i, p)| {
                    let req = p.required.iter().find(|r| views.lib.pages[*i].doc.links.get(&r.training) == Some(url));
                    json!({ "required": req.is_some(), "repeat_every": req.and_then(|r| r.repeat_every.clone()) })
                })
                .collect();
            json!({ "title": title, "url": url, "cells": cells })
        })
        .collect();
    Some(
        json!({ "roles": roles, "trainings": rows, "url": views.url(&views.config.site.knowledge.passport_overview) }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_dutch() {
        let dt: DateTime = "2027-01-14T13:30:00".parse().unwrap();
        assert_eq!(dutch_date(dt), "donderdag 14 januari 2027");
        assert_eq!(iso(dt), "2027-01-14T13:30:00+01:00");
        let summer: DateTime = "2027-07-01T09:00:00".parse().unwrap();
        assert_eq!(iso(summer), "2027-07-01T09:00:00+02:00");
    }

    #[test]
    fn calendar_paths() {
        assert_eq!(calendar_ics_path("/scholing/agenda/"), "/scholing/agenda.ics");
        assert_eq!(course_ics_path("/scholing/basis/"), "/scholing/basis/cursus.ics");
    }
}
