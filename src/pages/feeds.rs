//! Machine-readable files: sitemap.xml, atom.xml, robots.txt, and security headers for hosts.

use std::fmt::Write as _;

use super::jobs::{Listed, PlannedJob};
use super::views::Views;
use crate::model::{NodeId, PageId};
use kb_core::OutputFile;

/// The policy in every page's meta tag and in the host header files.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; worker-src 'self'; base-uri 'self'; form-action 'self'";

const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), interest-cohort=(), browsing-topics=()";

fn xml(text: &str) -> String {
    kb_core::escape::html(text)
}

fn last_modified(views: &Views, id: NodeId) -> Option<String> {
    let front = views.lib.doc(id).front()?;
    front.updated.or(front.date).map(|d| d.to_string())
}

/// Every URL, with `<xhtml:link rel="alternate" hreflang>` for each language version of a page
/// that has translations (Google's form; the page itself is among its alternates).
pub fn sitemap(views: &Views, plan: &[PlannedJob]) -> OutputFile {
    let lib = views.lib;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let nodes = plan.iter().filter_map(|job| match job.listed {
        Listed::Node(id) => Some(id),
        _ => None,
    });
    let paths = plan.iter().filter(|job| job.listed == Listed::Path).map(|job| &job.path);
    let mut entries: Vec<(String, Option<String>, String)> = nodes
        .map(|id| {
            let versions = views.versions(id);
            let mut alternates = String::new();
            if versions.len() > 1 {
                let default = views.default_language();
                let tagged = versions
                    .iter()
                    .map(|v| (v.code, v))
                    .chain(versions.iter().filter(|v| v.code == default).map(|v| ("x-default", v)));
                for (code, v) in tagged {
                    let _ = writeln!(
                        alternates,
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                        xml(code),
                        xml(&v.permalink)
                    );
                }
            }
            (views.permalink(&lib.doc(id).path), last_modified(views, id), alternates)
        })
        .chain(paths.map(|p| (views.permalink(p), None, String::new())))
        .collect();
    entries.sort();
    for (loc, lastmod, alternates) in entries {
        let _ = write!(out, "  <url>\n    <loc>{}</loc>\n", xml(&loc));
        if let Some(date) = lastmod {
            let _ = writeln!(out, "    <lastmod>{date}</lastmod>");
        }
        out.push_str(&alternates);
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    OutputFile::new("sitemap.xml", out)
}

/// An Atom feed of the most recently dated or updated pages.
pub fn atom(views: &Views) -> OutputFile {
    let settings = views.settings;
    let mut dated: Vec<(String, PageId)> =
        views.lib.page_ids().filter_map(|i| last_modified(views, NodeId::Page(i)).map(|d| (d, i))).collect();
    dated.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    dated.truncate(views.settings.feed_limit);
    let updated = dated.first().map_or_else(|| views.today.to_string(), |(d, _)| d.clone());
    let home = views.permalink("/");
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = write!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  \
         <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n  <link href=\"{}\"/>\n  <id>{}</id>\n  <updated>{updated}T00:00:00Z</updated>\n",
        xml(&settings.default_language),
        xml(&settings.site.title),
        xml(&settings.site.description),
        xml(&views.permalink("/atom.xml")),
        xml(&home),
        xml(&home),
    );
    for (date, i) in dated {
        let summary = views.summary(i);
        let link = views.permalink(&views.lib.page(i).doc.path);
        let text = if summary.description.is_empty() { summary.summary } else { summary.description };
        let _ = write!(
            out,
            "  <entry>\n    <title>{}</title>\n    <link href=\"{}\"/>\n    <id>{}</id>\n    <updated>{date}T00:00:00Z</updated>\n    <author><name>{}</name></author>\n    <summary>{}</summary>\n  </entry>\n",
            xml(summary.title),
            xml(&link),
            xml(&link),
            xml(views
                .lib
                .page(i)
                .doc
                .front()
                .and_then(|f| f.owner.as_deref())
                .unwrap_or(&settings.site.title)),
            xml(text),
        );
    }
    out.push_str("</feed>\n");
    OutputFile::new("atom.xml", out)
}

pub fn robots(views: &Views) -> OutputFile {
    OutputFile::new(
        "robots.txt",
        format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", views.permalink("/sitemap.xml")),
    )
}

/// How long a browser may keep a file: hashed assets (their names change with their
/// content) for a year; everything else not at all, so that no copy of a page a visitor read
/// stays on the device (the offline set, stored only on request, is the service worker's).
const CACHE_ASSETS: &str = "public, max-age=31536000, immutable";
const CACHE_PAGES: &str = "no-store";

/// `_headers` (Netlify, Cloudflare Pages) and an nginx snippet with the same policy, and how
/// long each file may be cached. The asset rules come after the rule for every path: Netlify
/// takes the later rule's value of a header; Cloudflare Pages joins both, and `no-store` then
/// wins, which costs speed, never privacy.
pub fn security_headers(base_path: &str) -> Vec<OutputFile> {
    let headers = [
        ("Content-Security-Policy", format!("{CONTENT_SECURITY_POLICY}; frame-ancestors 'none'")),
        ("Referrer-Policy", "no-referrer".to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
        ("Permissions-Policy", PERMISSIONS_POLICY.to_string()),
        ("Cross-Origin-Opener-Policy", "same-origin".to_string()),
    ];
    let mut netlify = String::from(
        "# Security headers for hosts that read a _headers file (Netlify, Cloudflare Pages).\n/*\n",
    );
    let mut nginx =
        String::from("# Security headers for nginx: `include` this file in the server block of the site.\n");
    for (name, value) in &headers {
        let _ = writeln!(netlify, "  {name}: {value}");
        let _ = writeln!(nginx, "add_header {name} \"{value}\" always;");
    }
    let _ = writeln!(netlify, "  Cache-Control: {CACHE_PAGES}");
    for folder in ["css", "js"] {
        let _ = writeln!(netlify, "{base_path}/{folder}/*\n  Cache-Control: {CACHE_ASSETS}");
    }
    let _ = write!(
        nginx,
        "# Pages are not kept by the browser; the hashed CSS and JavaScript are, for a year.\n\
         set $kb_cache_control \"{CACHE_PAGES}\";\n\
         if ($uri ~ \"^{base_path}/(css|js)/\") {{ set $kb_cache_control \"{CACHE_ASSETS}\"; }}\n\
         add_header Cache-Control $kb_cache_control always;\n"
    );
    vec![OutputFile::new("_headers", netlify), OutputFile::new("nginx-security-headers.conf", nginx)]
}
