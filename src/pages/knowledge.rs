//! Views of the knowledge-base kinds on their own pages: trainings (with schema.org JSON-LD),
//! passports, decision aids and checklists. The overviews across pages are in `overviews`.

use jiff::ZonedDateTime as Zoned;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use serde::Serialize;
use serde_json::{Value, json};

use super::views::Views;
use crate::load::content::kinds::{
    Decision, KindData, Outcome, Passport, Question, Training, TrainingSession,
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
    pub location: &'a str,
    /// How many can take part; absent when the page does not say.
    pub places: Option<i64>,
    /// Where to sign up (a URL or an e-mail address), as written.
    pub register: Option<&'a str>,
}

pub(super) fn session_view<'a>(views: &Views, s: &'a TrainingSession) -> SessionView<'a> {
    let (words, lang) = (views.strings, views.default_language());
    SessionView {
        start: iso(s.start),
        end: iso(s.end),
        date_label: long_date(words, lang, s.start),
        time_label: format!("{} - {}", s.start.strftime("%H:%M"), s.end.strftime("%H:%M")),
        month_label: month_label(words, lang, s.start),
        location: &s.location,
        places: s.places,
        register: s.register.as_deref(),
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
    /// The age band the signals are for (`0-4`, ...), as written.
    pub age_band: Option<&'a str>,
    /// The number of signals (task-list items) on the page.
    pub signal_count: usize,
}

/// A training's own fields (`roles`, `format`, `duration`, `goals`, `points`, `repeat_every`,
/// `trainer`) and what the build derives from them.
#[derive(Debug, Clone, Serialize)]
pub struct TrainingView<'a> {
    /// The roles the training is for.
    pub roles: &'a [String],
    /// `klassikaal`, `e-learning`, `webinar`, ...
    pub format: Option<&'a str>,
    /// `3 uur`, as written.
    pub duration: Option<&'a str>,
    /// What a participant can do afterwards.
    pub goals: &'a [String],
    /// Accreditation points.
    pub points: Option<f64>,
    /// How often it must be followed again (`2 jaar`).
    pub repeat_every: Option<&'a str>,
    pub trainer: Option<&'a str>,
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
    /// The role the passport is for.
    pub role: &'a str,
    pub expertise: &'a [String],
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
        KindData::Checklist(c) => {
            view.checklist = Some(ChecklistView { age_band: c.age_band.as_deref(), signal_count })
        }
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
        roles: &t.roles,
        format: t.format.as_deref(),
        duration: t.duration.as_deref(),
        goals: &t.goals,
        points: t.points,
        repeat_every: t.repeat_every.as_deref(),
        trainer: t.trainer.as_deref(),
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
    let organisation = &views.settings.site.organisation.name;
    let provider = if organisation.is_empty() { &views.settings.site.title } else { organisation };
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
        "inLanguage": views.settings.default_language,
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
    PassportView { role: &p.role, expertise: &p.expertise, required }
}

/// A decision aid: the questions and outcomes for the script, and the same as a list of steps
/// for reading without JavaScript and on paper.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionView<'a> {
    pub start: String,
    pub questions: Vec<QuestionView<'a>>,
    pub outcomes: Vec<OutcomeView<'a>>,
    /// Every question and outcome once, in the order a reader meets them from the start
    /// (questions first, then outcomes), each answer linking to the step it leads to. A tree
    /// whose answers share a next question is a graph: written out as nested paths it grows
    /// exponentially, as steps it stays the size of its front matter.
    pub steps: Vec<DecisionStep<'a>>,
    /// `start`, `questions` and `outcomes` as JSON for the script, safe inside `<script>`.
    pub data_json: String,
}

/// A question of a decision aid as written: its answers lead to another question or an
/// outcome by `id`.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub help: Option<&'a str>,
    pub answers: Vec<AnswerView<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerView<'a> {
    pub label: &'a str,
    /// The `id` of the question or outcome it leads to.
    pub next: &'a str,
}

fn question_view(q: &Question) -> QuestionView<'_> {
    QuestionView {
        id: &q.id,
        text: &q.text,
        help: q.help.as_deref(),
        answers: q.answers.iter().map(|a| AnswerView { label: &a.label, next: &a.next }).collect(),
    }
}

/// An outcome's own fields (`id`, `title`), its text as HTML and its links resolved.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeView<'a> {
    #[serde(rename = "type")]
    pub node_type: &'static str,
    /// What answers lead to (`next`).
    pub id: &'a str,
    pub title: &'a str,
    /// The outcome's text, markdown rendered to HTML (raw HTML in it is shown as text).
    pub text: String,
    pub links: Vec<OutcomeLinkView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeLinkView {
    pub title: String,
    pub url: String,
}

/// One step of the decision aid without JavaScript: a question (`type` = `question`, with
/// `number`, `text`, `help` and `answers`) or an outcome (`type` = `outcome`, with `outcome`).
#[derive(Debug, Clone, Serialize)]
pub struct DecisionStep<'a> {
    #[serde(rename = "type")]
    pub node_type: &'static str,
    /// The step's `id` attribute, unique in a page and in a print pack of several aids.
    pub anchor: String,
    /// Questions are numbered from 1 in reading order; 0 for an outcome.
    pub number: usize,
    pub id: String,
    pub text: String,
    pub help: Option<String>,
    pub answers: Vec<StepAnswer>,
    pub outcome: Option<OutcomeView<'a>>,
}

