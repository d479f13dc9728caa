//! `serve`'s incremental rebuild against a fresh full build, byte for byte: random sequences of
//! edits (bodies, titles, weights, taxonomy terms, headings, new and deleted pages, a template,
//! a shortcode template, a data file a chart draws, a file saved without a change) applied to a
//! small site through `serve::Session`, and after each sequence every output file compared
//! with what `build_site` makes of the same files. Plus the point of it all: a body edit
//! renders one document and one page, not the site, and a file that did not change is not
//! read again.

use std::collections::BTreeMap;

use kennisbank::app::serve::Session;
use kennisbank::app::serve::session::Report;
use kennisbank::load::config::{BuildOptions, Config};

use crate::common::{BUILD_EPOCH, Site};

/// A small deterministic generator (xorshift64*): the same seed, the same edits.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const TAGS: [&str; 4] = ["veiligheid", "melden", "kinderen", "ouderen"];
const WORDS: [&str; 8] = ["signalen", "zorg", "gesprek", "melding", "advies", "huis", "school", "buurt"];

/// One page's editable parts; written as a markdown file.
#[derive(Clone)]
struct PageText {
    title: String,
    weight: usize,
    tags: Vec<&'static str>,
    first: String,
    last: String,
    /// Content paths this page links to.
    links: Vec<String>,
    heading: bool,
}

impl PageText {
    fn markdown(&self) -> String {
        let tags = self.tags.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(", ");
        let links: String =
            self.links.iter().map(|l| format!("Lees ook [deze pagina](@/{l}).\n\n")).collect();
        let heading = if self.heading { "## Wat kunt u doen?\n\n" } else { "" };
        format!(
            "+++\ntitle = \"{}\"\nweight = {}\n\n[taxonomies]\ntags = [{tags}]\n+++\n\n{}\n\n{heading}{links}{}\n",
            self.title, self.weight, self.first, self.last
        )
    }
}

struct Fixture {
    site: Site,
    /// Content path -> text, for the pages that exist.
    pages: BTreeMap<String, PageText>,
    next_page: usize,
    template_version: usize,
    /// Versions of the shortcode template and of the chart's data file.
    shortcode_version: usize,
    data_version: usize,
}

/// A page that calls a shortcode and draws a chart from a data file; never edited itself.
const SHORTCODE_PAGE: &str = "content/hulp/cijfers.md";

fn shortcode_template(version: usize) -> String {
    format!("<span class=\"stap\">Stap {{{{ nummer }}}} (v{version})</span>")
}

fn chart_data(version: usize) -> String {
    format!("jaar,meldingen\n2022,{}\n2023,{}\n", 100 + version, 120 + 2 * version)
}

impl Fixture {
    fn new(random: &mut Random) -> Fixture {
        let site = Site::empty();
        site.write(
            "kennisbank.toml",
            "title = \"Testsite\"\nbase_url = \"https://test.example.nl\"\n\n[[taxonomies]]\nname = \"tags\"\ntitle = \"Onderwerpen\"\n",
        );
        site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n\nWelkom bij de kennisbank.\n");
        for section in ["hulp", "melden"] {
            site.write(
                &format!("content/{section}/_index.md"),
                format!("+++\ntitle = \"Over {section}\"\n+++\n\nAlles over {section}.\n"),
            );
        }
        site.write(
            SHORTCODE_PAGE,
            "+++\ntitle = \"Cijfers\"\n+++\n\nEerst {{ stap(nummer=1) }}.\n\n\
             {{ chart(data=\"meldingen.csv\", x=\"jaar\", y=\"meldingen\", title=\"Meldingen\") }}\n",
        );
        site.write("templates/shortcodes/stap.html", shortcode_template(0));
        site.write("data/meldingen.csv", chart_data(0));
        let mut fixture = Fixture {
            site,
            pages: BTreeMap::new(),
            next_page: 0,
            template_version: 0,
            shortcode_version: 0,
            data_version: 0,
        };
        for _ in 0..6 {
            fixture.add_page(random);
        }
        fixture
    }

    fn sentence(random: &mut Random) -> String {
        let words: Vec<&str> = (0..6).map(|_| *random.pick(&WORDS)).collect();
        format!("Over {} en {}.", words[..3].join(" "), words[3..].join(" "))
    }

