//! One description per kind: every front-matter field a page may carry, its type, whether it
//! is required, what it means and an example value.
//!
//! Everything else follows from this table rather than keeping a list of its own: the reader's
//! "did you mean" for misspelt fields, the front matter `kennisbank new` writes, the editor's
//! forms in `serve` (served as JSON), and the front-matter reference in `docs/TEMPLATES.md`
//! (a test keeps it current). The typed readers in [`super::kinds`] turn the fields into
//! structs; a test feeds each described field a wrong value and expects the reader to refuse
//! it, so a field described here and not read there (or read with another type) fails.

use serde::Serialize;

use super::front_matter::KNOWN_AUDIENCES;
use super::kind::{Kind, NAMES};
use super::kinds::product::{PRODUCT_STATUSES, PRODUCT_TYPES};
use super::kinds::slides::SPLITS;
use super::kinds::{AGE_BANDS, TRAINING_FORMATS};

/// What a field holds, as the editor shows it and the reader checks it.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldType {
    /// One line of text.
    Text,
    /// Text of several sentences (still one value, no markdown headings).
    Paragraph,
    Integer,
    Number,
    Bool,
    /// `2027-01-14`.
    Date,
    /// `2027-01-14T13:30:00`, local time in the Netherlands.
    DateTime,
    /// Another page, as an `@/` path: `@/scholing/basis.md`.
    Link,
    /// A list of one-line texts.
    Texts,
    /// A list of `@/` paths.
    Links,
    /// One of a fixed set of values.
    OneOf {
        values: &'static [&'static str],
    },
    /// Any of a fixed set of values, as a list.
    ManyOf {
        values: &'static [&'static str],
    },
    /// The `[taxonomies]` table: a list of terms per taxonomy the site declares.
    Terms,
    /// A free table for templates (`[extra]`).
    Table,
    /// A list of tables, each with these fields (`[[sessions]]`).
    Rows {
        fields: &'static [Field],
    },
}

/// One front-matter field.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Field {
    pub name: &'static str,
    #[serde(flatten)]
    pub kind: FieldType,
    pub required: bool,
    /// The field's name in the editor's form (Dutch).
    pub label: &'static str,
    /// A short help line under the field in the editor (Dutch, plain words).
    pub help: &'static str,
    /// What the field means, for the reference in `docs/TEMPLATES.md` (English).
    pub meaning: &'static str,
    /// A valid value as TOML writes it: what `kennisbank new` puts in a new page.
    pub example: &'static str,
}

const fn field(
    name: &'static str,
    kind: FieldType,
    label: &'static str,
    help: &'static str,
    meaning: &'static str,
    example: &'static str,
) -> Field {
    Field { name, kind, required: false, label, help, meaning, example }
}

impl Field {
    const fn required(self) -> Field {
        Field { required: true, ..self }
    }
}

/// A kind and its own fields (besides [`COMMON`]).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct KindSchema {
    pub kind: Kind,
    /// The kind's name in the editor (Dutch).
    pub label: &'static str,
    /// What a page of this kind is for (English, for the reference).
    pub meaning: &'static str,
    pub fields: &'static [Field],
}

use FieldType::*;

