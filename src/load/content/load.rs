//! Walking `content/` and reading every markdown file, in parallel, collecting all problems.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::read_cache::{self, Earlier, ReadCache};
use super::{Asset, ContentFile, Loaded, LoadedPage, LoadedSection, LoadedTranslation};
use super::{front_matter, title, yaml_keys};
use crate::load::config::Config;
use kb_core::diagnostics::Diagnostic;

#[derive(Default)]
struct Folder {
    markdown: Vec<String>,
    other: Vec<PathBuf>,
    subfolders: Vec<String>,
}

/// Walks `content/` and reads every page and section; returns what could be read plus every
/// problem found (unreadable files, bad front matter, symlink loops, ...).
pub fn load(config: &Config) -> (Loaded, Vec<Diagnostic>) {
    let (loaded, diagnostics, _) = load_with(config, None);
    (loaded, diagnostics)
}

/// [`load`], reusing what `cache` holds of files that did not change; returns the cache for
/// the next load too (the files read this time).
pub fn load_reusing(config: &Config, cache: ReadCache) -> (Loaded, Vec<Diagnostic>, ReadCache) {
    load_with(config, Some(cache))
}

/// [`load`] with a cache to reuse and fill, or none: a build reads every file once and keeps
/// no copy of it.
fn load_with(config: &Config, cache: Option<ReadCache>) -> (Loaded, Vec<Diagnostic>, ReadCache) {
    let keeping = cache.is_some();
    let cache = cache.unwrap_or_default();
    let mut diagnostics = Vec::new();
    let root = &config.content_dir;
    if !root.is_dir() {
        diagnostics.push(
            Diagnostic::error("the site has no content folder")
                .in_file(root)
                .with_hint("create `content/` with an `_index.md` for the home page"),
        );
        return (Loaded::default(), diagnostics, ReadCache::default());
    }
    let mut folders = walk(root, &mut diagnostics);
    let mut to_read: Vec<(PathBuf, String, Role)> = Vec::new();
    let languages: Vec<&str> = config.site.translation_languages().collect();
    let default = config.site.default_language.as_str();
    take_translations(root, &mut folders, &languages, default, &mut to_read, &mut diagnostics);
    let has_markdown_below = markdown_below(&folders);

    let mut loaded = Loaded::default();
    let mut bundles: Vec<String> = Vec::new();
    for (dir, folder) in &folders {
        if bundles.iter().any(|b| is_inside(dir, b)) {
            // Files below a bundle belong to the bundle.
            for path in &folder.other {
                loaded.assets.push(asset(root, path));
            }
            continue;
        }
        let has = |name: &str| folder.markdown.iter().any(|m| m == name);
        let other_pages = folder.markdown.iter().any(|m| m != "index.md" && m != "_index.md");
        let sub_pages = folder.subfolders.iter().any(|s| has_markdown_below.contains(&join(dir, s)));
        let index_name = if has("_index.md") {
            Some("_index.md")
        } else if has("index.md") && (dir.is_empty() || other_pages || sub_pages) {
            Some("index.md")
        } else {
            None
        };
        let is_bundle = !dir.is_empty() && index_name.is_none() && has("index.md");
        if is_bundle {
            bundles.push(dir.clone());
            to_read.push((
                root.join(join(dir, "index.md")),
                join(dir, "index.md"),
                Role::Bundle(dir.clone()),
            ));
        } else if dir.is_empty() || has_markdown_below.contains(dir) {
            match index_name {
                Some(name) => to_read.push((
                    root.join(join(dir, name)),
                    join(dir, name),
                    Role::SectionIndex(dir.clone()),
                )),
                None => loaded.sections.push(LoadedSection { dir: dir.clone(), index: None }),
            }
            for name in &folder.markdown {
                if Some(name.as_str()) != index_name {
                    to_read.push((root.join(join(dir, name)), join(dir, name), Role::Page(dir.clone())));
                }
            }
        }
        for path in &folder.other {
            loaded.assets.push(asset(root, path));
        }
    }

    let taxonomy_names: Vec<&str> = config.site.taxonomies.iter().map(|t| t.name.as_str()).collect();
    let (mut cache, started) = cache.for_load(&taxonomy_names);
    let to_read: Vec<_> = to_read
        .into_iter()
        .map(|(path, rel, role)| {
            let earlier = cache.take(&path);
            (path, rel, role, earlier)
        })
        .collect();
    let mut next = cache.next(to_read.len());
    let results: Vec<_> = to_read
        .into_par_iter()
        .map(|(path, rel, role, earlier)| {
            let title_from_name = matches!(role, Role::Page(_) | Role::Bundle(_));
            let read =
                |earlier: &Earlier| read_file(&path, rel.clone(), &taxonomy_names, title_from_name, earlier);
            let ((file, warnings), keep) = if keeping {
                read_cache::read_reusing(&path, &rel, title_from_name, earlier, started, read)
            } else {
                (read(&|_| None), None)
            };
            (file, warnings, role, rel, (path, keep))
        })
        .collect();
    for (file, problems, role, rel, (path, keep)) in results {
        if let Some(keep) = keep {
            next.put(path, keep);
        }
        diagnostics.extend(problems);
        let file = match file {
            Ok(f) => f,
            Err(d) => {
                diagnostics.push(d);
                loaded.unreadable.push(rel);
                continue;
            }
        };
        match role {
            Role::SectionIndex(dir) => loaded.sections.push(LoadedSection { dir, index: Some(file) }),
            Role::Translation { lang, original } => {
                loaded.translations.push(LoadedTranslation { file, lang, original });
            }
            Role::Page(dir) => loaded.pages.push(LoadedPage { file, dir, bundle: None }),
            Role::Bundle(dir) => {
                let (parent, name) = match dir.rsplit_once('/') {
                    Some((p, n)) => (p.to_string(), n.to_string()),
                    None => (String::new(), dir.clone()),
                };
                loaded.pages.push(LoadedPage { file, dir: parent, bundle: Some(name) });
            }
        }
    }
    loaded.sections.sort_by(|a, b| a.dir.cmp(&b.dir));
    loaded.pages.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));
    loaded.translations.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));
    (loaded, diagnostics, next)
}

