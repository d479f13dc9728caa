//! The overviews across pages of a kind: the training calendar (a page and `.ics` files) and
//! the matrix of all passports.

use icalendar::{Calendar, Component, EventLike};
use jiff::ZonedDateTime as Zoned;
use jiff::civil::DateTime;
use serde::Serialize;

use super::knowledge::{SessionView, calendar_ics_path, course_ics_path, month_label, session_view, zoned};
use super::views::Views;
use crate::load::content::kinds::{KindData, Passport};
use crate::model::{Document, NodeId, PageId};
use kb_core::OutputFile;

/// The training calendar: upcoming sessions of every training, by month.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarView<'a> {
    pub months: Vec<CalendarMonth<'a>>,
    pub ics_url: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CalendarMonth<'a> {
    /// `januari 2027`
    pub label: String,
    /// An id for the month's heading.
    pub id: String,
    pub sessions: Vec<CalendarSession<'a>>,
}

/// A session in the calendar: the session and the training it belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarSession<'a> {
    #[serde(flatten)]
    pub session: SessionView<'a>,
    pub title: String,
    pub url: String,
    pub format: Option<String>,
    /// The training's slide decks.
    pub decks: Vec<super::views::LinkView>,
}

/// Every session of every training, upcoming only, grouped by month; `None` for a site
/// without trainings.
pub fn calendar_view<'a>(views: &Views<'a>, now: DateTime) -> Option<CalendarView<'a>> {
    if !has_trainings(views) {
        return None;
    }
    let mut sessions: Vec<(DateTime, CalendarSession)> = Vec::new();
    for (i, page) in views.lib.pages_with_ids() {
        let Some(KindData::Training(t)) = page.doc.front().map(|f| &f.kind_data) else { continue };
        let decks = super::slides::deck_links(views, i, t);
        for s in t.sessions.iter().filter(|s| s.end >= now) {
            let session = CalendarSession {
                session: session_view(views, s),
                title: page.doc.title.clone(),
                url: views.url(&page.doc.path),
                format: t.format.clone(),
                decks: decks.clone(),
            };
            sessions.push((s.start, session));
        }
    }
    sessions.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.title.cmp(&b.1.title)));
    let mut months: Vec<CalendarMonth> = Vec::new();
    for (start, session) in sessions {
        let label = month_label(views.strings, views.default_language(), start);
        match months.last_mut() {
            Some(m) if m.label == label => m.sessions.push(session),
            _ => months.push(CalendarMonth {
                id: kb_markdown::slugify(&label),
                label,
                sessions: vec![session],
            }),
        }
    }
    let calendar = &views.settings.site.knowledge.calendar;
    Some(CalendarView { months, ics_url: views.url(&calendar_ics_path(calendar)), url: views.url(calendar) })
}

fn has_trainings(views: &Views) -> bool {
    views.lib.pages.iter().any(|p| matches!(p.doc.front().map(|f| &f.kind_data), Some(KindData::Training(_))))
}

/// The `.ics` of each course and of the whole calendar. `stamp` is the build time; DTSTAMP is
/// the start of its day.
pub fn calendars(views: &Views, stamp: &Zoned) -> Vec<OutputFile> {
    let host =
        views.settings.base_url.split("://").nth(1).unwrap_or("kennisbank").split('/').next().unwrap_or("");
    // The start of the build's day, not its second: two builds of the same content on one day
    // are byte-identical, so hosts and caches see no false change.
    let day = stamp.start_of_day().unwrap_or_else(|_| stamp.clone());
    let stamp = ics_utc(&day);
    let mut all = new_calendar(&views.settings.site.title);
    let mut files = Vec::new();
    for page in &views.lib.pages {
        let Some(KindData::Training(t)) = page.doc.front().map(|f| &f.kind_data) else { continue };
        let mut course = new_calendar(&page.doc.title);
        for (n, s) in t.sessions.iter().enumerate() {
            let (Some(start), Some(end)) = (zoned(s.start), zoned(s.end)) else { continue };
            let mut event = icalendar::Event::new();
            event
                .uid(&format!("{}-{n}@{host}", page.doc.path.trim_matches('/').replace('/', "-")))
                .add_property("DTSTAMP", &stamp)
                .summary(&page.doc.title)
                .location(&s.location)
                .url(&views.permalink(&page.doc.path))
                .add_property("DTSTART", ics_utc(&start))
                .add_property("DTEND", ics_utc(&end));
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
        let path = calendar_ics_path(&views.settings.site.knowledge.calendar);
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
#[derive(Debug, Clone, Serialize)]
pub struct PassportMatrix {
    pub roles: Vec<MatrixRole>,
    pub trainings: Vec<MatrixRow>,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixRole {
    pub role: String,
    /// The passport page's title and URL.
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    pub title: String,
    pub url: String,
    /// One cell per role, in the order of `roles`.
    pub cells: Vec<MatrixCell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixCell {
    pub required: bool,
    pub repeat_every: Option<String>,
}

/// The matrix of all passports; `None` for a site without them.
pub fn passport_matrix(views: &Views) -> Option<PassportMatrix> {
    let passports: Vec<(NodeId, &Document, &Passport)> = views
        .lib
        .pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match p.doc.front().map(|f| &f.kind_data) {
            Some(KindData::Passport(passport)) => Some((NodeId::Page(PageId::new(i)), &p.doc, passport)),
            _ => None,
        })
        .collect();
    if passports.is_empty() {
        return None;
    }
    let mut trainings: Vec<(String, String)> = Vec::new();
    for (node, doc, p) in &passports {
        for r in &p.required {
            if let Some(url) = doc.links.get(&r.training) {
                let target = views.lib.link_target(*node, &r.training);
                let title = target.map(|id| views.lib.doc(id).title.clone()).unwrap_or_default();
                if !trainings.iter().any(|(_, u)| u == url) {
                    trainings.push((title, url.clone()));
                }
            }
        }
    }
    trainings.sort();
    let roles = passports
        .iter()
        .map(|(_, doc, p)| MatrixRole {
            role: p.role.clone(),
            title: doc.title.clone(),
            url: views.url(&doc.path),
        })
        .collect();
    let rows = trainings
        .into_iter()
        .map(|(title, url)| {
            let cells = passports
                .iter()
                .map(|(_, doc, p)| {
                    let req = p.required.iter().find(|r| doc.links.get(&r.training) == Some(&url));
                    MatrixCell {
                        required: req.is_some(),
                        repeat_every: req.and_then(|r| r.repeat_every.clone()),
                    }
                })
                .collect();
            MatrixRow { title, url, cells }
        })
        .collect();
    Some(PassportMatrix {
        roles,
        trainings: rows,
        url: views.url(&views.settings.site.knowledge.passport_overview),
    })
}

/// A moment as an iCalendar UTC date-time (`20261202T090000Z`, RFC 5545 3.3.5).
fn ics_utc(moment: &Zoned) -> String {
    moment.timestamp().strftime("%Y%m%dT%H%M%SZ").to_string()
}
