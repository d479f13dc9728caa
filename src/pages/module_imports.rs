//! Imports between the theme's ES modules under fingerprinted names. Scripts are small vanilla
//! modules without a bundler (the CSP forbids inline script), so `search.js` imports
//! `./search-words.js`; but every script is written under a content hash
//! (`search-words.0123456789.js`). Before a module is hashed, its imports of sibling modules
//! (`from "./name.js"`, same folder) are rewritten to the siblings' hashed names, so a change
//! in an imported module changes the hash of every module that imports it and no cache ever
//! mixes versions. The offline set follows the same imports ([`imports`]).

use std::collections::BTreeMap;

/// The sibling modules a script imports: the specifiers of `from "./name.js"` (static imports
/// and re-exports) that name a file in the same folder.
pub fn imports(script: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for quote in ['"', '\''] {
        let opening = format!("from {quote}./");
        let mut rest = script;
        while let Some(at) = rest.find(&opening) {
            rest = &rest[at + opening.len() - 2..];
            let Some(end) = rest[1..].find(quote) else { break };
            let specifier = &rest[..end + 1];
            if !specifier[2..].contains('/') && (specifier.ends_with(".js") || specifier.ends_with(".mjs")) {
                found.push(specifier);
            }
            rest = &rest[end + 1..];
        }
    }
    found
}

/// The folder part of a plain path (`js/search.js` -> `js/`).
fn folder(path: &str) -> &str {
    path.rfind('/').map_or("", |at| &path[..=at])
}

/// Rewrites, in every script of `files` (plain path -> bytes), the imports of sibling modules
/// to the names `hashed` gives them, imported modules first; returns plain path -> written
/// path for every file. A cycle of imports is left as written (it would be a theme bug: the
/// browser then asks for the plain name, and the browser test of that page fails).
pub fn fingerprint(
    files: &mut BTreeMap<String, Vec<u8>>,
    hashed: impl Fn(&str, &[u8]) -> String,
) -> BTreeMap<String, String> {
    let mut written = BTreeMap::new();
    let paths: Vec<String> = files.keys().cloned().collect();
    for path in paths {
        name(&path, files, &hashed, &mut written, &mut Vec::new());
    }
    written
}

fn name(
    path: &str,
    files: &mut BTreeMap<String, Vec<u8>>,
    hashed: &dyn Fn(&str, &[u8]) -> String,
    written: &mut BTreeMap<String, String>,
    visiting: &mut Vec<String>,
) -> String {
    if let Some(done) = written.get(path) {
        return done.clone();
    }
    let is_script = path.ends_with(".js") || path.ends_with(".mjs");
    if is_script && let Ok(text) = std::str::from_utf8(&files[path]) {
        let text = text.to_string();
        visiting.push(path.to_string());
        let mut rewritten = text.clone();
        for specifier in imports(&text) {
            let target = format!("{}{}", folder(path), &specifier[2..]);
            if !files.contains_key(&target) || visiting.contains(&target) {
                continue;
            }
            let target_name = name(&target, files, hashed, written, visiting);
            let file_name = target_name.rsplit('/').next().unwrap_or(&target_name);
            for quote in ['"', '\''] {
                rewritten = rewritten.replace(
                    &format!("from {quote}{specifier}{quote}"),
                    &format!("from {quote}./{file_name}{quote}"),
                );
            }
        }
        visiting.pop();
        if rewritten != text {
            files.insert(path.to_string(), rewritten.into_bytes());
        }
    }
    let result = hashed(path, &files[path]);
    written.insert(path.to_string(), result.clone());
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashed(path: &str, bytes: &[u8]) -> String {
        format!("{path}@{}", blake3::hash(bytes).to_hex().get(..4).unwrap_or_default())
    }

    #[test]
    fn sibling_imports_are_found_others_are_not() {
        let script = "import { a } from \"./a.js\";\nexport { b } from './b.mjs';\nimport x from \"../c.js\";\nimport y from \"https://x.nl/y.js\";\nconst s = \"from the start\";";
        assert_eq!(imports(script), ["./a.js", "./b.mjs"]);
    }

    #[test]
    fn an_import_names_the_hashed_file_and_its_change_changes_the_importer() {
        let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        files.insert("js/main.js".into(), b"import { w } from \"./words.js\";\nw();".to_vec());
        files.insert("js/words.js".into(), b"export function w() {}".to_vec());
        files.insert("css/a.css".into(), b"a{}".to_vec());
        let names = fingerprint(&mut files, hashed);
        let words = names["js/words.js"].rsplit('/').next().unwrap().to_string();
        let main = String::from_utf8(files["js/main.js"].clone()).unwrap();
        assert_eq!(main, format!("import {{ w }} from \"./{words}\";\nw();"));
        let first_main = names["js/main.js"].clone();

        let mut changed: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        changed.insert("js/main.js".into(), b"import { w } from \"./words.js\";\nw();".to_vec());
        changed.insert("js/words.js".into(), b"export function w() { return 1; }".to_vec());
        assert_ne!(fingerprint(&mut changed, hashed)["js/main.js"], first_main);
    }

    #[test]
    fn a_cycle_ends() {
        let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        files.insert("a.js".into(), b"import \"x\"; export * from \"./b.js\";".to_vec());
        files.insert("b.js".into(), b"export * from \"./a.js\";".to_vec());
        assert_eq!(fingerprint(&mut files, hashed).len(), 2);
    }
}