enum Role {
    SectionIndex(String),
    Page(String),
    Bundle(String),
    /// A translation into `lang` of the file `original` (relative to `content/`).
    Translation {
        lang: String,
        original: String,
    },
}

/// Takes the translations out of the folders before they are classified: `page.en.md` beside
/// its original (Zola's convention), and everything in a top-level folder named after a
/// language (`en/hulp/page.md`). A suffix that looks like a language the config does not
/// declare is a warning: most likely a language someone forgot to add.
fn take_translations(
    root: &Path,
    folders: &mut BTreeMap<String, Folder>,
    languages: &[&str],
    default: &str,
    to_read: &mut Vec<(PathBuf, String, Role)>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (dir, folder) in folders.iter_mut() {
        let top = dir.split('/').next().unwrap_or_default();
        if let Some(lang) = languages.iter().find(|l| **l == top) {
            for name in folder.markdown.drain(..) {
                let rel = join(dir, &name);
                let original = rel[top.len() + 1..].to_string();
                to_read.push((root.join(&rel), rel, Role::Translation { lang: lang.to_string(), original }));
            }
            continue;
        }
        folder.markdown.retain(|name| {
            let Some((stem, code)) = name.strip_suffix(".md").and_then(|n| n.rsplit_once('.')) else {
                return true;
            };
            let rel = join(dir, name);
            if languages.contains(&code) {
                let original = join(dir, &format!("{stem}.md"));
                to_read.push((root.join(&rel), rel, Role::Translation { lang: code.to_string(), original }));
                return false;
            }
            if code.len() == 2 && code.chars().all(|c| c.is_ascii_lowercase()) {
                let (message, hint) = if code == default {
                    (
                        format!("`{name}` is named like a translation into `{code}`, the default language"),
                        format!("the default language's version is `{stem}.md`: rename the file"),
                    )
                } else {
                    (
                        format!(
                            "`{name}` looks like a translation into `{code}`, but the site has no language `{code}`"
                        ),
                        format!(
                            "add `[[languages]]` with code = \"{code}\" to kennisbank.toml, or rename the file \
                             if it is a page of its own"
                        ),
                    )
                };
                diagnostics.push(Diagnostic::warning(message).in_file(&root.join(&rel)).with_hint(hint));
            }
            true
        });
    }
}

