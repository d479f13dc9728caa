//! Keeps every URL of the old site (issue 26): after the copy, each markdown file's old URL
//! (by its generator's rule, [`super::routes`]) is compared with the URL kennisbank gives it,
//! read from the new site's own model, so the two can never disagree about kennisbank's
//! rules. Where only the last part differs, a `slug` makes the URL the same (case and dots
//! kept); a category index kennisbank would not see as its folder's page (`README.md`,
//! Docusaurus' `folder/folder.md`) is renamed `index.md`; what still differs gets an alias
//! from the old URL. The applied map is returned for the report and written to
//! `old-urls.txt`, which `kennisbank check --old-urls old-urls.txt` verifies after a build.
//!
//! Mixed case is kept by a `slug` (`/Setup/Kleur/` stays `/Setup/Kleur/`) rather than lowered
//! with an alias from the old URL: on a file system that ignores case (macOS, Windows) the
//! alias `Setup/` and the page `setup/` would be one folder, and the redirect page would
//! overwrite the page it leads to.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::Imported;
use super::front_edit::{self, FrontEdit};
use super::routes::{self, OldFile, UrlScheme, folder_form, last_segment, parent, same};
use crate::load::content::front_matter::{parse_map, split};
use crate::model::url_rules::{own_part_problem, segment_problem, url_problem};

/// The file `init --from` writes in the new site with the old site's URLs.
pub const OLD_URLS_FILE: &str = "old-urls.txt";

/// Slug passes before aliases: a folder's slug moves its pages, which may then need theirs.
const MAX_PASSES: usize = 12;

/// What became of one old URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// kennisbank gives the page the same URL by its own rules.
    Same,
    /// The same URL, by a `slug` written in the front matter.
    Slug,
    /// A new URL, with an alias from the old one.
    Alias,
    /// Not kept, and why.
    Lost(String),
}

/// One old URL and the page's URL in the new site.
#[derive(Debug, Clone)]
pub struct UrlEntry {
    pub old: String,
    pub new: String,
    /// The file under `content/`.
    pub file: String,
    pub kept: Kept,
}

/// The map applied, and the files `init --from` renamed or wrote to keep it.
#[derive(Debug, Clone, Default)]
pub struct UrlMap {
    pub entries: Vec<UrlEntry>,
    /// `content/a/README.md -> content/a/index.md`, `content/a/_index.md (slug: A)`.
    pub changes: Vec<String>,
}

/// A markdown file of the new site and its URL on the old one.
struct Moved {
    /// Under `content/`, as it is now (after a rename).
    rel: String,
    /// The folder under `content/` its content folder was copied to (Docusaurus' route).
    route: String,
    old: String,
    edit: FrontEdit,
    /// Zola's `redirect_to` of a section: where its URL led instead of to its list.
    redirect_to: Option<String>,
}