    fn add_page(&mut self, random: &mut Random) {
        let section = if random.below(2) == 0 { "hulp" } else { "melden" };
        let rel = format!("{section}/pagina-{}.md", self.next_page);
        self.next_page += 1;
        let links = self.pages.keys().next().cloned().into_iter().collect();
        let text = PageText {
            title: format!("Pagina {}", self.next_page),
            weight: random.below(5),
            tags: vec![*random.pick(&TAGS)],
            first: Self::sentence(random),
            last: Self::sentence(random),
            links,
            heading: false,
        };
        self.write(&rel, &text);
        self.pages.insert(rel, text);
    }

    /// Deletes a page, and the links to it (or the site would not build).
    fn delete(&mut self, rel: &str) {
        self.pages.remove(rel);
        std::fs::remove_file(self.site.path(&format!("content/{rel}"))).unwrap();
        for (other, text) in self.pages.iter_mut() {
            if text.links.iter().any(|l| l == rel) {
                text.links.retain(|l| l != rel);
                self.site.write(&format!("content/{other}"), text.markdown());
            }
        }
    }

    fn write(&self, rel: &str, text: &PageText) {
        self.site.write(&format!("content/{rel}"), text.markdown());
    }

    /// One random edit; returns what it did, for the failure message.
    fn edit(&mut self, random: &mut Random) -> String {
        let rels: Vec<String> = self.pages.keys().cloned().collect();
        let rel = random.pick(&rels).clone();
        let mut text = self.pages[&rel].clone();
        let what = match random.below(13) {
            0 => {
                text.last = Self::sentence(random);
                "last paragraph"
            }
            1 => {
                text.first = Self::sentence(random);
                "first paragraph (the summary)"
            }
            2 => {
                text.title = format!("{} {}", random.pick(&WORDS), random.below(100));
                "title"
            }
            3 => {
                text.weight = random.below(5);
                "weight"
            }
            4 => {
                text.tags = (0..random.below(3)).map(|_| *random.pick(&TAGS)).collect();
                text.tags.sort();
                text.tags.dedup();
                "taxonomy terms"
            }
            5 => {
                let target = random.pick(&rels).clone();
                if target != rel && !text.links.contains(&target) {
                    text.links.push(target);
                } else {
                    text.links.clear();
                }
                text.heading = !text.heading;
                "links and a heading"
            }
            6 => {
                self.add_page(random);
                return "new page".to_string();
            }
            9 => {
                self.shortcode_version += 1;
                self.site.write("templates/shortcodes/stap.html", shortcode_template(self.shortcode_version));
                return format!("shortcode version {}", self.shortcode_version);
            }
            10 => {
                self.data_version += 1;
                self.site.write("data/meldingen.csv", chart_data(self.data_version));
                return format!("data version {}", self.data_version);
            }
            12 => {
                let section = *random.pick(&["hulp", "melden"]);
                self.site.write(
                    &format!("content/{section}/_index.md"),
                    format!(
                        "+++\ntitle = \"Over {section}\"\n+++\n\nAlles over {section}.\n\n{}\n",
                        Self::sentence(random)
                    ),
                );
                return format!("second paragraph of section {section}");
            }
            11 => {
                // Saved without a change: the same bytes, a new modification time.
                self.write(&rel, &text);
                return format!("{rel} saved unchanged");
            }
            7 if self.pages.len() > 3 => {
                self.delete(&rel);
                return format!("deleted {rel}");
            }
            _ => {
                self.template_version += 1;
                let path = "templates/page.html";
                if self.template_version.is_multiple_of(3) {
                    let _ = std::fs::remove_file(self.site.path(path));
                } else {
                    let theme = std::fs::read_to_string(concat!(
                        env!("CARGO_MANIFEST_DIR"),
                        "/themes/default/templates/page.html"
                    ))
                    .unwrap();
                    let edited = theme.replace(
                        "<h1 class=\"kb-title\">{{ page.title }}</h1>",
                        &format!(
                            "<h1 class=\"kb-title\">{{{{ page.title }}}} (v{})</h1>",
                            self.template_version
                        ),
                    );
                    assert_ne!(theme, edited, "the template edit found nothing to change");
                    self.site.write(path, edited);
                }
                return format!("template version {}", self.template_version);
            }
        };
        self.write(&rel, &text);
        self.pages.insert(rel.clone(), text);
        format!("{what} of {rel}")
    }
}

fn options() -> BuildOptions {
    BuildOptions { output: None, base_url: None, drafts: false }
}

