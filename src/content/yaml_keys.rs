//! Repeated top-level keys in YAML front matter, read the way MkDocs reads them.
//!
//! PyYAML, and so MkDocs, keeps the last value of a key written twice (`hide:` twice is common in
//! MkDocs Material pages); serde_yaml refuses the whole front matter. Before parsing, the earlier
//! occurrences are blanked out (replaced by spaces of the same byte length, so parse errors keep
//! pointing at the right line and column), and the loader warns at each repeated key's line.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// A top-level `key:` line: byte offset of the key in the front matter, the key, and where the
/// key's value ends (the start of the next top-level line).
struct KeyBlock<'a> {
    offset: usize,
    key: &'a str,
    end: usize,
}

/// The top-level keys of a YAML mapping, in order. Only plain block style is read: the lines a
/// key owns are the indented, list (`- `), blank and comment lines after it.
fn key_blocks(front: &str) -> Vec<KeyBlock<'_>> {
    let mut blocks: Vec<KeyBlock> = Vec::new();
    let mut offset = 0;
    for line in front.split_inclusive('\n') {
        let owned_by_previous = line.trim().is_empty()
            || line.starts_with([' ', '\t', '#'])
            || line.starts_with("- ")
            || line.trim_end() == "-";
        if !owned_by_previous {
            if let Some(last) = blocks.last_mut() {
                last.end = offset;
            }
            if let Some(key) = key_of(line) {
                blocks.push(KeyBlock { offset, key, end: front.len() });
            }
        }
        offset += line.len();
    }
    blocks
}

/// `title: x` -> `title`; `"a b": x` -> `a b`; anything else (a flow mapping, a stray scalar)
/// -> none.
fn key_of(line: &str) -> Option<&str> {
    let line = line.trim_end();
    let (key, rest) = if let Some(quoted) = line.strip_prefix(['"', '\'']) {
        let quote = line.as_bytes()[0] as char;
        let end = quoted.find(quote)?;
        (&quoted[..end], &quoted[end + 1..])
    } else {
        let colon = line.find(": ").or_else(|| line.ends_with(':').then(|| line.len() - 1))?;
        (&line[..colon], &line[colon..])
    };
    (rest.starts_with(':') && !key.is_empty()).then_some(key)
}

/// Every occurrence of a top-level key but its first: (byte offset in the front matter, key).
/// These are the lines the loader warns at; the value written there is the one that counts.
pub fn repeated(front: &str) -> Vec<(usize, String)> {
    let mut seen: HashSet<&str> = HashSet::new();
    key_blocks(front)
        .into_iter()
        .filter(|b| !seen.insert(b.key))
        .map(|b| (b.offset, b.key.to_string()))
        .collect()
}

/// The front matter with every occurrence but the last of each repeated top-level key blanked
/// out, byte for byte (newlines kept), so that the later value wins.
pub fn without_overridden_keys(front: &str) -> Cow<'_, str> {
    let blocks = key_blocks(front);
    let mut last: HashMap<&str, usize> = HashMap::new();
    for (i, b) in blocks.iter().enumerate() {
        last.insert(b.key, i);
    }
    if last.len() == blocks.len() {
        return Cow::Borrowed(front);
    }
    let mut bytes = front.as_bytes().to_vec();
    for (i, b) in blocks.iter().enumerate() {
        if last.get(b.key) != Some(&i) {
            for byte in &mut bytes[b.offset..b.end] {
                if *byte != b'\n' {
                    *byte = b' ';
                }
            }
        }
    }
    // Whole lines were replaced by ASCII, so the text is still UTF-8.
    Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| front.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRONT: &str = "title: Zoeken\nhide:\n  - navigation\ndescription: x\nhide:\n- toc\n";

    #[test]
    fn the_repeated_key_is_found_at_its_own_line() {
        let found = repeated(FRONT);
        assert_eq!(found, vec![(FRONT.find("hide:\n- toc").unwrap(), "hide".to_string())]);
        assert!(repeated("a: 1\nb:\n  a: 2\n").is_empty(), "nested keys are not top-level");
    }

    #[test]
    fn the_later_value_wins_and_offsets_stay() {
        let cleaned = without_overridden_keys(FRONT);
        assert_eq!(cleaned.len(), FRONT.len());
        assert_eq!(cleaned.lines().count(), FRONT.lines().count());
        let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(&cleaned).unwrap();
        assert_eq!(value["hide"][0].as_str(), Some("toc"));
        assert_eq!(value["description"].as_str(), Some("x"));
    }

    #[test]
    fn front_matter_without_repeats_is_untouched() {
        assert!(matches!(without_overridden_keys("a: 1\nb: 2\n"), Cow::Borrowed(_)));
        assert!(matches!(without_overridden_keys("\"a b\": 1\nc: \"x: y\"\n"), Cow::Borrowed(_)));
    }
}
