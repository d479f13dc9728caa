//! The `kennisbank` binary: parse the command line, run, report, set the exit code.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use kennisbank::app::cli::{Cli, Command, EXIT_CONTENT_ERRORS, EXIT_OK, EXIT_USAGE};
use kennisbank::app::scaffold;
use kennisbank::load::config::{BuildOptions, Config};
use kennisbank::output;

mod allocator;

fn main() -> ExitCode {
    allocator::configure();
    let cli = Cli::parse();
    let code = match &cli.command {
        Command::Build { root, output, base_url, drafts } => {
            let options =
                BuildOptions { output: output.clone(), base_url: base_url.clone(), drafts: *drafts };
            build(&cli, root, &options)
        }
        Command::Serve { root, port, bind, drafts, open } => {
            let options = kennisbank::app::serve::ServeOptions {
                root: root.clone(),
                bind: bind.clone(),
                port: *port,
                drafts: *drafts,
                open: *open,
            };
            match kennisbank::app::serve::serve(options) {
                Ok(()) => EXIT_OK,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    EXIT_USAGE
                }
            }
        }
        Command::Check { root, format, deny_warnings, old_urls } => {
            check(&cli, root, *format, *deny_warnings, old_urls.as_deref())
        }
        Command::Search { query, root, json, limit, kind, audience, topic, lang } => {
            let filters =
                kb_search::Filters { kind: kind.clone(), audience: audience.clone(), topic: topic.clone() };
            search(root, query, *json, *limit, &filters, lang.as_deref())
        }
        Command::Init { dir, from: Some(old) } => {
            report(kennisbank::app::init_from::init_from(dir, old).map(|text| {
                if !cli.quiet {
                    print!("{text}");
                }
            }))
        }
        Command::Init { dir, from: None } => report(scaffold::init(dir).map(|()| {
            if !cli.quiet {
                println!(
                    "Created a new site in {}.\nNext: cd {} && kennisbank build",
                    dir.display(),
                    dir.display()
                );
            }
        })),
        Command::Theme { action: kennisbank::app::cli::ThemeAction::Copy { template, root } } => {
            match Config::load(root, &BuildOptions::default()) {
                Ok(config) => report(kennisbank::app::theme_copy::copy(&config, template).map(|written| {
                    if !cli.quiet {
                        println!("Copied the theme's {template} to {}", written.display());
                    }
                })),
                Err(d) => {
                    eprint!("{}", d.render(root, std::io::stderr().is_terminal()));
                    EXIT_CONTENT_ERRORS
                }
            }
        }
        Command::New { path, kind, root } => report(scaffold::new_page(root, path, kind).map(|written| {
            if !cli.quiet {
                println!("Created {}", written.display());
            }
        })),
    };
    ExitCode::from(code)
}

fn check(
    cli: &Cli,
    root: &Path,
    format: kennisbank::app::cli::CheckFormat,
    deny_warnings: bool,
    old_urls: Option<&Path>,
) -> u8 {
    let color = std::io::stdout().is_terminal();
    let (config, earlier) = Config::read(root, &BuildOptions::default());
    let Some(config) = config else {
        eprint!("{}", kb_core::diagnostics::Diagnostics::from(earlier).render(root, color));
        return EXIT_CONTENT_ERRORS;
    };
    let diagnostics = kennisbank::app::check::check_with_old_urls(&config, earlier, old_urls);
    let failed = diagnostics.has_errors() || (deny_warnings && diagnostics.warning_count() > 0);
    if format == kennisbank::app::cli::CheckFormat::Json {
        let items: Vec<serde_json::Value> = diagnostics
            .items
            .iter()
            .map(|d| {
                let loc = d.location.as_ref();
                serde_json::json!({
                    "severity": d.severity,
                    "file": loc.map(|l| kb_core::diagnostics::display_path(&l.file, &config.root)),
                    "line": loc.map(|l| l.line),
                    "column": loc.map(|l| l.column),
                    "message": d.message,
                    "hint": d.hint,
                })
            })
            .collect();
        let report = serde_json::json!({
            "errors": diagnostics.error_count(),
            "warnings": diagnostics.warning_count(),
            "diagnostics": items,
        });
        println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    } else {
        let mut current: Option<String> = None;
        // -q: only the errors (as `build -q`); the JSON report always has everything.
        for d in diagnostics.items.iter().filter(|d| d.is_error() || !cli.quiet) {
            let file = d.location.as_ref().map(|l| kb_core::diagnostics::display_path(&l.file, &config.root));
            if file != current {
                if let Some(f) = &file {
                    println!("── {f}");
                }
                current = file;
            }
            println!("{}\n", d.render(&config.root, color));
        }
        if !cli.quiet {
            println!("{} error(s), {} warning(s).", diagnostics.error_count(), diagnostics.warning_count());
        }
    }
    if failed { EXIT_CONTENT_ERRORS } else { EXIT_OK }
}

