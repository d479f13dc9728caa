//! Scripts are shipped without their comment lines. The theme's modules are written to be read
//! (a module doc, JSDoc types for the type check): for the search client that is a third of its
//! gzip bytes, fetched by every visitor on their first search, and none of it runs. Only whole
//! lines go: a line that is a `//` comment, a `/* ... */` block that starts a line and ends one,
//! and empty lines. Comments after code, `/*!` blocks, `@license` and `@preserve` comments, and
//! anything inside a multi-line template literal stay, so no string can lose a line that looks
//! like a comment. Runs before fingerprinting (the hash is of the bytes served).

/// `script` without its comment lines and empty lines; a script that is not UTF-8 is returned
/// as it is.
pub fn strip(script: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(script) else {
        return script.to_vec();
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len());
    let mut in_template = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let code = line.trim();
        if !in_template {
            if code.is_empty() || (code.starts_with("//") && !kept(code)) {
                i += 1;
                continue;
            }
            if code.starts_with("/*") && !code.starts_with("/*!") {
                // The whole block, if it ends at the end of a line and keeps nothing.
                let end = (i..lines.len()).find(|&j| {
                    let from = if j == i { 2 } else { 0 };
                    lines[j].trim()[from..].contains("*/")
                });
                if let Some(end) = end
                    && lines[end].trim().ends_with("*/")
                    && lines[end].trim().matches("*/").count() == 1
                    && !lines[i..=end].iter().any(|l| kept(l))
                {
                    i = end + 1;
                    continue;
                }
            }
        }
        in_template ^= line.matches('`').count() % 2 == 1;
        out.push_str(line);
        i += 1;
    }
    out.into_bytes()
}

/// A comment that says it must stay.
fn kept(comment: &str) -> bool {
    comment.contains("@license") || comment.contains("@preserve") || comment.starts_with("//!")
}

#[cfg(test)]
mod tests {
    use super::strip;

    fn stripped(script: &str) -> String {
        String::from_utf8(strip(script.as_bytes())).unwrap()
    }

    #[test]
    fn comment_lines_and_blocks_go_code_stays() {
        let script = "// What this module is.\nimport { a } from \"./a.js\";\n\n/**\n * Doc.\n * @param {string} x\n */\nexport function f(x) {\n  // why\n  return /** @type {string} */ (x) + \"//\"; // after code\n}\n";
        assert_eq!(
            stripped(script),
            "import { a } from \"./a.js\";\nexport function f(x) {\n  return /** @type {string} */ (x) + \"//\"; // after code\n}\n"
        );
    }

    #[test]
    fn template_literals_licences_and_blocks_with_code_after_stay() {
        let template = "const t = `\n// not a comment\n/* nor this */\n`;\n";
        assert_eq!(stripped(template), template);
        let licence = "/*! keep me */\n// @license MIT\nx();\n";
        assert_eq!(stripped(licence), licence);
        let code_after = "/* a */ x();\n/* b\n */ y();\n";
        assert_eq!(stripped(code_after), code_after);
        assert_eq!(stripped("/* one */ /* two */\nz();\n"), "/* one */ /* two */\nz();\n");
    }

    #[test]
    fn a_script_that_is_not_utf8_is_left_alone() {
        assert_eq!(strip(b"// \xff\n"), b"// \xff\n");
    }
}