/// Fields every page may carry, whatever its kind.
pub const COMMON: &[Field] = &[
    field(
        "title",
        Text,
        "Titel",
        "De naam van de pagina, zoals hij bovenaan staat.",
        "the page's title (without it: the first `# ` heading, else the file name)",
        "\"Titel van de pagina\"",
    ),
    field(
        "description",
        Paragraph,
        "Korte omschrijving",
        "Een of twee zinnen: waar gaat deze pagina over? Zoekmachines en overzichten tonen dit.",
        "one or two sentences for overviews, search results and the meta description",
        "\"Waar deze pagina over gaat, in een of twee zinnen.\"",
    ),
    field(
        "kind",
        OneOf { values: &NAMES },
        "Soort pagina",
        "Bepaalt welke velden de pagina heeft en hoe hij eruitziet.",
        "what the page is; see the kinds below (default `guidance`)",
        "\"guidance\"",
    ),
    field(
        "audience",
        ManyOf { values: KNOWN_AUDIENCES },
        "Voor wie",
        "Voor wie is deze pagina bedoeld? Kies een of meer.",
        "who the page is for: `professional`, `public`, `trainer`",
        "[\"professional\"]",
    ),
    field(
        "taxonomies",
        Terms,
        "Thema's",
        "De thema's van de pagina, zoals de site ze kent.",
        "terms per taxonomy the site declares: `[taxonomies] themas = [\"verwaarlozing\"]`",
        "{ themas = [] }",
    ),
    field(
        "owner",
        Text,
        "Eigenaar",
        "Wie is verantwoordelijk voor de inhoud?",
        "who answers for the content (shown, and used by the review report)",
        "\"Team Deskundigheidsbevordering\"",
    ),
    field(
        "review_by",
        Date,
        "Controleren voor",
        "Uiterlijk op deze datum kijkt de eigenaar of alles nog klopt.",
        "the date by which the owner checks the page again; past it, the page says so",
        "2027-12-01",
    ),
    field(
        "date",
        Date,
        "Datum",
        "De datum waarop de pagina verscheen.",
        "when the page was published",
        "2026-12-01",
    ),
    field(
        "updated",
        Date,
        "Laatst bijgewerkt",
        "De datum van de laatste echte wijziging.",
        "when its content last changed",
        "2026-12-01",
    ),
    field(
        "draft",
        Bool,
        "Concept",
        "Een concept komt niet op de site, alleen in de voorbeeldweergave.",
        "a draft is left out of the build unless `--drafts` is given",
        "false",
    ),
    field(
        "weight",
        Integer,
        "Volgorde",
        "Een lager getal komt eerder in de lijst van de sectie.",
        "order within its section, lowest first",
        "10",
    ),
    field(
        "slug",
        Text,
        "Adresnaam",
        "Het laatste deel van het webadres. Laat leeg om de bestandsnaam te gebruiken.",
        "the last part of the URL instead of the file name",
        "\"mijn-pagina\"",
    ),
    field(
        "aliases",
        Texts,
        "Oude adressen",
        "Adressen waar de pagina vroeger stond. Bezoekers daar komen hier uit.",
        "old URLs that redirect here",
        "[]",
    ),
    field(
        "template",
        Text,
        "Sjabloon",
        "Alleen nodig voor een afwijkende opmaak.",
        "the theme template to render with, instead of the kind's",
        "\"page.html\"",
    ),
    field(
        "paginate_by",
        Integer,
        "Per pagina",
        "Voor een sectie: hoeveel pagina's per overzichtspagina.",
        "on a section: pages per list page",
        "20",
    ),
    field("extra", Table, "Extra", "Vrije velden voor het thema.", "free fields for templates", "{}"),
];

const SESSION: &[Field] = &[
    field(
        "start",
        DateTime,
        "Begint",
        "Datum en tijd, Nederlandse tijd.",
        "start, local time in the Netherlands",
        "2027-01-14T13:30:00",
    )
    .required(),
    field("end", DateTime, "Eindigt", "Na het begin.", "end, after `start`", "2027-01-14T16:30:00")
        .required(),
    field(
        "location",
        Text,
        "Plaats",
        "Waar de bijeenkomst is, of 'online'.",
        "where it takes place",
        "\"Assen\"",
    ),
    field(
        "places",
        Integer,
        "Plaatsen",
        "Hoeveel mensen er mee kunnen doen.",
        "how many can take part",
        "16",
    ),
    field(
        "register",
        Text,
        "Aanmelden",
        "Een webadres of mailto: om je aan te melden.",
        "where to register: a URL or `mailto:`",
        "\"mailto:scholing@example.org\"",
    ),
];

const REQUIRED_TRAINING: &[Field] = &[
    field(
        "training",
        Link,
        "Training",
        "De pagina van de training, als @/-pad.",
        "the training's page as an `@/` path",
        "\"@/scholing/basistraining-meldcode.md\"",
    )
    .required(),
    field(
        "repeat_every",
        Text,
        "Herhalen na",
        "Hoe vaak deze rol de training opnieuw volgt.",
        "how often the role repeats it",
        "\"2 jaar\"",
    ),
];

const ANSWER: &[Field] = &[
    field("label", Text, "Antwoord", "De tekst van de knop.", "the answer as its button says it", "\"Ja\"")
        .required(),
    field(
        "next",
        Text,
        "Leidt naar",
        "De id van de volgende vraag of van een uitkomst.",
        "the id of the next question or of an outcome",
        "\"uitkomst-1\"",
    )
    .required(),
];