/// Every file of a fresh full build.
fn full_build(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let config = Config::load(site.root(), &options()).unwrap_or_else(|d| panic!("config: {d:?}"));
    let built = kennisbank::app::build::build_site(&config);
    assert!(!built.diagnostics.has_errors(), "{:?}", built.diagnostics);
    built.files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// The session's files once the search job of its last update is in.
fn settled(session: &mut Session) -> BTreeMap<String, Vec<u8>> {
    if let Some(job) = session.search_job() {
        let applied = session.apply_search(job.run()).expect("the job is for the last update");
        applied.unwrap_or_else(|d| panic!("search: {d:?}"));
    }
    session.files().iter().map(|(path, bytes)| (path.clone(), bytes.to_vec())).collect()
}

fn update(session: &mut Session) -> Report {
    session.update().unwrap_or_else(|f| panic!("update failed: {:?}", f.diagnostics))
}

/// Every file of the site with its bytes and modification time.
type Stamps = BTreeMap<std::path::PathBuf, (Vec<u8>, std::time::SystemTime)>;

/// Every file of the site with its bytes and modification time: what a watcher would see change.
fn stamps(site: &Site) -> Stamps {
    walkdir::WalkDir::new(site.root())
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let modified = e.metadata().unwrap().modified().unwrap();
            (e.path().to_path_buf(), (std::fs::read(e.path()).unwrap(), modified))
        })
        .collect()
}

/// The paths whose files were written, made or removed since `before`, as the watcher hands
/// them to `serve`.
fn changed_since(site: &Site, before: &Stamps) -> Vec<std::path::PathBuf> {
    let now = stamps(site);
    let mut changed: Vec<_> =
        now.iter().filter(|(p, v)| before.get(*p) != Some(*v)).map(|(p, _)| p.clone()).collect();
    changed.extend(before.keys().filter(|p| !now.contains_key(*p)).cloned());
    changed
}

/// [`update`] as `serve` runs it: told which files changed (a body edit is patched in).
fn update_after(session: &mut Session, site: &Site, before: &Stamps) -> Report {
    let changed = changed_since(site, before);
    session.update_files(&changed).unwrap_or_else(|f| panic!("update failed: {:?}", f.diagnostics))
}

fn assert_same(
    incremental: &BTreeMap<String, Vec<u8>>,
    full: &BTreeMap<String, Vec<u8>>,
    history: &[String],
) {
    let only = |a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>| {
        a.keys().filter(|k| !b.contains_key(*k)).cloned().collect::<Vec<_>>()
    };
    assert!(
        only(incremental, full).is_empty() && only(full, incremental).is_empty(),
        "after {history:?}: only incremental: {:?}; only full: {:?}",
        only(incremental, full),
        only(full, incremental)
    );
    for (path, bytes) in full {
        let mine = &incremental[path];
        if mine != bytes {
            let (mine, theirs) = (String::from_utf8_lossy(mine), String::from_utf8_lossy(bytes));
            let at = mine.bytes().zip(theirs.bytes()).take_while(|(a, b)| a == b).count();
            let around = |text: &str| {
                text.get(at.saturating_sub(120)..(at + 120).min(text.len())).unwrap_or("").to_string()
            };
            panic!(
                "after {history:?}: {path} differs at byte {at}\nincremental: …{}…\nfull build:  …{}…",
                around(&mine),
                around(&theirs)
            );
        }
    }
}

fn fixed_build_time() {
    // SAFETY: every test sets the same value (the one the CLI tests pass to the binary).
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", BUILD_EPOCH) };
}