/// An answer of a step and the step it leads to: `anchor` to link to, and the question's
/// `number` or (with `number` 0) the outcome's `title`.
#[derive(Debug, Clone, Serialize)]
pub struct StepAnswer {
    pub label: String,
    pub next: String,
    pub anchor: String,
    pub number: usize,
    pub title: String,
}

fn decision_view<'a>(views: &Views, page: PageId, d: &'a Decision) -> DecisionView<'a> {
    let doc = &views.lib.page(page).doc;
    let outcome_view = |o: &'a Outcome| -> OutcomeView<'a> {
        let links = o
            .links
            .iter()
            .map(|l| OutcomeLinkView {
                title: l.title.clone(),
                url: doc.links.get(&l.url).cloned().unwrap_or_else(|| l.url.clone()),
            })
            .collect();
        OutcomeView {
            node_type: "outcome",
            id: &o.id,
            title: &o.title,
            text: inline_markdown(&o.text),
            links,
        }
    };
    let outcomes: Vec<OutcomeView<'a>> = d.outcomes.iter().map(outcome_view).collect();
    let questions: Vec<QuestionView<'a>> = d.questions.iter().map(question_view).collect();
    let data = json!({ "start": d.start, "questions": questions, "outcomes": outcomes });
    DecisionView {
        start: d.start.clone(),
        questions,
        steps: decision_steps(d, &format!("kb-beslis-{}", page.index()), &outcome_view),
        data_json: data.to_string().replace('<', "\\u003c"),
        outcomes,
    }
}

/// The questions reachable from the start in breadth-first order, then the outcomes in the
/// order they are first reached: each node once, so the work is linear in the tree's size
/// whatever the number of paths through it (and a loop, reported when the page was read,
/// cannot make it run forever).
fn decision_steps<'a>(
    d: &'a Decision,
    prefix: &str,
    outcome_view: &dyn Fn(&'a Outcome) -> OutcomeView<'a>,
) -> Vec<DecisionStep<'a>> {
    use std::collections::{HashMap, VecDeque};
    let questions: HashMap<&str, &Question> = d.questions.iter().map(|q| (q.id.as_str(), q)).collect();
    let outcomes: HashMap<&str, &Outcome> = d.outcomes.iter().map(|o| (o.id.as_str(), o)).collect();
    let mut question_order: Vec<&Question> = Vec::new();
    let mut outcome_order: Vec<&Outcome> = Vec::new();
    let mut seen: HashMap<&str, ()> = HashMap::new();
    let mut queue: VecDeque<&str> = VecDeque::from([d.start.as_str()]);
    seen.insert(d.start.as_str(), ());
    while let Some(id) = queue.pop_front() {
        if let Some(q) = questions.get(id) {
            question_order.push(q);
            for a in &q.answers {
                if seen.insert(a.next.as_str(), ()).is_none() {
                    queue.push_back(&a.next);
                }
            }
        } else if let Some(o) = outcomes.get(id) {
            outcome_order.push(o);
        }
    }
    // Where each id is written: its anchor, and the question number (0 for an outcome).
    let mut place: HashMap<&str, (String, usize)> = HashMap::new();
    for (n, q) in question_order.iter().enumerate() {
        place.insert(&q.id, (format!("{prefix}-vraag-{}", n + 1), n + 1));
    }
    for (n, o) in outcome_order.iter().enumerate() {
        place.insert(&o.id, (format!("{prefix}-uitkomst-{}", n + 1), 0));
    }
    let mut steps = Vec::with_capacity(question_order.len() + outcome_order.len());
    for (n, q) in question_order.iter().enumerate() {
        let answers = q
            .answers
            .iter()
            .filter_map(|a| {
                let (anchor, number) = place.get(a.next.as_str())?.clone();
                let title = outcomes.get(a.next.as_str()).map(|o| o.title.clone()).unwrap_or_default();
                Some(StepAnswer { label: a.label.clone(), next: a.next.clone(), anchor, number, title })
            })
            .collect();
        steps.push(DecisionStep {
            node_type: "question",
            anchor: format!("{prefix}-vraag-{}", n + 1),
            number: n + 1,
            id: q.id.clone(),
            text: q.text.clone(),
            help: q.help.clone(),
            answers,
            outcome: None,
        });
    }
    for (n, o) in outcome_order.iter().enumerate() {
        steps.push(DecisionStep {
            node_type: "outcome",
            anchor: format!("{prefix}-uitkomst-{}", n + 1),
            number: 0,
            id: o.id.clone(),
            text: String::new(),
            help: None,
            answers: Vec::new(),
            outcome: Some(outcome_view(o)),
        });
    }
    steps
}

