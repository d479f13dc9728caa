//! A guard in front of serde_yaml for nesting. libyaml's scanner (under serde_yaml) looks at
//! every open flow level on each token, so N nested `[` or `{` cost N² time before serde's own
//! depth limit of 128 is reached: 100,000 of them took 47 s (issue 30). Text that nests deeper
//! than that limit would fail anyway; it is refused here, at the bracket, in one pass.

/// serde_yaml's own recursion limit: deeper text never parses.
pub const MAX_FLOW_DEPTH: usize = 128;

/// The byte offset of the first `[` or `{` that opens more than [`MAX_FLOW_DEPTH`] levels.
/// Brackets inside quoted scalars and comments do not count; in plain text they do (a plain
/// `[` there is text to YAML, but no one writes 128 unclosed ones), so the guard can only
/// refuse what is deeper, never let a deeper text through to the slow scanner.
pub fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    // Whether a token may start here: at a line's start or after blank or flow punctuation.
    let mut token_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'#' if token_start => {
                i += bytes[i..].iter().position(|&c| c == b'\n').unwrap_or(bytes.len() - i);
                continue;
            }
            b'"' | b'\'' if token_start => {
                // To the closing quote ('' and \" do not close); unclosed: to the end.
                let mut j = i + 1;
                while j < bytes.len() {
                    if bytes[j] == b'\\' && b == b'"' {
                        j += 2;
                        continue;
                    }
                    if bytes[j] == b {
                        if b == b'\'' && bytes.get(j + 1) == Some(&b'\'') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j += 1;
                }
                i = j + 1;
                token_start = false;
                continue;
            }
            _ => {}
        }
        token_start = matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b',' | b':' | b'-' | b'?');
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_flow_nesting_is_found_at_its_bracket() {
        let deep = format!("a: {}x", "[".repeat(200));
        assert_eq!(too_deep(&deep), Some(3 + MAX_FLOW_DEPTH));
        let spread = "a: [\n".repeat(MAX_FLOW_DEPTH + 1);
        assert!(too_deep(&spread).is_some(), "levels on many lines count too");
    }

    #[test]
    fn ordinary_yaml_and_brackets_in_strings_pass() {
        assert_eq!(too_deep("tags: [a, [b, {c: d}]]\nnav:\n  - x: y\n"), None);
        let quoted =
            format!("title: \"{}\"\nb: '{}'\n# {}\n", "[".repeat(300), "{".repeat(300), "[".repeat(300));
        assert_eq!(too_deep(&quoted), None);
        let closed = "[a]".repeat(10_000);
        assert_eq!(too_deep(&closed), None);
    }

    #[test]
    fn an_apostrophe_inside_plain_text_does_not_hide_brackets() {
        let sneaky = format!("title: it's {}", "[".repeat(200));
        assert!(too_deep(&sneaky).is_some());
    }
}