const QUESTION: &[Field] = &[
    field(
        "id",
        Text,
        "Id",
        "Een korte naam zonder spaties, uniek in deze pagina.",
        "a short unique name that answers point at",
        "\"vraag-1\"",
    )
    .required(),
    field(
        "text",
        Text,
        "Vraag",
        "De vraag zoals de lezer hem ziet.",
        "the question",
        "\"Is er een vermoeden?\"",
    )
    .required(),
    field("help", Paragraph, "Uitleg", "Extra uitleg bij de vraag.", "help under the question", "\"\""),
    field(
        "answers",
        Rows { fields: ANSWER },
        "Antwoorden",
        "Elk antwoord leidt naar een vraag of een uitkomst.",
        "the answers, each leading on",
        "",
    ),
];

const OUTCOME_LINK: &[Field] = &[
    field("title", Text, "Tekst", "De tekst van de link.", "the link's text", "\"Stap 1 van de meldcode\"")
        .required(),
    field(
        "url",
        Link,
        "Pagina",
        "Een @/-pad of een webadres.",
        "an `@/` path or a URL",
        "\"@/meldcode/_index.md\"",
    )
    .required(),
];

const OUTCOME: &[Field] = &[
    field(
        "id",
        Text,
        "Id",
        "Een korte naam zonder spaties, uniek in deze pagina.",
        "a short unique name that answers point at",
        "\"uitkomst-1\"",
    )
    .required(),
    field(
        "title",
        Text,
        "Titel",
        "De uitkomst in een paar woorden.",
        "the outcome in a few words",
        "\"Overleg met een collega\"",
    )
    .required(),
    field(
        "text",
        Paragraph,
        "Tekst",
        "Wat de lezer nu doet (markdown mag).",
        "what to do now (markdown)",
        "\"Bespreek je zorg met de aandachtsfunctionaris.\"",
    ),
    field(
        "links",
        Rows { fields: OUTCOME_LINK },
        "Links",
        "Pagina's die helpen bij deze uitkomst.",
        "pages that help",
        "",
    ),
];

const PRODUCT_FILE: &[Field] = &[
    field(
        "title",
        Text,
        "Naam",
        "Hoe de download heet.",
        "the download's name",
        "\"Overzicht per gemeente (CSV)\"",
    )
    .required(),
    field(
        "file",
        Text,
        "Bestand",
        "Het bestand naast de pagina.",
        "a file beside the page, relative to its folder",
        "\"overzicht.csv\"",
    )
    .required(),
];

