//! Times `serve`'s incremental rebuild without the server: a session on a site, then N edits
//! of one page (body, heading, title or touch), each followed by an update. A title edit is
//! what lists, menus and neighbours read of the page; it appends a number to the `title`
//! line of the front matter. Prints each update's
//! report and the median per stage. Scratch tool for profiling (`perf record -- ...`). With
//! `search` last, each update's search job runs too, timed (the index and related pages).
//!
//!     cargo run --release --example serve_edits -- SITE PAGE_REL [body|heading|title|touch] [EDITS] [search]

use std::time::Instant;

/// The allocator the `kennisbank` binary uses, so that the times are serve's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // Absolute, as the watcher names changed files (the config's content folder is).
    let root = std::path::absolute(&args[1]).expect("the site's folder");
    let page = root.join("content").join(&args[2]);
    let kind = args.get(3).map_or("body", String::as_str);
    let edits: usize = args.get(4).and_then(|n| n.parse().ok()).unwrap_or(20);
    let search = args.get(5).is_some_and(|a| a == "search");
    let options = kennisbank::load::config::BuildOptions { output: None, base_url: None, drafts: false };
    let mut session = kennisbank::app::serve::Session::new(&root, options);
    let started = Instant::now();
    session.update().unwrap_or_else(|_| panic!("first build failed"));
    println!("first build {} ms", started.elapsed().as_millis());
    if let Some(job) = session.search_job() {
        let started = Instant::now();
        let update = job.run();
        let ran = started.elapsed().as_millis();
        session.apply_search(update);
        println!("search job {ran} ms, applied after {} ms", started.elapsed().as_millis());
    }
    let original = std::fs::read_to_string(&page).unwrap();
    let mut totals = Vec::new();
    let mut stages: std::collections::BTreeMap<&str, Vec<f64>> = Default::default();
    for i in 0..edits {
        let text = match kind {
            "heading" => original.replacen("\n## ", &format!("\n## Kop{i} "), 1),
            "title" => {
                let line = original.lines().find(|l| l.starts_with("title")).expect("a `title` line");
                let edited = format!("{}{i}\"", line.trim_end().trim_end_matches('"'));
                original.replacen(line, &edited, 1)
            }
            "touch" => original.clone(),
            _ => format!("{original}\n\nEen nieuwe alinea {i}.\n"),
        };
        std::fs::write(&page, text).unwrap();
        let t = Instant::now();
        let report =
            session.update_files(std::slice::from_ref(&page)).unwrap_or_else(|_| panic!("update failed"));
        totals.push(t.elapsed().as_secs_f64() * 1000.0);
        println!("{report}");
        for (name, took) in &report.timings {
            stages.entry(name).or_default().push(took.as_secs_f64() * 1000.0);
        }
        if search && let Some(job) = session.search_job() {
            let (started, cpu) = (Instant::now(), kennisbank::app::build::cpu_time());
            let update = job.run();
            let ran = started.elapsed().as_secs_f64() * 1000.0;
            let ran_cpu = (kennisbank::app::build::cpu_time() - cpu).as_secs_f64() * 1000.0;
            session.apply_search(update);
            let applied = started.elapsed().as_secs_f64() * 1000.0;
            println!("search job {ran:.0} ms (CPU {ran_cpu:.0} ms), applied after {applied:.0} ms");
            stages.entry("search job").or_default().push(ran);
            stages.entry("search job, CPU").or_default().push(ran_cpu);
            stages.entry("search job, applied").or_default().push(applied);
        }
    }
    std::fs::write(&page, original).unwrap();
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v[v.len() / 2], v[(v.len() * 95 / 100).min(v.len() - 1)])
    };
    let (m, p) = median(&mut totals);
    println!("total: median {m:.1} ms, p95 {p:.1} ms");
    for (name, v) in &mut stages {
        let (m, p) = median(v);
        println!("  {name}: median {m:.1} ms, p95 {p:.1} ms");
    }
}
