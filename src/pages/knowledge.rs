//! Views of the knowledge-base kinds on their own pages: trainings (with schema.org JSON-LD),
//! passports, decision aids and checklists. The overviews across pages are in `overviews`.

use jiff::ZonedDateTime as Zoned;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use serde::Serialize;
use serde_json::{Value, json};

use super::views::Views;
use crate::load::content::kinds::{
    Answer, Checklist, Decision, KindData, Outcome, Passport, Question, Training, TrainingSession,
};
use crate::load::i18n::Translations;
use crate::model::{NodeId, PageId};

fn amsterdam() -> TimeZone {
    TimeZone::get("Europe/Amsterdam").unwrap_or(TimeZone::UTC)
}

pub(super) fn zoned(local: DateTime) -> Option<Zoned> {
    local.to_zoned_datetime(amsterdam()).ok()
}

/// `donderdag 14 januari 2027`, in the words of `lang`.
pub fn long_date(words: &Translations, lang: &str, dt: DateTime) -> String {
    let weekday = words.word(lang, &format!("weekday_{}", dt.weekday().to_monday_one_offset()));
    let month = words.word(lang, &format!("month_{}", dt.month()));
    let (day, year) = (dt.day().to_string(), dt.year().to_string());
    words.fill(lang, "date_long", &[("weekday", &weekday), ("day", &day), ("month", &month), ("year", &year)])
}

/// `januari 2027`, in the words of `lang`.
pub(super) fn month_label(words: &Translations, lang: &str, dt: DateTime) -> String {
    let month = words.word(lang, &format!("month_{}", dt.month()));
    words.fill(lang, "date_month", &[("month", &month), ("year", &dt.year().to_string())])
}

pub(super) fn iso(dt: DateTime) -> String {
    zoned(dt).map_or_else(|| dt.to_string(), |z| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
}

/// One session of a training, as templates show it: the session's own fields (`location`,
/// `places`, `register`) and its times as text.
#[derive(Debug, Clone, Serialize)]
pub struct SessionView<'a> {
    /// ISO 8601 with the Amsterdam offset, for `<time datetime>`.
    pub start: String,
    pub end: String,
    /// `donderdag 14 januari 2027`
    pub date_label: String,
    /// `13:30 - 16:30`
    pub time_label: String,
    /// `januari 2027`
    pub month_label: String,
    #[serde(flatten)]
    pub session: &'a TrainingSession,
}

pub(super) fn session_view<'a>(views: &Views, s: &'a TrainingSession) -> SessionView<'a> {
    let (words, lang) = (views.strings, views.default_language());
    SessionView {
        start: iso(s.start),
        end: iso(s.end),
        date_label: long_date(words, lang, s.start),
        time_label: format!("{} - {}", s.start.strftime("%H:%M"), s.end.strftime("%H:%M")),
        month_label: month_label(words, lang, s.start),
        session: s,
    }
}

/// The path of a course's own `.ics` file.
pub fn course_ics_path(page_path: &str) -> String {
    format!("{page_path}cursus.ics")
}

/// `/scholing/agenda/` -> `/scholing/agenda.ics`.
pub fn calendar_ics_path(calendar_path: &str) -> String {
    format!("{}.ics", calendar_path.trim_end_matches('/'))
}

/// The typed fields of a page's kind, as `page.training`, `page.passport`, `page.decision`,
/// `page.checklist`, `page.slides` or `page.product` (the others are absent); and on a
/// werkplaats's page, `page.products`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct KindView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub training: Option<TrainingView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passport: Option<PassportView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checklist: Option<ChecklistView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slides: Option<super::slides::SlidesView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<super::products::ProductView<'a>>,
    /// The products of the werkplaats this page is, newest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub products: Vec<super::products::ProductSummaryView<'a>>,
}

