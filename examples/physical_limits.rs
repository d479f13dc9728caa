//! The floor under a build: what the libraries kennisbank stands on take for the same corpus
//! when they do nothing else. Each step runs on all cores (rayon), as the build does:
//!
//! 1. read every markdown file (`content/**/*.md`) into memory;
//! 2. pulldown-cmark alone: each file's body (front matter cut off) to HTML, with the same
//!    extensions kennisbank turns on (tables, footnotes, strikethrough, task lists, heading
//!    attributes);
//! 3. syntect alone: every fenced code block highlighted into classes, as the build does;
//! 4. tera alone: each page's HTML through one small layout (title, a menu of ten links, the
//!    content), the template compiled once;
//! 5. writing those pages alone: one `index.html` per page in its own folder under OUT.
//!
//! BENCHMARKS.md sets these beside the build's own stages, so the gap to the limit is a figure.
//!
//!     cargo run --release --example physical_limits -- CONTENT_DIR OUT_DIR

use std::path::{Path, PathBuf};
use std::time::Instant;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;

/// The allocator the `kennisbank` binary uses, so that the figures compare.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const LAYOUT: &str = r#"<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><nav><ul>{% for item in menu %}<li><a href="{{ item.url }}">{{ item.title }}</a></li>{% endfor %}</ul></nav>
<main><h1>{{ title }}</h1>{{ content | safe }}</main></body></html>"#;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(content), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: physical_limits CONTENT_DIR OUT_DIR");
        std::process::exit(2);
    };
    let files: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();

    let started = Instant::now();
    let sources: Vec<String> =
        files.par_iter().map(|f| std::fs::read_to_string(f).unwrap_or_default()).collect();
    let bytes: usize = sources.iter().map(String::len).sum();
    report("read", started, bytes);

    let started = Instant::now();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let pages: Vec<String> = sources
        .par_iter()
        .map(|source| {
            let mut html = String::with_capacity(source.len() * 2);
            pulldown_cmark::html::push_html(&mut html, Parser::new_ext(body(source), options));
            html
        })
        .collect();
    report("pulldown-cmark", started, bytes);

    let started = Instant::now();
    let syntaxes = two_face::syntax::extra_newlines();
    let highlighted: usize = sources
        .par_iter()
        .map(|source| {
            let mut code: Option<(String, String)> = None;
            let mut out = 0;
            for event in Parser::new_ext(body(source), options) {
                match event {
                    Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                        code = Some((lang.to_string(), String::new()))
                    }
                    Event::Text(text) => {
                        if let Some((_, block)) = code.as_mut() {
                            block.push_str(&text)
                        }
                    }
                    Event::End(TagEnd::CodeBlock) => {
                        if let Some((lang, block)) = code.take() {
                            out += highlight(&syntaxes, &lang, &block).len();
                        }
                    }
                    _ => {}
                }
            }
            out
        })
        .sum();
    report("syntect", started, highlighted);

    let started = Instant::now();
    let mut tera = tera::Tera::default();
    tera.add_raw_template("layout.html", LAYOUT).expect("the layout compiles");
    let menu: Vec<serde_json::Value> = (0..10)
        .map(|i| serde_json::json!({ "url": format!("/thema-{i}/"), "title": format!("Thema {i}") }))
        .collect();
    let rendered: Vec<String> = pages
        .par_iter()
        .enumerate()
        .map(|(i, html)| {
            let mut context = tera::Context::new();
            context.insert("title", &format!("Pagina {i}"));
            context.insert("menu", &menu);
            context.insert("content", html);
            tera.render("layout.html", &context).expect("the layout renders")
        })
        .collect();
    report("tera", started, rendered.iter().map(String::len).sum());

    let started = Instant::now();
    let out = Path::new(out);
    let _ = std::fs::remove_dir_all(out);
    rendered.par_iter().enumerate().for_each(|(i, html)| {
        let dir = out.join(format!("{}/{i}", i / 1000));
        std::fs::create_dir_all(&dir).expect("a folder for the page");
        std::fs::write(dir.join("index.html"), html).expect("the page is written");
    });
    report("write", started, rendered.iter().map(String::len).sum());
}

/// The markdown after a `+++` or `---` front matter block.
fn body(source: &str) -> &str {
    for fence in ["+++", "---"] {
        if let Some(rest) = source.strip_prefix(fence)
            && let Some(end) = rest.find(&format!("\n{fence}"))
        {
            return &rest[end + 4..];
        }
    }
    source
}

fn highlight(syntaxes: &syntect::parsing::SyntaxSet, lang: &str, code: &str) -> String {
    use syntect::html::{ClassStyle, ClassedHTMLGenerator};
    let syntax = syntaxes.find_syntax_by_token(lang).unwrap_or_else(|| syntaxes.find_syntax_plain_text());
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        syntaxes,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in syntect::util::LinesWithEndings::from(code) {
        let _ = generator.parse_html_for_line_which_includes_newline(line);
    }
    generator.finalize()
}

fn report(step: &str, started: Instant, bytes: usize) {
    let elapsed = started.elapsed();
    println!(
        "{step:<15} {:>9.1} ms  {:>8.1} MB  {:>7.0} MB/s",
        elapsed.as_secs_f64() * 1000.0,
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / elapsed.as_secs_f64().max(1e-9)
    );
}