#[test]
fn random_edits_give_the_bytes_of_a_full_build() {
    fixed_build_time();
    let mut patched = 0;
    for seed in 1..=6u64 {
        let mut random = Random(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let mut fixture = Fixture::new(&mut random);
        let mut session = Session::new(fixture.site.root(), options());
        update(&mut session);
        let mut history = Vec::new();
        for step in 0..6 {
            let before = stamps(&fixture.site);
            let edits = 1 + random.below(3);
            for _ in 0..edits {
                history.push(fixture.edit(&mut random));
            }
            let report = update_after(&mut session, &fixture.site, &before);
            patched += usize::from(report.patched);
            // Now and then the search job of an update is overtaken by the next edit: its result
            // is taken in meanwhile, and the next job's result must still give the right bytes.
            if step % 2 == 1 {
                let stale = session.search_job().expect("the site has search");
                let before = stamps(&fixture.site);
                history.push(fixture.edit(&mut random));
                update_after(&mut session, &fixture.site, &before);
                let update = stale.run();
                assert!(session.apply_search(update).is_some_and(|r| r.is_ok()), "the overtaken result");
            }
            let incremental = settled(&mut session);
            assert_same(&incremental, &full_build(&fixture.site), &history);
        }
    }
    // Some of those updates were body edits patched into the last build.
    assert!(patched >= 3, "only {patched} updates patched");
}

#[test]
fn a_body_edit_renders_one_document_and_one_page() {
    fixed_build_time();
    let mut random = Random(42);
    let mut fixture = Fixture::new(&mut random);
    let mut session = Session::new(fixture.site.root(), options());
    let first = update(&mut session);
    assert_eq!(first.documents_rendered, first.documents, "{first}");
    settled(&mut session);

    let rel = fixture.pages.keys().nth(2).unwrap().clone();
    let mut text = fixture.pages[&rel].clone();
    text.last = "Een nieuwe laatste alinea, zonder gevolgen voor lijsten.".to_string();
    let before = stamps(&fixture.site);
    fixture.write(&rel, &text);
    fixture.pages.insert(rel.clone(), text);
    let report = update_after(&mut session, &fixture.site, &before);
    assert!(report.patched, "{report}");
    assert_eq!(report.documents_rendered, 1, "{report}");
    assert_eq!(report.jobs_rendered, 1, "{report}");
    assert!(report.files_changed >= 1, "{report}");
    let page = rel.trim_end_matches(".md");
    let html = String::from_utf8_lossy(&session.files()[&format!("{page}/index.html")]).into_owned();
    assert!(html.contains("Een nieuwe laatste alinea"), "{html}");
    assert_same(&settled(&mut session), &full_build(&fixture.site), &[format!("last paragraph of {rel}")]);

    // A template edit renders every page again, but no markdown.
    fixture.template_version = 1;
    let theme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/page.html"))
            .unwrap();
    fixture.site.write("templates/page.html", theme.replace("kb-title\">", "kb-title\">&#8203;"));
    let report = update(&mut session);
    assert_eq!(report.documents_rendered, 0, "{report}");
    assert_eq!(report.jobs_rendered, report.jobs, "{report}");
}

/// The related pages block of a page's HTML, if it has one.
fn related_block(session: &Session, rel: &str) -> Option<String> {
    let page = format!("{}/index.html", rel.trim_end_matches(".md"));
    let html = String::from_utf8_lossy(&session.files()[&page]).into_owned();
    let start = html.find("<aside class=\"kb-related\"")?;
    Some(html[start..start + html[start..].find("</aside>")?].to_string())
}

#[test]
fn a_body_edit_after_pages_moved_shows_the_related_pages_of_the_current_model() {
    // The session keeps the related pages per page index between edits: a deleted page moves
    // the pages after it to other indices, and a body edit before the next search result must
    // still show each page's own related pages, not those of the page that had its index.
    fixed_build_time();
    let mut random = Random(3);
    let mut fixture = Fixture::new(&mut random);
    for _ in 0..6 {
        fixture.add_page(&mut random);
    }
    // Two pages about the same thing, listed as each other's related pages, after `hulp`.
    let twin = |name: &str, last: &str| {
        format!(
            "+++\ntitle = \"Fietsenstalling {name}\"\n+++\n\nDe fietsenstalling bij de kinderopvang \
             heeft een zonnepaneel, een regenton en een fietspomp.\n\n{last}\n"
        )
    };
    fixture.site.write("content/melden/zz-a.md", twin("A", "Tot ziens."));
    fixture.site.write("content/melden/zz-b.md", twin("B", "Tot ziens."));
    let mut session = Session::new(fixture.site.root(), options());
    update(&mut session);
    settled(&mut session);
    let shown = related_block(&session, "melden/zz-a.md").expect("the twin lists related pages");
    assert!(shown.contains("/melden/zz-b/"), "{shown}");

    let before = stamps(&fixture.site);
    let first = fixture.pages.keys().find(|rel| rel.starts_with("hulp/")).expect("a page in hulp").clone();
    fixture.delete(&first);
    assert!(!update_after(&mut session, &fixture.site, &before).patched);
    let before = stamps(&fixture.site);
    fixture.site.write("content/melden/zz-a.md", twin("A", "Een nieuwe laatste alinea."));
    let report = update_after(&mut session, &fixture.site, &before);
    assert!(report.patched, "{report}");
    assert_eq!(related_block(&session, "melden/zz-a.md"), Some(shown));
    let history = [format!("deleted {first}"), "last paragraph of melden/zz-a.md".to_string()];
    assert_same(&settled(&mut session), &full_build(&fixture.site), &history);
}

#[test]
fn a_body_edit_that_others_see_is_not_patched() {
    fixed_build_time();
    let mut random = Random(11);
    let mut fixture = Fixture::new(&mut random);
    let mut session = Session::new(fixture.site.root(), options());
    update(&mut session);
    settled(&mut session);
    let rels: Vec<String> = fixture.pages.keys().cloned().collect();
    let (rel, other) = (rels[1].clone(), rels[3].clone());
    let original = fixture.pages[&rel].clone();

    // The first paragraph is the summary lists show; a heading is an anchor; a link to another
    // page is a backlink there. Each takes the full update, and gives a full build's bytes.
    type Edit = fn(&mut PageText, &str);
    let edits: [(&str, Edit); 3] = [
        ("summary", |t, _| t.first = "Een andere eerste alinea.".to_string()),
        ("heading", |t, _| t.heading = !t.heading),
        ("new link", |t, other| t.links = vec![other.to_string()]),
    ];
    for (what, edit) in edits {
        let mut text = original.clone();
        edit(&mut text, &other);
        let before = stamps(&fixture.site);
        fixture.write(&rel, &text);
        fixture.pages.insert(rel.clone(), text);
        let report = update_after(&mut session, &fixture.site, &before);
        assert!(!report.patched, "{what}: {report}");
        assert_same(&settled(&mut session), &full_build(&fixture.site), &[format!("{what} of {rel}")]);
    }

    // A broken link in the new text is the full update's error, with its place.
    let before = stamps(&fixture.site);
    fixture.site.write(
        &format!("content/{rel}"),
        original.markdown().replace("Over ", "Zie [dit](@/bestaat-niet.md). Over "),
    );
    let failure = session
        .update_files(&changed_since(&fixture.site, &before))
        .expect_err("a broken link fails the update");
    let message = format!("{:?}", failure.diagnostics);
    assert!(message.contains("bestaat-niet.md") && message.contains(&rel), "{message}");
}

#[test]
fn a_title_edit_renders_what_shows_the_title_not_the_site() {
    fixed_build_time();
    let mut random = Random(5);
    let mut fixture = Fixture::new(&mut random);
    for _ in 0..14 {
        fixture.add_page(&mut random);
    }
    let mut session = Session::new(fixture.site.root(), options());
    update(&mut session);
    settled(&mut session);

    // Lists, neighbours and backlinks show a page's title: those pages render again, the
    // pages of the other section and the other terms do not, and the bytes are a full build's.
    for round in 0..3 {
        let rel = fixture.pages.keys().nth(2 + round).unwrap().clone();
        let mut text = fixture.pages[&rel].clone();
        text.title = format!("Een nieuwe titel {round}");
        let before = stamps(&fixture.site);
        fixture.write(&rel, &text);
        fixture.pages.insert(rel.clone(), text);
        let report = update_after(&mut session, &fixture.site, &before);
        assert!(report.patched, "{report}");
        assert_eq!(report.documents_rendered, 0, "{report}");
        assert!(report.jobs_rendered * 2 < report.jobs, "{report}");
        assert_same(&settled(&mut session), &full_build(&fixture.site), &[format!("title of {rel}")]);
    }
}

/// Sets the modification time of every file of the site an hour back, as on a site nobody has
/// touched for a while (then a file's metadata says whether it changed).
fn age_files(site: &Site) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in walkdir::WalkDir::new(site.root()).into_iter().flatten().filter(|e| e.file_type().is_file())
    {
        let file = std::fs::File::options().write(true).open(entry.path()).unwrap();
        file.set_modified(hour_ago).unwrap();
    }
}