/// A checklist's own fields (`age_band`) and what the page adds.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistView<'a> {
    #[serde(flatten)]
    pub checklist: &'a Checklist,
    /// The number of signals (task-list items) on the page.
    pub signal_count: usize,
}

/// A training's own fields (`roles`, `format`, `duration`, `goals`, `points`, `repeat_every`,
/// `trainer`) and what the build derives from them.
#[derive(Debug, Clone, Serialize)]
pub struct TrainingView<'a> {
    #[serde(flatten)]
    pub training: &'a Training,
    /// Sessions that have not ended at build time, soonest first.
    pub upcoming: Vec<SessionView<'a>>,
    /// Sessions that have ended, most recent first.
    pub past: Vec<SessionView<'a>>,
    pub ics_url: String,
    /// The slide decks used in the training.
    pub decks: Vec<super::views::LinkView>,
    /// schema.org Course as JSON, safe inside a `<script type="application/ld+json">`.
    pub json_ld: String,
}

/// A passport's own fields (`role`, `expertise`) and its required trainings, linked.
#[derive(Debug, Clone, Serialize)]
pub struct PassportView<'a> {
    #[serde(flatten)]
    pub passport: &'a Passport,
    pub required: Vec<RequiredTrainingView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequiredTrainingView {
    pub title: String,
    pub url: String,
    pub repeat_every: Option<String>,
}

/// The typed fields of page `page`'s kind; `signal_count` counts the signals of `outline`
/// (a translated checklist counts its own).
pub fn kind_view<'a>(views: &Views<'a>, page: PageId, signal_count: usize, now: DateTime) -> KindView<'a> {
    let mut view =
        KindView { products: super::products::werkplaats_products(views, page), ..KindView::default() };
    let Some(front) = views.lib.page(page).doc.front() else { return view };
    match &front.kind_data {
        KindData::Training(t) => view.training = Some(training_view(views, page, t, now)),
        KindData::Passport(p) => view.passport = Some(passport_view(views, page, p)),
        KindData::Decision(d) => view.decision = Some(decision_view(views, page, d)),
        KindData::Checklist(c) => view.checklist = Some(ChecklistView { checklist: c, signal_count }),
        KindData::Slides(_) => {
            view.slides = views.decks.get(page.index()).and_then(|deck| super::slides::slides_view(deck))
        }
        KindData::Product(p) => view.product = Some(super::products::product_view(views, page, p)),
        KindData::None => {}
    }
    view
}

fn training_view<'a>(views: &Views, page: PageId, t: &'a Training, now: DateTime) -> TrainingView<'a> {
    let doc = &views.lib.page(page).doc;
    let (past, upcoming): (Vec<&TrainingSession>, Vec<&TrainingSession>) =
        t.sessions.iter().partition(|s| s.end < now);
    TrainingView {
        training: t,
        upcoming: upcoming.iter().map(|s| session_view(views, s)).collect(),
        past: past.iter().rev().map(|s| session_view(views, s)).collect(),
        ics_url: views.url(&course_ics_path(&doc.path)),
        decks: super::slides::deck_links(views, page, t),
        json_ld: course_json_ld(views, page, t),
    }
}

/// schema.org Course with its CourseInstances, as a string safe inside a `<script>` data block.
fn course_json_ld(views: &Views, page: PageId, t: &Training) -> String {
    let doc = &views.lib.page(page).doc;
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

fn passport_view<'a>(views: &Views, page: PageId, p: &'a Passport) -> PassportView<'a> {
    let doc = &views.lib.page(page).doc;
    let required = p
        .required
        .iter()
        .filter_map(|r| {
            let url = doc.links.get(&r.training)?;
            let title = views.lib.doc(views.lib.link_target(NodeId::Page(page), &r.training)?).title.clone();
            Some(RequiredTrainingView { title, url: url.clone(), repeat_every: r.repeat_every.clone() })
        })
        .collect();
    PassportView { passport: p, required }
}