/// Settles slugs, renames and aliases in the new site at `site` (its `kennisbank.toml` and
/// `content/` written), writes `old-urls.txt`, and returns the map it applied.
pub fn keep(site: &Path, imported: &Imported) -> Result<UrlMap> {
    if imported.url_scheme == UrlScheme::None {
        return Ok(UrlMap::default());
    }
    let mut changes = Vec::new();
    let content = site.join("content");
    let mut moved = old_files(&content, imported)?;
    rename_category_indexes(&content, &imported.url_scheme, &mut moved, &mut changes)?;
    let mut urls = NewUrls::read(site)?;
    urls.refuse_collisions()?;
    for _ in 0..MAX_PASSES {
        let mut written = false;
        let mut taken: HashSet<String> = urls.by_rel.values().cloned().collect();
        for file in &mut moved {
            let Some(new) = urls.of(&file.rel) else { continue };
            let unusable = own_part_problem(new).is_some();
            if file.edit.slug.is_some() || (same(&file.old, new) && !unusable) {
                continue;
            }
            let slug = if unusable {
                // `con.md`: a name no host holds gets one every host does.
                Some(format!("{}-pagina", kb_markdown::slugify(last_segment(new))))
            } else {
                slug_for(&file.old, new, &taken)
            };
            if let Some(slug) = slug {
                taken.insert(format!("{}{slug}/", parent(new).unwrap_or_default()));
                file.edit.slug = Some(slug);
                written |= write_edit(&content, file)?;
            }
        }
        written |= name_bare_folders(&content, &urls, &moved, &mut taken, &mut changes)?;
        if !written {
            break;
        }
        urls = NewUrls::read(site)?;
    }
    let mut entries = Vec::new();
    let mut claimed: HashMap<String, String> =
        urls.by_rel.iter().map(|(rel, path)| (path.clone(), rel.clone())).collect();
    for (dir, path) in &urls.bare_folders {
        claimed.insert(path.clone(), format!("{dir}/ (the folder's list)"));
    }
    for file in &mut moved {
        let Some(new) = urls.of(&file.rel).map(str::to_string) else { continue };
        let kept = if same(&file.old, &new) {
            if file.edit.slug.is_some() { Kept::Slug } else { Kept::Same }
        } else {
            let alias = format!("{}/", folder_form(&file.old).trim_end_matches('/'));
            match (url_problem(&alias), claimed.get(&alias)) {
                (Some(why), _) => Kept::Lost(format!(
                    "no redirect page can be written there ({why}); add it to the host's own redirects"
                )),
                (None, Some(other)) => Kept::Lost(format!("it is the URL of content/{other} now")),
                (None, None) => {
                    claimed.insert(alias, file.rel.clone());
                    file.edit = FrontEdit { slug: None, aliases: vec![file.old.clone()] };
                    write_edit(&content, file)?;
                    Kept::Alias
                }
            }
        };
        if let Some(target) = &file.redirect_to {
            // kennisbank has no section that is only a redirect: the URL shows the section's
            // list, and the report says what the old site did there.
            changes.push(format!(
                "content/{} had `redirect_to = \"{target}\"` in Zola: {new} now shows the section's list; \
                 to keep the redirect, add `{} {target} 301` to the host's redirects",
                file.rel, file.old
            ));
        }
        entries.push(UrlEntry { old: file.old.clone(), new, file: file.rel.clone(), kept });
    }
    entries.sort_by(|a, b| a.old.cmp(&b.old));
    let list = site.join(OLD_URLS_FILE);
    std::fs::write(&list, old_urls_text(imported, &entries))
        .with_context(|| format!("cannot write {}", list.display()))?;
    Ok(UrlMap { entries, changes })
}

/// A slug that gives the page its old URL: only its last part differs, and that part is a
/// name every host can hold, not taken by another page.
fn slug_for(old: &str, new: &str, taken: &HashSet<String>) -> Option<String> {
    let old = folder_form(old);
    let (Some(old_parent), Some(new_parent)) = (parent(&old), parent(new)) else { return None };
    let wanted = last_segment(&old);
    // `/a/b.html` is a file, not a folder a slug can name.
    if old_parent != new_parent
        || !old.ends_with('/')
        || segment_problem(wanted).is_some()
        || taken.contains(&old)
    {
        return None;
    }
    Some(wanted.to_string())
}

/// Every markdown file under `content/` with the URL it had on the old site.
fn old_files(content: &Path, imported: &Imported) -> Result<Vec<Moved>> {
    let mut found = Vec::new();
    let walk = walkdir::WalkDir::new(content).sort_by_file_name();
    for entry in walk {
        let entry = entry.with_context(|| format!("cannot read {}", content.display()))?;
        let Some(rel) = entry.path().strip_prefix(content).ok().and_then(Path::to_str) else { continue };
        let rel = rel.replace('\\', "/");
        if !entry.file_type().is_file() || !(rel.ends_with(".md") || rel.ends_with(".mdx")) {
            continue;
        }
        let route = imported
            .content
            .iter()
            .map(|(_, under)| under.as_str())
            .filter(|under| under.is_empty() || rel.starts_with(&format!("{under}/")))
            .max_by_key(|under| under.len())
            .unwrap_or("");
        let inside = if route.is_empty() { rel.as_str() } else { &rel[route.len() + 1..] };
        if shadowed_readme(content, &rel, &imported.url_scheme) {
            continue;
        }
        let source = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let front = split(entry.path(), &source)
            .ok()
            .and_then(|parts| parse_map(entry.path(), &source, &parts).ok())
            .unwrap_or_default();
        let file = OldFile { rel: inside, route, front: &front };
        if let Some(old) = routes::old_url(&imported.url_scheme, file) {
            let redirect_to = match &imported.url_scheme {
                UrlScheme::Zola => front.get("redirect_to").and_then(|v| v.as_str()).map(str::to_string),
                _ => None,
            };
            found.push(Moved { rel, route: route.to_string(), old, edit: FrontEdit::default(), redirect_to });
        }
    }
    Ok(found)
}

