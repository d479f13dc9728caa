//! The relevance benchmark's floor: the judged queries of `benches/relevance/queries.tsv` for the
//! example site, ranked by the reference query (what `kennisbank search` answers and the browser
//! client matches), must keep their figures. The floors sit a little below the figures measured
//! when they were set (BENCHMARKS.md, "Relevance"): a change that makes search worse for
//! readers fails here, one that makes it better should raise them. Not timed.

use std::collections::BTreeMap;
use std::path::Path;

use kb_search::{Filters, search};
use kennisbank::load::config::{BuildOptions, Config};

struct Judged {
    class: String,
    query: String,
    grades: BTreeMap<String, u8>,
}

fn judged_queries(corpus: &str) -> Vec<Judged> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("benches/relevance/queries.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f[0] == corpus)
        .map(|f| Judged {
            class: f[1].to_string(),
            query: f[2].to_string(),
            grades: f[3]
                .split_whitespace()
                .map(|g| {
                    let (grade, url) = g.split_once(':').unwrap();
                    (url.to_string(), grade.parse().unwrap())
                })
                .collect(),
        })
        .collect()
}

/// MRR@10, nDCG@10, hits@3 and recall@10 of one ranking, as `benches/relevance/report.mjs`
/// computes them.
fn scores(j: &Judged, urls: &[String]) -> [f64; 4] {
    let top = &urls[..urls.len().min(10)];
    let grade = |u: &String| f64::from(j.grades.get(u).copied().unwrap_or(0));
    let first = top.iter().position(|u| j.grades.get(u) == Some(&2));
    let gain = |g: f64, i: usize| (2f64.powf(g) - 1.0) / ((i + 2) as f64).log2();
    let dcg: f64 = top.iter().enumerate().map(|(i, u)| gain(grade(u), i)).sum();
    let mut ideal: Vec<f64> = j.grades.values().map(|g| f64::from(*g)).collect();
    ideal.sort_by(|a, b| b.total_cmp(a));
    let idcg: f64 = ideal.iter().take(10).enumerate().map(|(i, g)| gain(*g, i)).sum();
    [
        first.map_or(0.0, |r| 1.0 / (r + 1) as f64),
        if idcg > 0.0 { dcg / idcg } else { 0.0 },
        f64::from(u8::from(first.is_some_and(|r| r < 3))),
        top.iter().filter(|u| grade(u) > 0.0).count() as f64 / j.grades.len() as f64,
    ]
}