pub const KINDS: &[KindSchema] = &[
    KindSchema {
        kind: Kind::Guidance,
        label: "Handreiking",
        meaning: "guidance for professionals (the default kind)",
        fields: &[],
    },
    KindSchema {
        kind: Kind::Checklist,
        label: "Signalenlijst",
        meaning: "a list of signals; each task-list item in the body is a signal",
        fields: &[field(
            "age_band",
            OneOf { values: AGE_BANDS },
            "Leeftijd",
            "Voor welke leeftijd zijn de signalen?",
            "the age group the signals are for",
            "\"0-4\"",
        )],
    },
    KindSchema {
        kind: Kind::Decision,
        label: "Stappenhulp",
        meaning: "a decision aid: questions whose answers lead to a next question or an outcome",
        fields: &[
            field(
                "start",
                Text,
                "Eerste vraag",
                "De id van de vraag waarmee de hulp begint.",
                "the id of the first question (default: the first question)",
                "\"vraag-1\"",
            ),
            field(
                "questions",
                Rows { fields: QUESTION },
                "Vragen",
                "Elke vraag met haar antwoorden.",
                "the questions",
                "",
            ),
            field(
                "outcomes",
                Rows { fields: OUTCOME },
                "Uitkomsten",
                "Waar de antwoorden op uitkomen.",
                "where the answers end",
                "",
            ),
        ],
    },
    KindSchema {
        kind: Kind::Training,
        label: "Training",
        meaning: "a training with its sessions; the calendar and its `.ics` follow from them",
        fields: &[
            field(
                "roles",
                Texts,
                "Voor wie",
                "De rollen die deze training volgen.",
                "the roles it is for",
                "[\"leerkracht\"]",
            ),
            field(
                "format",
                OneOf { values: TRAINING_FORMATS },
                "Vorm",
                "Hoe de training gegeven wordt.",
                "how it is given",
                "\"klassikaal\"",
            ),
            field("duration", Text, "Duur", "Hoe lang de training duurt.", "how long it takes", "\"3 uur\""),
            field(
                "goals",
                Texts,
                "Leerdoelen",
                "Wat deelnemers na afloop kunnen.",
                "what participants learn",
                "[\"Je kent de vijf stappen van de meldcode.\"]",
            ),
            field(
                "points",
                Number,
                "Accreditatiepunten",
                "Het aantal punten, als de training geaccrediteerd is.",
                "accreditation points",
                "3",
            ),
            field(
                "repeat_every",
                Text,
                "Herhalen na",
                "Hoe vaak je de training opnieuw volgt.",
                "how often it is repeated",
                "\"2 jaar\"",
            ),
            field(
                "trainer",
                Text,
                "Trainer",
                "Wie de training geeft.",
                "who gives it",
                "\"Team Deskundigheidsbevordering\"",
            ),
            field(
                "sessions",
                Rows { fields: SESSION },
                "Bijeenkomsten",
                "Elke datum waarop de training gegeven wordt.",
                "the dates it is given",
                "",
            ),
            field(
                "decks",
                Links,
                "Presentaties",
                "De dia's die de training gebruikt, als @/-paden.",
                "the slide decks it uses, as `@/` paths",
                "[]",
            ),
        ],
    },
    KindSchema {
        kind: Kind::Passport,
        label: "Deskundigheidspaspoort",
        meaning: "what a role must know and which trainings it needs",
        fields: &[
            field(
                "role",
                Text,
                "Rol",
                "De functie waar dit paspoort voor is.",
                "the role the passport is for",
                "\"leerkracht\"",
            )
            .required(),
            field(
                "expertise",
                Texts,
                "Deskundigheid",
                "Wat iemand in deze rol moet kennen en kunnen.",
                "what the role must know and do",
                "[\"Signalen herkennen\"]",
            ),
            field(
                "required",
                Rows { fields: REQUIRED_TRAINING },
                "Verplichte trainingen",
                "De trainingen die deze rol nodig heeft.",
                "the trainings the role needs",
                "",
            ),
        ],
    },
    KindSchema {
        kind: Kind::Glossary,
        label: "Begrippenlijst",
        meaning: "the glossary: its terms feed abbreviations and search",
        fields: &[],
    },
    KindSchema {
        kind: Kind::Page,
        label: "Gewone pagina",
        meaning: "a plain page (about, contact)",
        fields: &[],
    },
    KindSchema {
        kind: Kind::Slides,
        label: "Presentatie",
        meaning: "a slide deck: the body is cut into slides at `---` lines, with `Notes:` for the speaker",
        fields: &[field(
            "split",
            OneOf { values: SPLITS },
            "Dia's knippen bij",
            "'h2': elke kop van niveau 2 begint ook een nieuwe dia.",
            "where slides are cut besides `---` lines: `h2` adds each `## `",
            "\"rule\"",
        )],
    },
    KindSchema {
        kind: Kind::Product,
        label: "Product van een werkplaats",
        meaning: "what a kenniswerkplaats delivers: a data, knowledge or skills product",
        fields: &[
            field(
                "product_type",
                OneOf { values: PRODUCT_TYPES },
                "Soort product",
                "Wat voor product het is.",
                "what kind of product",
                "\"kennisproduct\"",
            )
            .required(),
            field(
                "werkplaats",
                Link,
                "Werkplaats",
                "De pagina van de werkplaats, als @/-pad.",
                "the werkplaats's page as an `@/` path",
                "\"@/over-ons/werkplaatsen/_index.md\"",
            )
            .required(),
            field(
                "status",
                OneOf { values: PRODUCT_STATUSES },
                "Status",
                "Hoe ver het product is.",
                "where it stands",
                "\"in ontwikkeling\"",
            )
            .required(),
            field(
                "files",
                Rows { fields: PRODUCT_FILE },
                "Downloads",
                "Bestanden naast de pagina.",
                "downloads beside the page",
                "",
            ),
            field(
                "trainings",
                Links,
                "Trainingen",
                "Trainingen die het product gebruiken, als @/-paden.",
                "trainings that use it, as `@/` paths",
                "[]",
            ),
        ],
    },
];

/// The description of `kind`.
pub fn of(kind: Kind) -> &'static KindSchema {
    KINDS.iter().find(|k| k.kind == kind).expect("every kind is described: a test checks it")
}

/// The names of the fields a page of `kind` may carry: the common ones, then its own.
pub fn field_names(kind: Kind) -> Vec<&'static str> {
    COMMON.iter().chain(of(kind).fields).map(|f| f.name).collect()
}

/// The whole description as the editor fetches it.
#[derive(Serialize)]
pub struct Description {
    pub common: &'static [Field],
    pub kinds: &'static [KindSchema],
}

pub const DESCRIPTION: Description = Description { common: COMMON, kinds: KINDS };

