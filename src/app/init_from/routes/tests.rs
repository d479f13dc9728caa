use proptest::prelude::*;
use serde_json::{Map, Value, json};

use super::*;

fn front(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

fn url(scheme: &UrlScheme, rel: &str, route: &str, fm: Value) -> Option<String> {
    old_url(scheme, OldFile { rel, route, front: &front(fm) })
}

/// Each (file, front matter, old URL) of `cases` under `route`.
fn check(scheme: &UrlScheme, route: &str, cases: &[(&str, Value, &str)]) {
    for (rel, fm, want) in cases {
        assert_eq!(url(scheme, rel, route, fm.clone()).as_deref(), Some(*want), "{rel} {fm}");
    }
}

fn docs() -> UrlScheme {
    UrlScheme::Docusaurus { trailing_slash: None, blogs: vec!["blog".into()] }
}

#[test]
fn mkdocs_paths_with_and_without_directory_urls() {
    let dirs = UrlScheme::MkDocs { directory_urls: true };
    let files = UrlScheme::MkDocs { directory_urls: false };
    let cases = [
        ("index.md", "/", "/index.html"),
        ("README.md", "/", "/index.html"),
        ("a/b.md", "/a/b/", "/a/b.html"),
        ("Setup/Kleur.md", "/Setup/Kleur/", "/Setup/Kleur.html"),
        ("a/index.md", "/a/", "/a/index.html"),
        ("a/README.md", "/a/", "/a/index.html"),
        ("blog/mkdocs-2.0.md", "/blog/mkdocs-2.0/", "/blog/mkdocs-2.0.html"),
    ];
    for (rel, with, without) in cases {
        assert_eq!(url(&dirs, rel, "", json!({})).as_deref(), Some(with), "{rel}");
        assert_eq!(url(&files, rel, "", json!({})).as_deref(), Some(without), "{rel}");
    }
}

#[test]
fn docusaurus_number_prefixes_as_its_parser() {
    for (name, stripped) in [
        ("01-intro", "intro"),
        ("1-genereer-oas", "genereer-oas"),
        ("14.-mongo-queries", "mongo-queries"),
        ("003 - My Doc", "My Doc"),
        ("0_a", "a"),
        ("2021-01-31 - Doc", "2021-01-31 - Doc"),
        ("1.2-versie", "1.2-versie"),
        ("MyDoc", "MyDoc"),
        ("00abc01-My Doc", "00abc01-My Doc"),
        ("1- -x", "1- -x"),
        ("12", "12"),
    ] {
        assert_eq!(strip_number_prefix(name), stripped, "{name}");
    }
}

#[test]
fn docusaurus_docs_slugs_ids_and_category_indexes() {
    let s = docs();
    let cases = [
        ("intro.md", json!({}), "/docs/intro"),
        ("01-start/02-installatie.md", json!({}), "/docs/start/installatie"),
        ("14.-mongo/index.md", json!({}), "/docs/mongo/"),
        ("gids/README.md", json!({}), "/docs/gids/"),
        ("gids/Gids.mdx", json!({}), "/docs/gids/"),
        ("v1.2+x/a.md", json!({}), "/docs/v1.2+x/a"),
        ("a/b.md", json!({"id": "c"}), "/docs/a/c"),
        ("a/b.md", json!({"slug": "/x/y"}), "/docs/x/y"),
        ("a/b.md", json!({"slug": "z"}), "/docs/a/z"),
        ("a/b.md", json!({"slug": "../z"}), "/docs/z"),
        ("a/index.md", json!({"slug": "eigen"}), "/docs/a/eigen"),
        ("a/b.md", json!({"slug": "/"}), "/docs/"),
    ];
    check(&s, "docs", &cases);
    assert_eq!(url(&s, "intro.md", "", json!({})).as_deref(), Some("/intro"), "routeBasePath: '/'");
    assert_eq!(url(&s, "_partial.md", "docs", json!({})), None);
    assert_eq!(url(&s, "a.md", "docs", json!({"draft": true})), None);
    let slash = UrlScheme::Docusaurus { trailing_slash: Some(true), blogs: vec![] };
    assert_eq!(url(&slash, "a/b.md", "docs", json!({})).as_deref(), Some("/docs/a/b/"));
    let none = UrlScheme::Docusaurus { trailing_slash: Some(false), blogs: vec![] };
    assert_eq!(url(&none, "a/index.md", "docs", json!({})).as_deref(), Some("/docs/a"));
}

#[test]
fn docusaurus_blog_dates_and_slugs() {
    let s = docs();
    let cases = [
        ("2025-03-26-naam.md", json!({}), "/blog/2025/03/26/naam"),
        ("2025/03/26-naam.md", json!({}), "/blog/2025/03/26/naam"),
        ("2025-03-26-naam/index.mdx", json!({}), "/blog/2025/03/26/naam"),
        ("team/2025-3-5-x.md", json!({}), "/blog/2025/3/5/team/x"),
        ("zonder-datum.md", json!({}), "/blog/zonder-datum"),
        ("map/index.md", json!({}), "/blog/map"),
        ("2025-03-26-naam.md", json!({"slug": "eigen"}), "/blog/eigen"),
        ("2025-03-26-naam.md", json!({"slug": "/abs/pad"}), "/blog/abs/pad"),
    ];
    check(&s, "blog", &cases);
}

#[test]
fn hugo_url_slug_permalinks_and_bundles() {
    let s = UrlScheme::Hugo {
        permalinks: vec![("posts".into(), "/:year/:month/:slug/".into())],
        ugly: false,
        keep_case: false,
    };
    let cases = [
        ("_index.md", json!({}), "/"),
        ("Docs/_index.md", json!({}), "/docs/"),
        ("docs/Mijn Pagina.md", json!({}), "/docs/mijn-pagina/"),
        ("docs/a.md", json!({"slug": "b"}), "/docs/b/"),
        ("docs/a.md", json!({"url": "/elders/"}), "/elders/"),
        ("docs/bundel/index.md", json!({}), "/docs/bundel/"),
        ("posts/x.md", json!({"date": "2024-02-03", "title": "Hallo Wereld"}), "/2024/02/hallo-wereld/"),
        ("posts/x.md", json!({"date": "2024-02-03", "slug": "s"}), "/2024/02/s/"),
    ];
    check(&s, "", &cases);
    assert_eq!(url(&s, "posts/x.md", "", json!({})), None, "no date for :year");
    assert_eq!(url(&s, "docs/a.en.md", "", json!({})), None, "a translation");
    let ugly = UrlScheme::Hugo { permalinks: vec![], ugly: true, keep_case: true };
    assert_eq!(url(&ugly, "Docs/A.md", "", json!({})).as_deref(), Some("/Docs/A.html"));
}

#[test]
fn zola_paths_slugs_and_dates() {
    let s = UrlScheme::Zola;
    let cases = [
        ("_index.md", json!({}), "/"),
        ("Blog/_index.md", json!({}), "/Blog/"),
        ("Blog/Eerste Post.md", json!({}), "/Blog/eerste-post/"),
        ("blog/2024-01-05-nieuw-jaar.md", json!({}), "/blog/nieuw-jaar/"),
        ("blog/2024-01-05.md", json!({}), "/blog/2024-01-05/"),
        ("blog/2024-13-05-x.md", json!({}), "/blog/2024-13-05-x/"),
        ("blog/x.md", json!({"slug": "Y Z"}), "/blog/y-z/"),
        ("blog/x.md", json!({"path": "elders/pad"}), "/elders/pad/"),
        ("blog/map/index.md", json!({}), "/blog/map/"),
    ];
    check(&s, "", &cases);
}

#[test]
fn folder_forms_compare_as_one_url() {
    assert!(same("/docs/a", "/docs/a/"));
    assert!(same("/docs/a/index.html", "/docs/a/"));
    assert!(same("/", "/"));
    assert!(!same("/docs/a.html", "/docs/a/"));
    assert!(!same("/Docs/a/", "/docs/a/"));
    assert_eq!(parent("/a/b/"), Some("/a/".into()));
    assert_eq!(parent("/a"), Some("/".into()));
    assert_eq!(parent("/"), None);
    assert_eq!(last_segment("/a/b.html"), "b.html");
}

fn any_scheme() -> impl Strategy<Value = UrlScheme> {
    prop_oneof![
        any::<bool>().prop_map(|directory_urls| UrlScheme::MkDocs { directory_urls }),
        any::<Option<bool>>()
            .prop_map(|t| UrlScheme::Docusaurus { trailing_slash: t, blogs: vec!["blog".into()] }),
        any::<bool>().prop_map(|ugly| UrlScheme::Hugo {
            permalinks: vec![("p".into(), ":year/:slug/:sections/:x".into())],
            ugly,
            keep_case: false
        }),
        Just(UrlScheme::Zola),
    ]
}

proptest! {
    /// Any path and front matter gives a URL that starts with `/`, or none, without a panic.
    #[test]
    fn any_path_gives_a_rooted_url_or_none(
        scheme in any_scheme(),
        rel in "[a-zA-Z0-9 ._/\\-:é]{0,40}(\\.md|\\.mdx)?",
        route in prop::sample::select(vec!["", "docs", "blog", "p"]),
        slug in proptest::option::of("[a-z./ :]{0,12}"),
        date in proptest::option::of("[0-9\\-T:]{0,14}"),
    ) {
        let mut fm = Map::new();
        if let Some(slug) = slug { fm.insert("slug".into(), Value::String(slug)); }
        if let Some(date) = date { fm.insert("date".into(), Value::String(date)); }
        if let Some(url) = old_url(&scheme, OldFile { rel: &rel, route, front: &fm }) {
            prop_assert!(url.starts_with('/'), "{url}");
            prop_assert!(folder_form(&url).starts_with('/'));
        }
    }
}

#[test]
fn long_paths_cost_linear_time() {
    let front = Map::new();
    for scheme in [docs(), UrlScheme::Zola, UrlScheme::MkDocs { directory_urls: true }] {
        kb_core::scaling::assert_linear(
            "a path of N date-like parts",
            2000,
            |n| format!("{}x.md", "2025-1-1/".repeat(n)),
            |rel| {
                let _ = old_url(&scheme, OldFile { rel, route: "blog", front: &front });
            },
        );
    }
    let hugo = UrlScheme::Hugo {
        permalinks: vec![("p".into(), ":slug/".repeat(100))],
        ugly: false,
        keep_case: false,
    };
    kb_core::scaling::assert_linear(
        "a path of N folders",
        2000,
        |n| format!("p/{}x.md", "a/".repeat(n)),
        |rel| {
            let _ = old_url(&hugo, OldFile { rel, route: "", front: &front });
        },
    );
}