fn walk(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> BTreeMap<String, Folder> {
    let mut folders: BTreeMap<String, Folder> = BTreeMap::new();
    folders.insert(String::new(), Folder::default());
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .max_depth(MAX_FOLDER_DEPTH + 1)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| root.to_path_buf());
                let (message, hint) = if let Some(ancestor) = e.loop_ancestor() {
                    (
                        format!("symbolic link loop: this link points back to {}", ancestor.display()),
                        "remove the link, or point it at a folder outside its own parents",
                    )
                } else {
                    (format!("cannot read this path: {e}"), "check that the file exists and can be read")
                };
                diagnostics.push(Diagnostic::error(message).in_file(&path).with_hint(hint));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let rel = rel_path(root, entry.path());
        let (parent, name) = match rel.rsplit_once('/') {
            Some((p, n)) => (p.to_string(), n.to_string()),
            None => (String::new(), rel.clone()),
        };
        if !entry.file_type().is_dir() && !entry.file_type().is_file() {
            // A FIFO would block the build forever, a device (a link to `/dev/zero`) never end.
            diagnostics.push(
                Diagnostic::error("this is not a regular file (a pipe, socket or device, or a link to one)")
                    .in_file(entry.path())
                    .with_hint("content files must be ordinary files: remove it, or replace it with a copy of the file"),
            );
            continue;
        }
        if entry.file_type().is_dir() && entry.depth() > MAX_FOLDER_DEPTH {
            diagnostics.push(
                Diagnostic::error(format!(
                    "this folder lies {} folders deep in content/; folders nest at most {MAX_FOLDER_DEPTH} deep",
                    entry.depth()
                ))
                .in_file(entry.path())
                .with_hint("move it up: a reader finds nothing 30 clicks deep"),
            );
            continue;
        }
        if entry.file_type().is_dir() {
            folders.entry(rel.clone()).or_default();
            folders.entry(parent).or_default().subfolders.push(name);
        } else if name.ends_with(".md") {
            folders.entry(parent).or_default().markdown.push(name);
        } else if let Some(stem) = name.strip_suffix(".mdx") {
            // MDX (Docusaurus) is markdown here: it is listed, linked and classified under its
            // `.md` name; `read_file` reads the `.mdx` file.
            folders.entry(parent).or_default().markdown.push(format!("{stem}.md"));
        } else {
            folders.entry(parent).or_default().other.push(entry.path().to_path_buf());
        }
    }
    folders
}

/// Folders that hold markdown in themselves or any folder below.
fn markdown_below(folders: &BTreeMap<String, Folder>) -> std::collections::BTreeSet<String> {
    let mut set = std::collections::BTreeSet::new();
    for (dir, folder) in folders {
        if folder.markdown.is_empty() {
            continue;
        }
        let mut d = dir.as_str();
        loop {
            set.insert(d.to_string());
            match d.rfind('/') {
                Some(i) => d = &d[..i],
                None if !d.is_empty() => d = "",
                None => break,
            }
        }
    }
    set
}

/// How deep folders in `content/` may nest. Every page lists its sections above it, each with
/// a URL as long as its depth, so a page at depth N costs N x N and a chain of N folders N^3
/// (issue 30: 800 nested folders took 500 MB); a site's sections nest a handful deep.
pub const MAX_FOLDER_DEPTH: usize = 32;

/// The largest content file read, in bytes: far above any page a person writes, low enough
/// that a runaway file cannot fill the memory.
pub const MAX_CONTENT_FILE: u64 = 32 * 1024 * 1024;

/// The bytes of a regular file of at most [`MAX_CONTENT_FILE`] bytes; anything else is an error
/// at the file (never a read that blocks or does not end).
fn read_bounded(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let cannot = |e: std::io::Error| Diagnostic::error(format!("cannot read this file: {e}")).in_file(path);
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err(Diagnostic::error(
            "this is not a regular file (a pipe, socket or device, or a link to one)",
        )
        .in_file(path)
        .with_hint("content files must be ordinary files"));
    }
    let too_large = || {
        Diagnostic::error(format!("this file is larger than {} MiB", MAX_CONTENT_FILE / (1024 * 1024)))
            .in_file(path)
            .with_hint("split it into several pages, or move large data to `data/` or `static/`")
    };
    if meta.len() > MAX_CONTENT_FILE {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .map_err(cannot)?
        .take(MAX_CONTENT_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_CONTENT_FILE {
        return Err(too_large());
    }
    Ok(bytes)
}

fn read_file(
    path: &Path,
    rel: String,
    taxonomy_names: &[&str],
    title_from_name: bool,
    earlier: &Earlier,
) -> (Result<ContentFile, Diagnostic>, Vec<Diagnostic>) {
    let mdx = path.with_extension("mdx");
    let path = if !path.exists() && mdx.is_file() { mdx.as_path() } else { path };
    let bytes = match read_bounded(path) {
        Ok(b) => b,
        Err(d) => return (Err(d), vec![]),
    };
    if let Some((file, problems)) = earlier(&bytes) {
        return (Ok(file), problems);
    }
    let source = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = bytes[..valid].iter().filter(|b| **b == b'\n').count() + 1;
            let what = if bytes.contains(&0) { "a binary file, not text" } else { "not valid UTF-8 text" };
            let line_start = bytes[..valid].iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&bytes[line_start..valid]).chars().count() + 1;
            let d = Diagnostic::error(format!("this `.md` file is {what} (first bad byte at line {line})"))
                .in_file(path)
                .with_hint(
                    "save the file as UTF-8 text, or give a file that is not markdown another extension",
                );
            return (Err(at_line_col(d, line, column)), vec![]);
        }
    };
    parse_text(path, rel, taxonomy_names, title_from_name, source)
}

