//! "Publiceer": the site's changes committed with the author's own git identity and pushed to
//! the remote and branch of `[publish]`. The system `git` does the work, so the author's
//! credentials (SSH agent, credential helper) are used as they are; it never asks on a
//! terminal (`GIT_TERMINAL_PROMPT=0`), so a missing login is an error, not a hang. A push that
//! fails leaves the commit in the local repository: nothing is lost, the next publish pushes
//! it along.

use std::path::Path;
use std::process::{Command, Output};

use serde::Serialize;

use crate::load::config::PublishConfig;

/// The folders and files of a site that publishing takes along.
const SITE_PARTS: &[&str] = &["content", "static", "data", "themes", "kennisbank.toml"];

/// What would be published.
#[derive(Serialize)]
pub struct Pending {
    /// `false`: the site is no git repository (then nothing else is filled).
    pub repository: bool,
    /// Changed files, as `git status` names them, with a Dutch word for the change.
    pub files: Vec<(String, &'static str)>,
    /// The changes as a unified diff (new files in full).
    pub diff: String,
}

fn git(root: &Path, args: &[&str]) -> std::io::Result<Output> {
    Command::new("git").arg("-C").arg(root).args(args).env("GIT_TERMINAL_PROMPT", "0").output()
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn parts(root: &Path) -> Vec<&'static str> {
    SITE_PARTS.iter().copied().filter(|p| root.join(p).exists()).collect()
}

pub fn pending(root: &Path) -> Pending {
    let inside = git(root, &["rev-parse", "--is-inside-work-tree"]).is_ok_and(|o| o.status.success());
    if !inside {
        return Pending { repository: false, files: Vec::new(), diff: String::new() };
    }
    let parts = parts(root);
    let mut status_args = vec!["status", "--porcelain=v1", "-uall", "--"];
    status_args.extend(&parts);
    let status = git(root, &status_args).map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    let mut files = Vec::new();
    let mut diff = String::new();
    for line in status.unwrap_or_default().lines().filter(|l| l.len() > 3) {
        let (code, name) = line.split_at(3);
        let word = match code.trim() {
            "??" | "A" => "nieuw",
            "D" => "verwijderd",
            _ => "gewijzigd",
        };
        if code.trim() == "??" {
            let added = std::fs::read_to_string(root.join(name)).unwrap_or_default();
            diff.push_str(&format!("--- /dev/null\n+++ b/{name}\n"));
            for l in added.lines() {
                diff.push_str(&format!("+{l}\n"));
            }
        }
        files.push((name.to_string(), word));
    }
    let mut diff_args = vec!["diff", "HEAD", "--"];
    diff_args.extend(&parts);
    if let Ok(o) = git(root, &diff_args) {
        diff.insert_str(0, &String::from_utf8_lossy(&o.stdout));
    }
    Pending { repository: true, files, diff }
}

/// Commits the site's changes with `message` and pushes them; `Err` is a message in Dutch
/// that says what happened and what to do.
pub fn publish(root: &Path, message: &str, config: &PublishConfig) -> Result<String, String> {
    let message = message.trim();
    if message.is_empty() {
        return Err("Schrijf in een paar woorden wat je hebt veranderd.".into());
    }
    let pending = pending(root);
    if !pending.repository {
        return Err(
            "Deze site staat niet in git. Vraag de beheerder om de site in een git-repository te zetten."
                .into(),
        );
    }
    let run = |args: &[&str]| {
        git(root, args).map_err(|e| format!("Git kon niet starten ({e}). Is git geïnstalleerd?"))
    };
    let mut add = vec!["add", "-A", "--"];
    add.extend(parts(root));
    if !pending.files.is_empty() {
        let added = run(&add)?;
        if !added.status.success() {
            return Err(format!("De bestanden konden niet klaargezet worden:\n{}", text(&added)));
        }
        let committed = run(&["commit", "-m", message])?;
        if !committed.status.success() {
            let out = text(&committed);
            if out.contains("Please tell me who you are") || out.contains("user.email") {
                return Err("Git weet je naam en e-mailadres nog niet. Vraag de beheerder om ze in te stellen (git config user.name en user.email).".into());
            }
            return Err(format!("Opslaan in git lukte niet:\n{out}"));
        }
    }
    let branch = if config.branch_per_change {
        let stamp = jiff::Timestamp::now().strftime("%Y-%m-%d-%H%M%S").to_string();
        format!("kennisbank/{stamp}")
    } else if config.branch.is_empty() {
        let head = run(&["rev-parse", "--abbrev-ref", "HEAD"])?;
        String::from_utf8_lossy(&head.stdout).trim().to_string()
    } else {
        config.branch.clone()
    };
    let refspec = format!("HEAD:refs/heads/{branch}");
    let pushed = run(&["push", &config.remote, &refspec])?;
    if pushed.status.success() {
        return Ok(format!("Gepubliceerd naar {} (tak {branch}).", config.remote));
    }
    let out = text(&pushed);
    let why = if out.contains("does not appear to be a git repository") || out.contains("No such remote") {
        format!(
            "Er is geen verbinding '{}' ingesteld om naartoe te publiceren. Vraag de beheerder om [publish] in kennisbank.toml in te stellen.",
            config.remote
        )
    } else if out.contains("rejected") || out.contains("non-fast-forward") || out.contains("fetch first") {
        "Iemand anders heeft intussen ook iets gepubliceerd. Haal eerst de nieuwste versie op (git pull) en publiceer dan opnieuw.".into()
    } else if out.contains("Authentication")
        || out.contains("Permission denied")
        || out.contains("could not read Username")
    {
        "Je bent niet ingelogd bij de server waar de site staat. Vraag de beheerder om je inloggegevens in te stellen.".into()
    } else if out.contains("Could not resolve host")
        || out.contains("unable to access")
        || out.contains("Connection")
    {
        "Er is geen verbinding met de server. Controleer je internet en probeer het opnieuw.".into()
    } else {
        format!("Publiceren lukte niet:\n{out}")
    };
    Err(format!(
        "{why}\nJe wijzigingen zijn veilig: ze staan opgeslagen op deze computer en gaan mee bij de volgende keer publiceren."
    ))
}