/// MkDocs skips a `README.md` beside an `index.md`.
fn shadowed_readme(content: &Path, rel: &str, scheme: &UrlScheme) -> bool {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    matches!(scheme, UrlScheme::MkDocs { .. })
        && name == "README.md"
        && content.join(dir).join("index.md").is_file()
}

/// `README.md` (MkDocs, Docusaurus) and `folder/folder.md` (Docusaurus) are their folder's
/// page; kennisbank's is `index.md`, so they are renamed where the folder has none.
fn rename_category_indexes(
    content: &Path,
    scheme: &UrlScheme,
    moved: &mut [Moved],
    changes: &mut Vec<String>,
) -> Result<()> {
    for file in moved.iter_mut() {
        let (dir, name) = file.rel.rsplit_once('/').unwrap_or(("", file.rel.as_str()));
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, "md"));
        let folder = dir.rsplit('/').next().unwrap_or_default();
        let is_index = match scheme {
            UrlScheme::MkDocs { .. } => stem == "README",
            UrlScheme::Docusaurus { .. } => {
                stem.eq_ignore_ascii_case("readme")
                    || (!folder.is_empty() && stem.eq_ignore_ascii_case(folder))
            }
            _ => false,
        };
        // Only a file that was its folder's page on the old site (no `slug` of its own); and a
        // Docusaurus page with `slug: /`, the home of its docs.
        let last = last_segment(&folder_form(&file.old)).to_string();
        let folder_url = dir.is_empty() || last == folder || last == routes::strip_number_prefix(folder);
        let is_index = is_index || (dir == file.route && same(&file.old, &folder_form(&file.route)));
        let dir_path = content.join(dir);
        let has_index = ["index.md", "index.mdx", "_index.md"].iter().any(|n| dir_path.join(n).exists());
        if !is_index || has_index || !folder_url {
            continue;
        }
        let to = if dir.is_empty() { format!("index.{ext}") } else { format!("{dir}/index.{ext}") };
        std::fs::rename(content.join(&file.rel), content.join(&to))
            .with_context(|| format!("cannot rename content/{} to content/{to}", file.rel))?;
        changes.push(format!("content/{} -> content/{to} (its folder's page)", file.rel));
        file.rel = to;
    }
    Ok(())
}

/// A folder without an index file gets its name from the folder (slugified); where its
/// pages' old URLs show the folder had another name there (`Setup`, `mongo-queries` for
/// `14.-mongo-queries`), an `_index.md` with that `slug` keeps it.
fn name_bare_folders(
    content: &Path,
    urls: &NewUrls,
    moved: &[Moved],
    taken: &mut HashSet<String>,
    changes: &mut Vec<String>,
) -> Result<bool> {
    let mut written = false;
    // The files of each folder, found once: a pass is linear in the site.
    let mut by_dir: HashMap<&str, Vec<&Moved>> = HashMap::new();
    for file in moved {
        by_dir.entry(file.rel.rsplit_once('/').map_or("", |(d, _)| d)).or_default().push(file);
    }
    for (dir, path) in &urls.bare_folders {
        // The folder each page directly in it had on the old site: all must agree (a page
        // with a `slug: /elsewhere` of its own says nothing about its folder).
        let mut olds = by_dir
            .get(dir.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|m| urls.of(&m.rel).and_then(parent).as_deref() == Some(path.as_str()))
            .map(|m| parent(&folder_form(&m.old)));
        let Some(Some(old_folder)) = olds.next() else { continue };
        if old_folder == *path || olds.any(|o| o.as_deref() != Some(old_folder.as_str())) {
            continue;
        }
        let Some(slug) = slug_for(&old_folder, path, taken) else { continue };
        taken.insert(old_folder);
        let index = content.join(dir).join("_index.md");
        std::fs::write(&index, format!("---\nslug: {}\n---\n", serde_json::to_string(&slug)?))
            .with_context(|| format!("cannot write {}", index.display()))?;
        changes.push(format!("content/{dir}/_index.md written (slug: {slug}, the folder's old name)"));
        written = true;
    }
    Ok(written)
}