#[test]
fn the_example_site_keeps_its_relevance_figures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(root, &BuildOptions::default()).expect("the example site's config loads");
    let (indexes, diagnostics) = kennisbank::app::build::search_indexes(&config);
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    let index = indexes.default.as_ref().expect("the example site has a search index");
    let queries = judged_queries("example");
    assert!(queries.len() >= 100, "only {} judged queries", queries.len());

    let mut total = [0.0; 4];
    let mut per_class: BTreeMap<&str, ([f64; 4], usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for j in &queries {
        let hits = search(index, &j.query, 10, &Filters::default()).unwrap();
        let urls: Vec<String> = hits.into_iter().map(|h| h.url).collect();
        let s = scores(j, &urls);
        if s[2] == 0.0 {
            misses.push(format!(
                "{} [{}]: {}",
                j.query,
                j.class,
                urls.iter().take(3).cloned().collect::<Vec<_>>().join(" ")
            ));
        }
        let class = per_class.entry(&j.class).or_default();
        for k in 0..4 {
            total[k] += s[k];
            class.0[k] += s[k];
        }
        class.1 += 1;
    }
    let n = queries.len() as f64;
    let [mrr, ndcg, hits3, recall] = total.map(|x| x / n);
    let report = format!(
        "MRR@10 {mrr:.3}, nDCG@10 {ndcg:.3}, hits@3 {}/{}, recall@10 {recall:.3}\nper class (MRR): {}\nmisses at 3:\n  {}",
        total[2],
        queries.len(),
        per_class
            .iter()
            .map(|(c, (s, k))| format!("{c} {:.2}", s[0] / *k as f64))
            .collect::<Vec<_>>()
            .join(", "),
        misses.join("\n  ")
    );
    println!("{report}");
    // Measured 2026-12-02 (BENCHMARKS.md, "Relevance"): MRR@10 0.881, nDCG@10 0.911, hits@3
    // 99/105, recall@10 0.963 (before the fixes of issue 17: 0.765, 0.789, 87/105, 0.821).
    // Re-judged 2026-12-02 (third session): the 23 pages added since (decks, products, werkplaatsen, new
    // guidance) were judged for every query by a reader who saw no ranking (JUDGING.md, "Second
    // round"); decks count half ([`kb_search`] KIND_WEIGHTS), unknown words are left out
    // and other words complete to their inflections. Measured: MRR@10 0.858, nDCG@10 0.888,
    // hits@3 98/105, recall@10 0.940.
    // Re-judged 2026-12-06 (JUDGING.md, "Third round"): 33 pages added for issue 27 (public
    // pages on loverboys, stalking, honour violence; the staff passports and trainings) judged
    // blind. Measured with them: MRR@10 0.839, nDCG@10 0.869, hits@3 94/105, recall@10 0.909.
    // Issue 29 item 3 (2026-12-06): compounds the site lacks are cut into parts, and a Dutch
    // infinitive completes from its stem (`plegen` -> `plegers`). Measured: MRR@10 0.851,
    // nDCG@10 0.876, hits@3 95/105, recall@10 0.913; the floors sit just below.
    assert!(mrr >= 0.85, "MRR@10 fell below 0.85\n{report}");
    assert!(ndcg >= 0.87, "nDCG@10 fell below 0.87\n{report}");
    assert!(hits3 >= 0.90, "hits@3 fell below 90%\n{report}");
    assert!(recall >= 0.91, "recall@10 fell below 0.91\n{report}");
}

/// Issue 29: a compound the site never uses finds the pages that write its parts apart, first,
/// and those that share one part of it (`database` for `databank`, `error afhandeling` for
/// `foutafhandeling`), where it used to find nothing.
#[test]
fn a_compound_the_site_lacks_finds_its_parts() {
    let page = |url: &str, title: &str, body: &str| kb_search::SearchDoc {
        url: url.into(),
        title: title.into(),
        body: body.into(),
        kind: "page".into(),
        ..Default::default()
    };
    let docs = vec![
        page("/express/", "Een Express app", "Routes en middleware in Express."),
        page(
            "/fouten/",
            "Fouten afhandelen",
            "Vang fouten op en handel ze netjes af: fouten afhandelen in Express.",
        ),
        page("/errors/", "Error afhandeling", "Een error in een route: zo verloopt de afhandeling."),
        page("/database/", "Een database koppelen", "Sla je gegevens op in een database met SQL."),
        page("/css/", "Opmaak met CSS", "Kleuren, letters en marges."),
    ];
    let index = kb_search::build(
        docs,
        Default::default(),
        &kb_search::Glossary::default(),
        "nl",
        kb_search::Purpose::Query,
        None,
    )
    .unwrap();
    let urls = |q: &str| -> Vec<String> {
        search(&index, q, 10, &Filters::default()).unwrap().into_iter().map(|h| h.url).collect()
    };
    let found = urls("foutafhandeling");
    assert_eq!(found.first().map(String::as_str), Some("/fouten/"), "{found:?}");
    assert!(found.contains(&"/errors/".to_string()), "{found:?}");
    assert_eq!(urls("databank"), ["/database/"]);
    assert_eq!(urls("databank koppelen")[0], "/database/");
    // The word itself, where the site has it, still comes first.
    assert_eq!(urls("database")[0], "/database/");
}