#[test]
fn a_file_saved_unchanged_renders_nothing_and_a_same_stamped_edit_is_seen() {
    fixed_build_time();
    let mut random = Random(7);
    let mut fixture = Fixture::new(&mut random);
    age_files(&fixture.site);
    let mut session = Session::new(fixture.site.root(), options());
    update(&mut session);
    settled(&mut session);

    let rel = fixture.pages.keys().nth(1).unwrap().clone();
    let text = fixture.pages[&rel].clone();
    fixture.write(&rel, &text);
    let report = update(&mut session);
    assert_eq!(
        (report.documents_rendered, report.jobs_rendered, report.files_changed),
        (0, 0, 0),
        "{report}"
    );

    // An edit of the same length whose modification time is set back to the old one: the
    // file's change time still differs, so it is read again.
    age_files(&fixture.site);
    update(&mut session);
    let mut edited = text.clone();
    edited.last = edited.last.replacen('.', "!", 1);
    assert_eq!(edited.markdown().len(), text.markdown().len());
    fixture.write(&rel, &edited);
    age_files(&fixture.site);
    fixture.pages.insert(rel.clone(), edited);
    let report = update(&mut session);
    assert_eq!(report.documents_rendered, 1, "{report}");
    assert_same(&settled(&mut session), &full_build(&fixture.site), &[format!("same-length edit of {rel}")]);
}