/// Builds, with a progress bar on stderr when `show` (a terminal, not `-q`).
fn build_with_progress(
    config: &Config,
    earlier: Vec<kb_core::diagnostics::Diagnostic>,
    show: bool,
    staging: Option<&output::Staging>,
) -> kennisbank::app::build::BuiltSite {
    use kennisbank::app::build::build_site_into;
    if !show {
        return build_site_into(config, earlier, &|_| {}, staging);
    }
    let bar = indicatif::ProgressBar::new(kennisbank::app::build::STAGES);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} [{bar:24}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(100));
    bar.set_message("reading content");
    let built = build_site_into(
        config,
        earlier,
        &|stage| {
            bar.inc(1);
            bar.set_message(format!("{stage} done"));
        },
        staging,
    );
    bar.finish_and_clear();
    built
}

fn search(
    root: &Path,
    query: &str,
    json: bool,
    limit: usize,
    filters: &kb_search::Filters,
    lang: Option<&str>,
) -> u8 {
    let color = std::io::stderr().is_terminal();
    let config = match Config::load(root, &BuildOptions::default()) {
        Ok(c) => c,
        Err(d) => {
            eprint!("{}", d.render(root, color));
            return EXIT_CONTENT_ERRORS;
        }
    };
    if !config.site.search.enabled {
        eprintln!("error: search is turned off in kennisbank.toml ([search] enabled = false)");
        return EXIT_USAGE;
    }
    // The stages up to the index only: a query never renders a template.
    let (indexes, diagnostics) = kennisbank::app::build::search_indexes(&config);
    if diagnostics.has_errors() {
        eprint!("{}", diagnostics.render(&config.root, color));
        return EXIT_CONTENT_ERRORS;
    }
    let Some(default_index) = &indexes.default else {
        eprintln!("error: the site has no pages to search");
        return EXIT_CONTENT_ERRORS;
    };
    let translated = &indexes.translated;
    let index = match lang {
        None => default_index,
        Some(code) if code == config.site.default_language => default_index,
        Some(code) => match translated.iter().find(|i| i.lang == code) {
            Some(index) => index,
            None => {
                let known: Vec<&str> = std::iter::once(default_index.lang.as_str())
                    .chain(translated.iter().map(|i| i.lang.as_str()))
                    .collect();
                eprintln!(
                    "error: no pages in the language `{code}` to search\n  hint: {}",
                    kb_core::diagnostics::unknown_name_hint(code, &known, "languages with pages")
                );
                return EXIT_USAGE;
            }
        },
    };
    let hits = match kb_search::search(index, query, limit, filters) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: {e:#}");
            return EXIT_CONTENT_ERRORS;
        }
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&hits).unwrap_or_else(|_| "[]".into()));
    } else if hits.is_empty() {
        println!("Geen resultaten voor \"{query}\".");
    } else {
        if hits[0].partial {
            println!("Geen pagina met alle woorden. Pagina's met de meeste:");
        }
        for (n, hit) in hits.iter().enumerate() {
            println!("{:>2}. {:<50} {:>7.3}  {}", n + 1, hit.title, hit.score, hit.url);
        }
        let left_out = kb_search::left_out(&kb_search::alternatives(index, query));
        if !left_out.is_empty() {
            println!("(on no page, so left out of the search: {})", left_out.join(", "));
        }
    }
    EXIT_OK
}