/// Writes `file.edit` into its front matter; false when there was nothing to write.
fn write_edit(content: &Path, file: &Moved) -> Result<bool> {
    let path = content.join(&file.rel);
    let source = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let Some(edited) = front_edit::apply(&source, &file.edit) else { return Ok(false) };
    if edited == source {
        return Ok(false);
    }
    std::fs::write(&path, edited).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(true)
}

/// The URLs kennisbank gives the new site's files, from its own model.
struct NewUrls {
    /// Content path (`a/b.md`; an `.mdx` file by its `.md` name) -> URL.
    by_rel: HashMap<String, String>,
    /// (folder under `content/`, URL) of each section without an index file.
    bare_folders: Vec<(String, String)>,
}

impl NewUrls {
    fn read(site: &Path) -> Result<NewUrls> {
        use crate::load::config::{BuildOptions, Config};
        let config = Config::load(site, &BuildOptions::default())
            .map_err(|problems| anyhow::anyhow!("the new kennisbank.toml cannot be read: {problems:?}"))?;
        let (loaded, _) = crate::load::content::load(&config);
        let (data, _) = crate::load::data::load(&config.data_dir);
        let (lib, _) = crate::model::build(&config, loaded, &data);
        let mut by_rel = HashMap::new();
        let mut bare_folders = Vec::new();
        for section in &lib.sections {
            match &section.doc.file {
                Some(file) => {
                    by_rel.insert(file.rel.clone(), section.doc.path.clone());
                }
                None if !section.dir.is_empty() => {
                    bare_folders.push((section.dir.clone(), section.doc.path.clone()))
                }
                None => {}
            }
        }
        for page in &lib.pages {
            if let Some(file) = &page.doc.file {
                by_rel.insert(file.rel.clone(), page.doc.path.clone());
            }
        }
        Ok(NewUrls { by_rel, bare_folders })
    }

    fn of(&self, rel: &str) -> Option<&str> {
        let md = match rel.strip_suffix(".mdx") {
            Some(stem) => format!("{stem}.md"),
            None => rel.to_string(),
        };
        self.by_rel.get(&md).map(String::as_str)
    }

    /// Two files of the old site that kennisbank would give one URL (`a:b.md` and `a-b.md`
    /// both `/a-b/`) are an error naming both, before anything is settled.
    fn refuse_collisions(&self) -> Result<()> {
        let mut rels: Vec<(&String, &String)> = self.by_rel.iter().collect();
        rels.sort();
        let mut owner: HashMap<&str, &str> = HashMap::new();
        for (rel, path) in rels {
            if let Some(other) = owner.insert(path, rel) {
                bail!(
                    "content/{other} and content/{rel} would both have the URL {path} in kennisbank\n  hint: \
                     rename one of them in the old site (their names differ only in characters a URL \
                     cannot keep), then run init --from again"
                );
            }
        }
        Ok(())
    }
}

/// `old-urls.txt`: the old site's URLs, one a line, for `kennisbank check --old-urls`; the
/// ones not kept are comments saying why.
fn old_urls_text(imported: &Imported, entries: &[UrlEntry]) -> String {
    let mut out = format!(
        "# The URLs of the old {} site, written by `kennisbank init --from`.\n# Check that each leads to a page: \
         kennisbank build && kennisbank check --old-urls {OLD_URLS_FILE}\n",
        imported.generator
    );
    for entry in entries {
        match &entry.kept {
            Kept::Lost(why) => out.push_str(&format!("# not kept: {} ({why})\n", entry.old)),
            _ => out.push_str(&format!("{}\n", entry.old)),
        }
    }
    out
}