/// The TOML front matter of a new page of `kind` (without the `+++` fences): the title, the
/// kind and each of the kind's fields with its example; rows get one example row each.
pub fn starter_toml(kind: Kind, title: &str, today: &str, review_by: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!("title = {}\n", toml_string(title)));
    out.push_str("description = \"\"\n");
    out.push_str(&format!("date = {today}\n"));
    out.push_str(&format!("kind = \"{kind}\"\n"));
    let audience = match kind {
        Kind::Training | Kind::Slides => "[\"trainer\"]",
        Kind::Page | Kind::Glossary => "[\"public\"]",
        _ => "[\"professional\"]",
    };
    out.push_str(&format!("audience = {audience}\n"));
    out.push_str("owner = \"\"\n");
    out.push_str(&format!("review_by = {review_by}\n"));
    write_fields(&mut out, of(kind).fields, "", false);
    out
}

/// Every field of `kind` with its example, links included: a page that reads cleanly.
#[cfg(test)]
fn full_example_toml(kind: Kind) -> String {
    let mut out = format!("title = \"Titel\"\nkind = \"{kind}\"\n");
    write_fields(&mut out, of(kind).fields, "", true);
    out
}

/// Plain fields first (TOML wants them before any table), then each list of rows. Optional
/// links to other pages are left out (no example names a page of the author's site), and so
/// are optional rows that need one.
fn write_fields(out: &mut String, fields: &[Field], prefix: &str, all: bool) {
    let wanted = |f: &&Field| all || f.required || !needs_a_page(f);
    for f in fields.iter().filter(wanted).filter(|f| !matches!(f.kind, Rows { .. })) {
        out.push_str(&format!("{} = {}\n", f.name, f.example));
    }
    for f in fields.iter().filter(wanted) {
        if let Rows { fields: inner } = f.kind {
            let path = format!("{prefix}{}", f.name);
            out.push_str(&format!("\n[[{path}]]\n"));
            write_fields(out, inner, &format!("{path}."), all);
        }
    }
}

fn needs_a_page(f: &Field) -> bool {
    match f.kind {
        Link | Links => true,
        // A row naming a file beside the page (a product's download) needs that file.
        Rows { fields } => fields.iter().any(|f| f.required && (needs_a_page(f) || f.name == "file")),
        _ => false,
    }
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The front-matter reference for `docs/TEMPLATES.md`: a table of the common fields, then one
/// per kind with fields.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "Generated from the kinds' description (`src/load/content/schema.rs`); the editor's forms,\n\
         `kennisbank new` and the reader's \"did you mean\" use the same table.\n\n\
         ### Every kind\n\n",
    );
    table(&mut out, COMMON, "");
    for k in KINDS {
        out.push_str(&format!("\n### `{}`: {}\n\n", k.kind, k.meaning));
        if k.fields.is_empty() {
            out.push_str("No fields of its own.\n");
        } else {
            table(&mut out, k.fields, "");
        }
    }
    out
}

fn table(out: &mut String, fields: &[Field], prefix: &str) {
    if prefix.is_empty() {
        out.push_str("| field | type | required | meaning | example |\n| --- | --- | --- | --- | --- |\n");
    }
    for f in fields {
        let name = format!("{prefix}{}", f.name);
        let required = if f.required { "yes" } else { "" };
        let example = if f.example.is_empty() { String::new() } else { format!("`{}`", f.example) };
        out.push_str(&format!(
            "| `{name}` | {} | {required} | {} | {} |\n",
            type_name(&f.kind),
            f.meaning.replace('|', "\\|"),
            example.replace('|', "\\|")
        ));
        if let Rows { fields: inner } = f.kind {
            table(out, inner, &format!("{name}[]."));
        }
    }
}

fn type_name(kind: &FieldType) -> String {
    let quoted = |values: &[&str]| values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
    match kind {
        Text => "text".into(),
        Paragraph => "text".into(),
        Integer => "whole number".into(),
        Number => "number".into(),
        Bool => "true or false".into(),
        Date => "date".into(),
        DateTime => "date and time".into(),
        Link => "`@/` path".into(),
        Texts => "list of text".into(),
        Links => "list of `@/` paths".into(),
        OneOf { values } => format!("one of {}", quoted(values)),
        ManyOf { values } => format!("list of {}", quoted(values)),
        Terms => "table of lists".into(),
        Table => "table".into(),
        Rows { .. } => "list of tables".into(),
    }
}

#[cfg(test)]
mod tests;