fn report(result: anyhow::Result<()>) -> u8 {
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("error: {e:#}");
            EXIT_USAGE
        }
    }
}

fn build(cli: &Cli, root: &Path, options: &BuildOptions) -> u8 {
    let started = Instant::now();
    let color = std::io::stderr().is_terminal();
    // A config with errors is still read as far as it goes, so that the content's errors come
    // in the same round; nothing is written then.
    let (config, earlier) = Config::read(root, options);
    let Some(config) = config else {
        eprint!("{}", kb_core::diagnostics::Diagnostics::from(earlier).render(root, color));
        return EXIT_CONTENT_ERRORS;
    };
    if let Err(e) = output::check_output_dir(&config.output_dir, &config.root, &config.content_dir) {
        eprintln!("error: {e:#}");
        return EXIT_USAGE;
    }
    // The pages go into a folder beside the output as they are rendered; it replaces the
    // output only when the whole build succeeded, and is removed otherwise (when dropped).
    let staging = match output::Staging::beside(&config.output_dir) {
        Ok(staging) => staging,
        Err(e) => {
            eprintln!("error: cannot prepare the output folder {}: {e}", config.output_dir.display());
            return EXIT_USAGE;
        }
    };
    let built =
        build_with_progress(&config, earlier, !cli.quiet && std::io::stderr().is_terminal(), Some(&staging));
    let diagnostics = &built.diagnostics;
    let shown: Vec<_> = diagnostics.items.iter().filter(|d| d.is_error() || !cli.quiet).collect();
    for d in &shown {
        eprintln!("{}\n", d.render(&config.root, color));
    }
    if diagnostics.has_errors() {
        eprintln!(
            "Build failed: {} error(s), {} warning(s). Nothing was written; {} is unchanged.",
            diagnostics.error_count(),
            diagnostics.warning_count(),
            config.output_dir.display()
        );
        return EXIT_CONTENT_ERRORS;
    }
    let write_started = Instant::now();
    let write_cpu = kennisbank::app::build::cpu_time();
    let written = match output::commit(staging, &config.output_dir, &built.files) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("error: {e:#}");
            return EXIT_CONTENT_ERRORS;
        }
    };
    if !cli.quiet {
        let warnings = diagnostics.warning_count();
        let warnings = if warnings > 0 { format!(", {warnings} warning(s)") } else { String::new() };
        let translations = match built.library.translations.len() {
            0 => String::new(),
            n => format!(" and {n} translations"),
        };
        println!(
            "Built {} pages, {} sections{translations} into {} ({written} files) in {} ms{warnings}.",
            built.pages,
            built.sections,
            config.output_dir.display(),
            started.elapsed().as_millis()
        );
        if let Some(offline) = &built.offline {
            let budget =
                config.site.offline.budget_kb.map(|b| format!(" of a budget of {b} KB")).unwrap_or_default();
            println!(
                "Offline set: {} pages, {} files, {} KB{budget}.",
                offline.pages.len(),
                offline.files.len(),
                offline.bytes.div_ceil(1000)
            );
        }
        if cli.verbose {
            let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
            let mb = |bytes: u64| bytes / 1_000_000;
            for stage in &built.timings {
                println!(
                    "  {:<8} {:>8.1} ms  (CPU {:>8.1} ms, peak memory {:>6} MB)",
                    stage.name,
                    ms(stage.wall),
                    ms(stage.cpu),
                    mb(stage.peak_memory)
                );
            }
            println!(
                "  {:<8} {:>8.1} ms  (CPU {:>8.1} ms, peak memory {:>6} MB)",
                "write",
                ms(write_started.elapsed()),
                ms(kennisbank::app::build::cpu_time().saturating_sub(write_cpu)),
                mb(kennisbank::app::build::peak_memory())
            );
        }
        println!(
            "View it: python3 -m http.server --directory {} 8000, then open http://127.0.0.1:8000/",
            config.output_dir.display()
        );
    }
    EXIT_OK
}