/// A markdown file's text read as a build reads it (front matter, title, foreign syntax
/// notes): the second half of [`read_file`], and what the editor's preview reads from.
fn parse_text(
    path: &Path,
    rel: String,
    taxonomy_names: &[&str],
    title_from_name: bool,
    source: String,
) -> (Result<ContentFile, Diagnostic>, Vec<Diagnostic>) {
    if let Some(nul) = source.find('\0') {
        let line = source[..nul].matches('\n').count() + 1;
        let column = source[..nul].rsplit('\n').next().unwrap_or_default().chars().count() + 1;
        let d = Diagnostic::error("this `.md` file is a binary file, not text")
            .in_file(path)
            .with_hint("give a file that is not markdown another extension");
        return (Err(at_line_col(d, line, column)), vec![]);
    }
    if source.trim().is_empty() {
        let d = Diagnostic::error("this file is empty")
            .in_file(path)
            .with_hint("give it a title (`+++` / `title = \"...\"` / `+++`) and some text, or delete it");
        return (Err(at_line_col(d, 1, 1)), vec![]);
    }
    let split = match front_matter::split(path, &source) {
        Ok(s) => s,
        Err(d) => return (Err(d), vec![]),
    };
    let map = match front_matter::parse_map(path, &source, &split) {
        Ok(m) => m,
        Err(d) => return (Err(d), vec![]),
    };
    let (front, mut problems) = front_matter::read(path, &source, &split, map, taxonomy_names);
    if split.format == front_matter::Format::Yaml {
        for (offset, key) in yaml_keys::repeated(split.front) {
            problems.push(
                Diagnostic::warning(format!(
                    "`{key}` is written twice in the front matter; this value counts"
                ))
                .at_offset(path, &source, split.front_offset + offset, key.len())
                .with_hint(format!("remove the earlier `{key}:` (MkDocs, too, reads only the last one)")),
            );
        }
    }
    let body_offset = split.body_offset;
    let mut file = ContentFile { path: path.to_path_buf(), rel, body_offset, front, source };
    if title_from_name {
        problems.extend(title::fill_from_name(&mut file));
    }
    // What the other generators' syntax could not carry over (unknown MDX components, a
    // warning) or cannot be read (a component without its end tag, an error).
    for note in kb_markdown::prepare(file.body(), &Default::default()).notes {
        let problem =
            if note.error { Diagnostic::error(note.message) } else { Diagnostic::warning(note.message) };
        problems.push(
            problem
                .at_offset(&file.path, &file.source, file.body_offset + note.offset, note.len)
                .with_hint(note.hint),
        );
    }
    (Ok(file), problems)
}

/// One markdown file read as a build reads it, for `serve`'s patch of a body edit: `path` is
/// the file (`.md`; its `.mdx` twin is read where only that exists), `rel` its content path.
/// A page (not a section index) without a title is titled after its file, as in a build.
/// [`read_one`] of a text that is not on disk (yet): the editor's unsaved text of `path`.
pub fn read_text(
    config: &Config,
    path: &Path,
    rel: String,
    page: bool,
    source: String,
) -> (Result<ContentFile, Diagnostic>, Vec<Diagnostic>) {
    let taxonomy_names: Vec<&str> = config.site.taxonomies.iter().map(|t| t.name.as_str()).collect();
    parse_text(path, rel, &taxonomy_names, page, source)
}

pub fn read_one(
    config: &Config,
    path: &Path,
    rel: String,
    page: bool,
) -> (Result<ContentFile, Diagnostic>, Vec<Diagnostic>) {
    let taxonomy_names: Vec<&str> = config.site.taxonomies.iter().map(|t| t.name.as_str()).collect();
    read_file(path, rel, &taxonomy_names, page, &|_| None)
}

/// Names the line and column of a file whose text cannot be shown (binary, not UTF-8, empty):
/// rendered as `in file:line:col`, without a snippet.
fn at_line_col(mut d: Diagnostic, line: usize, column: usize) -> Diagnostic {
    if let Some(location) = d.location.as_mut() {
        location.line = line;
        location.column = column;
    }
    d
}

fn asset(root: &Path, path: &Path) -> Asset {
    Asset { path: path.to_path_buf(), rel: rel_path(root, path) }
}

fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

pub(crate) fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() { name.to_string() } else { format!("{dir}/{name}") }
}

fn is_inside(dir: &str, ancestor: &str) -> bool {
    dir.len() > ancestor.len() && dir.starts_with(ancestor) && dir.as_bytes()[ancestor.len()] == b'/'
}
