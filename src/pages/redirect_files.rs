//! The site's aliases (old URLs that lead to a page's new one) as the redirect files hosts
//! read: `_redirects` for Netlify and Cloudflare Pages (a real 301, which search engines
//! follow), and `nginx-redirects.conf`, a `map` for nginx. The redirect pages written for
//! every alias stay: they work on any host, these files make the move permanent where the
//! host reads them. Written only when the site has aliases. (Netlify serves an existing file
//! before a `_redirects` rule, so there the redirect page answers; Cloudflare Pages and nginx
//! answer with the 301.)

use std::fmt::Write;

use super::views::Views;
use kb_core::OutputFile;

/// `_redirects` and `nginx-redirects.conf` for the site's aliases, sorted by old URL.
pub fn host_files(views: &Views) -> Vec<OutputFile> {
    let mut redirects: Vec<(String, String)> =
        views.lib.redirects.iter().map(|r| (views.url(&r.from), views.url(&r.to))).collect();
    if redirects.is_empty() {
        return Vec::new();
    }
    redirects.sort();
    let mut netlify = String::from(
        "# Old URLs of this site and where they lead now (Netlify, Cloudflare Pages), from `aliases`.\n",
    );
    let mut nginx = String::from(
        "# Old URLs of this site and where they lead now, from `aliases`. In the http block:\n\
         #   include nginx-redirects.conf;\n\
         # and in the server block:\n\
         #   if ($kennisbank_redirect) { return 301 $kennisbank_redirect; }\n\
         map $uri $kennisbank_redirect {\n",
    );
    for (from, to) in &redirects {
        // Both the folder URL and its index.html, with and without the last slash.
        let bare = from.trim_end_matches('/');
        for old in [from.as_str(), bare] {
            if !old.is_empty() {
                let _ = writeln!(netlify, "{old} {to} 301");
            }
        }
        let _ = writeln!(netlify, "{from}index.html {to} 301");
        let quoted = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
        for old in [from.to_string(), bare.to_string(), format!("{from}index.html")] {
            if !old.is_empty() && old != "/" {
                let _ = writeln!(nginx, "    {} {};", quoted(&old), quoted(to));
            }
        }
    }
    nginx.push_str("}\n");
    vec![OutputFile::new("_redirects", netlify), OutputFile::new("nginx-redirects.conf", nginx)]
}