/// Markdown in a front-matter string (an outcome's text) -> HTML. Raw HTML is shown as text
/// and links with a refused scheme lose their `href` (the build reports them as errors).
fn inline_markdown(text: &str) -> String {
    kb_markdown::safe_inline::to_html(text)
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

#[cfg(test)]
mod decision_tests {
    use super::*;
    use crate::load::content::kinds::Answer;

    fn chain(n: usize) -> Decision {
        let questions = (0..n)
            .map(|i| {
                let next = if i + 1 == n { "einde".to_string() } else { format!("q{}", i + 1) };
                Question {
                    id: format!("q{i}"),
                    text: format!("Vraag {i}?"),
                    help: None,
                    answers: ["Ja", "Nee"]
                        .iter()
                        .enumerate()
                        .map(|(k, l)| Answer { label: l.to_string(), next: next.clone(), index: k })
                        .collect(),
                    index: i,
                }
            })
            .collect();
        let outcomes = vec![Outcome {
            id: "einde".into(),
            title: "Einde".into(),
            text: "Klaar <script>x</script>".into(),
            links: Vec::new(),
            index: 0,
        }];
        Decision { start: "q0".into(), questions, outcomes }
    }

    /// Both answers of every question lead to the next: 2^n paths, n + 1 steps.
    #[test]
    fn shared_questions_are_written_once() {
        let d = chain(40);
        let steps = decision_steps(&d, "p", &view);
        assert_eq!(steps.len(), 41);
        assert_eq!(steps[0].anchor, "p-vraag-1");
        assert_eq!(steps[0].answers[1].anchor, "p-vraag-2");
        assert_eq!(steps[39].answers[0].anchor, "p-uitkomst-1");
        assert_eq!(steps[39].answers[0].title, "Einde");
        let text = &steps[40].outcome.as_ref().unwrap().text;
        assert!(text.contains("&lt;script&gt;") && !text.contains("<script"), "{text}");
    }

    fn view(o: &Outcome) -> OutcomeView<'_> {
        OutcomeView {
            node_type: "outcome",
            id: &o.id,
            title: &o.title,
            text: inline_markdown(&o.text),
            links: Vec::new(),
        }
    }

    /// Issue 30: the steps of a tree cost time linear in its size (N and 8N questions within a
    /// factor of ten), whatever the number of paths through it.
    #[test]
    fn steps_cost_linear_time() {
        kb_core::scaling::assert_linear("a chain of N questions", 500, chain, |d| {
            decision_steps(d, "p", &view);
        });
    }

    use proptest::prelude::*;

    /// A tree as written, sound or not (a build refuses an unsound one, but the steps must not
    /// depend on that): answers to questions, outcomes, nothing, or back up the tree.
    fn tree() -> impl Strategy<Value = Decision> {
        let id = prop::sample::select(vec!["q0", "q1", "q2", "q3", "q4", "q5", "u0", "u1", "nergens"]);
        let text = prop::sample::select(vec![
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "**vet** en [link](/pad/)",
            "\u{202e}",
            "",
        ]);
        let question = (id.clone(), text.clone(), prop::collection::vec((text.clone(), id.clone()), 0..4));
        let outcome = (id.clone(), text.clone(), text);
        (prop::collection::vec(question, 0..8), prop::collection::vec(outcome, 0..4), id).prop_map(
            |(questions, outcomes, start)| Decision {
                start: start.to_string(),
                questions: questions
                    .into_iter()
                    .enumerate()
                    .map(|(index, (id, text, answers))| Question {
                        id: id.to_string(),
                        text: text.to_string(),
                        help: None,
                        answers: answers
                            .into_iter()
                            .enumerate()
                            .map(|(k, (label, next))| Answer {
                                label: label.to_string(),
                                next: next.to_string(),
                                index: k,
                            })
                            .collect(),
                        index,
                    })
                    .collect(),
                outcomes: outcomes
                    .into_iter()
                    .enumerate()
                    .map(|(index, (id, title, text))| Outcome {
                        id: id.to_string(),
                        title: title.to_string(),
                        text: text.to_string(),
                        links: Vec::new(),
                        index,
                    })
                    .collect(),
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 192, failure_persistence: None, ..ProptestConfig::default() })]

        /// Every reachable node is written once, every answer links to a step that is written,
        /// and an outcome's text is escaped markdown.
        #[test]
        fn generated_trees_give_each_step_once(d in tree()) {
            let steps = decision_steps(&d, "p", &view);
            prop_assert!(steps.len() <= d.questions.len() + d.outcomes.len());
            let anchors: std::collections::HashSet<&str> = steps.iter().map(|s| s.anchor.as_str()).collect();
            prop_assert_eq!(anchors.len(), steps.len(), "an anchor written twice");
            let ids: std::collections::HashSet<(&str, &str)> = steps.iter().map(|s| (s.node_type, s.id.as_str())).collect();
            prop_assert_eq!(ids.len(), steps.len(), "a node written twice");
            for step in &steps {
                for a in &step.answers {
                    prop_assert!(anchors.contains(a.anchor.as_str()), "{} leads to no step", a.anchor);
                }
                if let Some(o) = &step.outcome {
                    for raw in ["<script", "<img", "href=\"javascript:"] {
                        prop_assert!(!o.text.contains(raw), "{}", o.text);
                    }
                }
            }
        }
    }
}