/// A decision aid: the questions and outcomes for the script, and the same as a nested tree
/// for reading without JavaScript.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionView<'a> {
    pub start: String,
    pub questions: Vec<Question>,
    pub outcomes: Vec<OutcomeView<'a>>,
    pub tree: Option<DecisionNode<'a>>,
    /// `start`, `questions` and `outcomes` as JSON for the script, safe inside `<script>`.
    pub data_json: String,
}

/// An outcome's own fields (`id`, `title`), its text as HTML and its links resolved.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeView<'a> {
    #[serde(rename = "type")]
    pub node_type: &'static str,
    #[serde(flatten)]
    pub outcome: &'a Outcome,
    /// The outcome's text, markdown rendered to HTML.
    pub text: String,
    pub links: Vec<OutcomeLinkView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeLinkView {
    pub title: String,
    pub url: String,
}

/// A question with its answers, or an outcome; `type` says which.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum DecisionNode<'a> {
    Question {
        #[serde(rename = "type")]
        node_type: &'static str,
        id: String,
        text: String,
        help: Option<String>,
        answers: Vec<AnswerView<'a>>,
    },
    Outcome(OutcomeView<'a>),
}

/// An answer's own fields (`label`, and `next`: the id of the question or outcome it leads
/// to) and the node it leads to.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerView<'a> {
    #[serde(flatten)]
    pub answer: &'a Answer,
    pub node: Option<DecisionNode<'a>>,
}

fn decision_view<'a>(views: &Views, page: PageId, d: &'a Decision) -> DecisionView<'a> {
    let doc = &views.lib.page(page).doc;
    let outcome = |id: &str| -> Option<OutcomeView<'a>> {
        let o = d.outcomes.iter().find(|o| o.id == id)?;
        let links = o
            .links
            .iter()
            .map(|l| OutcomeLinkView {
                title: l.title.clone(),
                url: doc.links.get(&l.url).cloned().unwrap_or_else(|| l.url.clone()),
            })
            .collect();
        Some(OutcomeView { node_type: "outcome", outcome: o, text: inline_markdown(&o.text), links })
    };
    // The nested tree for reading without JavaScript; depth is bounded because the tree has no
    // loops (checked when the page was read).
    fn node<'a>(
        d: &'a Decision,
        id: &str,
        outcome: &dyn Fn(&str) -> Option<OutcomeView<'a>>,
        depth: usize,
    ) -> Option<DecisionNode<'a>> {
        if let Some(o) = outcome(id) {
            return Some(DecisionNode::Outcome(o));
        }
        let q = d.questions.iter().find(|q| q.id == id)?;
        let answers = q
            .answers
            .iter()
            .map(|a| AnswerView {
                answer: a,
                node: if depth < 32 { node(d, &a.next, outcome, depth + 1) } else { None },
            })
            .collect();
        Some(DecisionNode::Question {
            node_type: "question",
            id: q.id.clone(),
            text: q.text.clone(),
            help: q.help.clone(),
            answers,
        })
    }
    let outcomes: Vec<OutcomeView<'a>> = d.outcomes.iter().filter_map(|o| outcome(&o.id)).collect();
    let data = json!({ "start": d.start, "questions": d.questions, "outcomes": outcomes });
    DecisionView {
        start: d.start.clone(),
        questions: d.questions.clone(),
        tree: node(d, &d.start, &outcome, 0),
        data_json: data.to_string().replace('<', "\\u003c"),
        outcomes,
    }
}

/// Markdown in a front-matter string (an outcome's text) -> HTML.
fn inline_markdown(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(text));
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_dutch() {
        let dt: DateTime = "2027-01-14T13:30:00".parse().unwrap();
        let words = crate::load::i18n::builtin();
        assert_eq!(long_date(words, "nl", dt), "donderdag 14 januari 2027");
        assert_eq!(long_date(words, "en", dt), "Thursday 14 January 2027");
        assert_eq!(month_label(words, "nl", dt), "januari 2027");
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
