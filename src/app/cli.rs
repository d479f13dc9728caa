//! The command line (clap derive). Commands validate their flags into plain options for the
//! library; `main` runs them and maps outcomes to exit codes.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Exit codes, as documented in `--help`.
pub const EXIT_OK: u8 = 0;
pub const EXIT_CONTENT_ERRORS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "kennisbank",
    version,
    about = "Build a fast, accessible, private knowledge-base site from markdown.",
    after_help = "Exit codes: 0 ok, 1 errors in the content or configuration, 2 wrong usage.\n\n\
Examples:\n  kennisbank init mijn-site        a new site that builds at once\n  \
kennisbank build                 build the site in this folder into public/\n  \
kennisbank new content/signalen/school.md --kind checklist"
)]
pub struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: the wall time, CPU time and peak memory of each stage.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into a folder (public/ by default).
    #[command(
        after_help = "Examples:\n  kennisbank build\n  kennisbank build --root mijn-site --output /tmp/site\n  \
kennisbank build --base-url https://kennisbank.example.nl --drafts\n\n\
Pages are written into a new folder beside the output as they are rendered; it replaces\n\
the output folder only when the whole build succeeded, and only if kennisbank made that\n\
folder (a marker file), so a failed build never loses the previous site."
    )]
    Build {
        /// The site folder (holding kennisbank.toml and content/).
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Where to write the site (default: DIR/public).
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Override `base_url` from kennisbank.toml (e.g. for a preview host).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Include pages with `draft = true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Serve the site from memory with live reload; rebuilds when a file changes.
    #[command(
        after_help = "Examples:\n  kennisbank serve\n  kennisbank serve --port 8080 --drafts --open\n\n\
Nothing is written to disk. A broken edit shows its errors on that page in the browser; other pages\n\
keep the last good build. Listens on 127.0.0.1 only, unless --bind says otherwise."
    )]
    Serve {
        /// The site folder.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Include pages with `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Open the site in the browser.
        #[arg(long)]
        open: bool,
    },
    /// Check the site without writing: links, front matter, orphans, titles, reviews, readability.
    #[command(
        after_help = "Examples:\n  kennisbank check\n  kennisbank check --format json --deny-warnings\n\n\
Exit code 1 when there are errors (or warnings, with --deny-warnings)."
    )]
    Check {
        /// The site folder.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// human (grouped by file, coloured on a terminal) or json (for CI).
        #[arg(long, value_enum, default_value = "human")]
        format: CheckFormat,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// The old site's URLs (one a line, or its sitemap.xml): report each that leads nowhere.
        #[arg(long, value_name = "FILE")]
        old_urls: Option<PathBuf>,
    },
    /// Search the site as a visitor would: the reference ranking of the browser search.
    #[command(after_help = "Examples:\n  kennisbank search \"tijdelijk huisverbod\"\n  \
kennisbank search --json --limit 5 \"signalen baby \"\n  kennisbank search --kind checklist \"school\"\n\n\
The last word is completed as a prefix unless the query ends with a space, as in the browser.")]
    Search {
        /// The words to search for.
        query: String,
        /// The site folder.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Print a JSON array of results (url, title, score, kind), best first.
        #[arg(long)]
        json: bool,
        /// How many results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Only pages of this kind (guidance, checklist, training, ...).
        #[arg(long)]
        kind: Option<String>,
        /// Only pages for this audience (professional, public, trainer).
        #[arg(long)]
        audience: Option<String>,
        /// Only pages with this topic (a term of the first taxonomy).
        #[arg(long)]
        topic: Option<String>,
        /// Search the pages in this language (a code from `[[languages]]`); the default
        /// language when left out.
        #[arg(long, value_name = "CODE")]
        lang: Option<String>,
    },
    /// Create a new site that builds at once: config, a section, two pages and a checklist;
    /// or, with --from, a site made from a MkDocs, Docusaurus, Hugo or Zola site.
    #[command(
        after_help = "Examples:\n  kennisbank init mijn-kennisbank\n  cd mijn-kennisbank && kennisbank build\n  \
kennisbank init nieuwe-gids --from ../oude-gids\n\n\
With --from, the other generator's configuration (mkdocs.yml, docusaurus.config.ts/.js/.mjs,\n\
hugo.toml/.yaml/.json or config.toml/.yaml/.json, Zola's config.toml) is read, never run, into\n\
DIR/kennisbank.toml: title, URL, language, description, taxonomies and the main menu. Its content\n\
and static folders are copied into DIR/content/ and DIR/static/ unchanged; the old site is not\n\
touched. A report names each setting that was mapped and each one that was not, at its\n\
file:line. An existing kennisbank.toml is never overwritten."
    )]
    Init {
        /// Folder for the new site (must not exist or be empty).
        dir: PathBuf,
        /// The folder of a site made with MkDocs, Docusaurus, Hugo or Zola, to import.
        #[arg(long, value_name = "OLD_DIR")]
        from: Option<PathBuf>,
    },
    /// Create a page with the front matter of its kind filled in.
    #[command(after_help = "Examples:\n  kennisbank new content/handreikingen/gesprek-voeren.md\n  \
kennisbank new content/signalen/school.md --kind checklist\n  kennisbank new content/scholing/basis.md --kind training")]
    New {
        /// Path of the new file, starting with content/ (relative to --root).
        path: PathBuf,
        /// guidance, checklist, decision, training, passport, glossary, slides, product or page.
        #[arg(long, default_value = "guidance")]
        kind: String,
        /// The site folder.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
    /// The theme's templates: copy one into the site to change it.
    Theme {
        #[command(subcommand)]
        action: ThemeAction,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum ThemeAction {
    /// Copy a theme template into templates/, with a stamp line that lets `kennisbank check`
    /// say when the theme's template changes in a later version.
    #[command(
        after_help = "Examples:\n  kennisbank theme copy page.html\n  kennisbank theme copy shortcodes/contact.html"
    )]
    Copy {
        /// The template's name in the theme, like page.html or shortcodes/contact.html.
        template: String,
        /// The site folder.
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
}
