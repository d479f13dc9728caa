//! Reads the object literal of a `docusaurus.config.{js,ts,mjs}` without running it.
//!
//! The file is a program: running it would run whatever it imports, on the author's machine,
//! to produce a config kennisbank needs five strings from. So the file is scanned instead:
//! comments are blanked, the exported object is found (`export default {...}`,
//! `module.exports = {...}`, or the `const config = {...}` they name, type annotation and all),
//! and that literal is read key by key. Strings, numbers, booleans, nested objects and arrays
//! are read; anything computed (a variable, a function, `process.env.X`, a template with
//! `${}`) is kept as `Unreadable` with a few words on what it is, so the report can say what
//! was not read and where. JSON is a subset, so Hugo's `hugo.json` is read the same way.

use super::tree::{Entry, LineIndex, Value};

/// The configuration object a Docusaurus config file exports.
pub fn config_object(source: &str) -> Result<Value, String> {
    let code = blank_comments(source);
    let start = exported_object(&code)?;
    Ok(Reader { code: &code, pos: start, lines: LineIndex::new(source), depth: 0 }.value())
}

/// The first object literal of a JSON (or JavaScript) text.
pub fn first_object(source: &str) -> Result<Value, String> {
    let code = blank_comments(source);
    let start = code.find('{').ok_or("there is no `{` in the file")?;
    Ok(Reader { code: &code, pos: start, lines: LineIndex::new(source), depth: 0 }.value())
}

/// How deep objects, arrays and template literals are read; deeper ones are one unreadable
/// value (a config is a few levels deep, and the reader must not exhaust the stack).
const MAX_DEPTH: usize = 64;

/// `source` with every comment replaced by spaces (newlines kept), so offsets and lines stay.
fn blank_comments(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' | b'`' => i = string_end(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    out[i] = b' ';
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = source[i + 2..].find("*/").map_or(bytes.len(), |e| i + 2 + e + 2);
                for b in &mut out[i..end] {
                    if *b != b'\n' {
                        *b = b' ';
                    }
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    // Only ASCII bytes were replaced, by ASCII spaces: still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| source.to_string())
}

/// The offset just past the string or template literal that starts at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    string_end_nested(bytes, start, 0)
}

/// [`string_end`] inside `level` template literals; past [`MAX_DEPTH`] the rest of the file is
/// taken as the string.
fn string_end_nested(bytes: &[u8], start: usize, level: usize) -> usize {
    if level > MAX_DEPTH {
        return bytes.len();
    }
    let quote = bytes[start];
    let mut i = start + 1;
    let mut depth = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'$' if quote == b'`' && bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            b'"' | b'\'' | b'`' if depth > 0 => i = string_end_nested(bytes, i, level + 1) - 1,
            b if b == quote && depth == 0 => return i + 1,
            b'\n' if quote != b'`' => return i,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Where the exported object literal starts.
fn exported_object(code: &str) -> Result<usize, String> {
    let exported = ["export default", "module.exports ="]
        .iter()
        .filter_map(|marker| code.find(marker).map(|at| at + marker.len()))
        .min()
        .ok_or("neither `export default` nor `module.exports =` is in the file")?;
    let after = code[exported..].trim_start();
    let at = code.len() - after.len();
    if after.starts_with('{') {
        return Ok(at);
    }
    let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$').collect();
    if name.is_empty() || matches!(name.as_str(), "async" | "function") {
        return Err("the configuration is made by a function, which kennisbank does not run".into());
    }
    for keyword in ["const ", "let ", "var "] {
        let declaration = format!("{keyword}{name}");
        let mut from = 0;
        while let Some(found) = code[from..].find(&declaration) {
            let end = from + found + declaration.len();
            from = end;
            if code[end..].starts_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let value = assignment(code, end).ok_or(format!("`{name}` is declared without `= {{...}}`"))?;
            if code[value..].starts_with('{') {
                return Ok(value);
            }
            return Err(format!(
                "`{name}` is not an object literal (it is computed), which kennisbank does not run"
            ));
        }
    }
    Err(format!("the exported `{name}` is not declared in this file"))
}

/// The offset of the value after the `=` that follows a declared name, skipping its type
/// annotation (`const config: Config & {a: B} = {`).
fn assignment(code: &str, from: usize) -> Option<usize> {
    let bytes = code.as_bytes();
    let mut depth = 0i32;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' | b'`' => {
                i = string_end(bytes, i);
                continue;
            }
            b'{' | b'[' | b'(' | b'<' => depth += 1,
            b'}' | b']' | b')' => depth -= 1,
            b'>' if bytes[i - 1] != b'=' => depth -= 1,
            b'=' if depth == 0 && !matches!(bytes.get(i + 1), Some(b'=' | b'>')) => {
                let rest = code[i + 1..].trim_start();
                return Some(code.len() - rest.len());
            }
            b';' if depth == 0 => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

struct Reader<'a> {
    code: &'a str,
    pos: usize,
    lines: LineIndex,
    /// Objects and arrays open around `pos`.
    depth: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.code.as_bytes().get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    /// One value and what follows it up to the next `,` `}` `]` or `;`: `satisfies T` and `as T`
    /// keep the value; anything else (`|| "x"`, `.trim()`) makes it an expression.
    fn value(&mut self) -> Value {
        self.skip_space();
        let start = self.pos;
        let value = match self.peek() {
            Some(b'{' | b'[') if self.depth >= MAX_DEPTH => {
                let (open, close) = if self.peek() == Some(b'{') { (b'{', b'}') } else { (b'[', b']') };
                self.pos = self.matching(open, close);
                return Value::Unreadable(format!("a value nested more than {MAX_DEPTH} levels deep"));
            }
            Some(b'{') => {
                self.depth += 1;
                let object = self.object();
                self.depth -= 1;
                object
            }
            Some(b'[') => {
                self.depth += 1;
                let array = self.array();
                self.depth -= 1;
                array
            }
            Some(b'"' | b'\'' | b'`') => self.string(),
            Some(b) if b.is_ascii_digit() || b == b'-' || b == b'.' => self.number(),
            Some(_) => {
                let word: String = self.code[self.pos..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
                    .collect();
                self.pos += word.len();
                match word.as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    "null" | "undefined" => Value::Null,
                    _ => {
                        self.pos = start;
                        self.skip_expression();
                        return Value::Unreadable(describe(&self.code[start..self.pos]));
                    }
                }
            }
            None => return Value::Unreadable("nothing".into()),
        };
        self.skip_space();
        let rest = self.pos;
        self.skip_expression();
        let tail = self.code[rest..self.pos].trim();
        if tail.is_empty() || tail.starts_with("satisfies ") || tail.starts_with("as ") {
            value
        } else {
            Value::Unreadable(describe(&self.code[start..self.pos]))
        }
    }

    fn object(&mut self) -> Value {
        self.pos += 1;
        let mut entries = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                None => break,
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let line = self.lines.line(self.pos);
            if self.code[self.pos..].starts_with("...") {
                let start = self.pos;
                self.skip_expression();
                let spread = self.code[start..self.pos].trim().to_string();
                entries.push(Entry {
                    key: spread.clone(),
                    line,
                    value: Value::Unreadable(describe(&spread)),
                });
                continue;
            }
            let mut key = self.key();
            self.skip_space();
            // `async name() {}`, `get name() {}`: the name is the key.
            if matches!(key.as_str(), "async" | "get" | "set")
                && self.peek().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'*')
            {
                self.pos += usize::from(self.peek() == Some(b'*'));
                key = self.key();
                self.skip_space();
            }
            let value = match self.peek() {
                Some(b':') => {
                    self.pos += 1;
                    self.value()
                }
                Some(b',' | b'}') => Value::Unreadable(format!("the variable `{key}`")),
                _ => {
                    // A method (`sidebarItemsGenerator() {...}`, `async x() {}`): code.
                    self.skip_expression();
                    Value::Unreadable("a function".into())
                }
            };
            entries.push(Entry { key, line, value });
        }
        Value::Table(entries)
    }

    fn key(&mut self) -> String {
        match self.peek() {
            Some(b'"' | b'\'') => self.string().text().unwrap_or_default(),
            Some(b'[') => {
                let start = self.pos;
                self.pos = self.matching(b'[', b']');
                self.code[start..self.pos].to_string()
            }
            _ => {
                let word: String = self.code[self.pos..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
                    .collect();
                // Past at least one whole character, so the scan always moves on.
                let first = self.code[self.pos..].chars().next().map_or(1, char::len_utf8);
                self.pos += word.len().max(first);
                word
            }
        }
    }

    fn array(&mut self) -> Value {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                None => break,
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                Some(b',') => self.pos += 1,
                _ => {
                    let before = self.pos;
                    items.push(self.value());
                    if self.pos == before {
                        // A bracket that closes something else (`[ }`): the array ends here.
                        items.pop();
                        break;
                    }
                }
            }
        }
        Value::List(items)
    }

    fn string(&mut self) -> Value {
        let start = self.pos;
        let quote = self.code.as_bytes()[start];
        self.pos = string_end(self.code.as_bytes(), start);
        // An unclosed string runs to the end of the file (which may end inside a character).
        let closed = self.pos > start + 1 && self.code.as_bytes()[self.pos - 1] == quote;
        let inner = &self.code[start + 1..if closed { self.pos - 1 } else { self.pos }];
        if quote == b'`' && inner.contains("${") {
            return Value::Unreadable(describe(&self.code[start..self.pos]));
        }
        Value::Text(unescape(inner))
    }

    fn number(&mut self) -> Value {
        let start = self.pos;
        let text: String = self.code[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_'))
            .collect();
        self.pos += text.len();
        text.replace('_', "").parse().map_or_else(|_| Value::Unreadable(describe(&text)), Value::Number)
    }

    /// The offset past the bracket that closes the one at `pos`.
    fn matching(&self, open: u8, close: u8) -> usize {
        let bytes = self.code.as_bytes();
        let mut depth = 0;
        let mut i = self.pos;
        while i < bytes.len() {
            match bytes[i] {
                b'"' | b'\'' | b'`' => {
                    i = string_end(bytes, i);
                    continue;
                }
                b if b == open => depth += 1,
                b if b == close => {
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        bytes.len()
    }

    /// Moves to the next `,`, `}`, `]` or `;` outside brackets and strings (not past it).
    fn skip_expression(&mut self) {
        let bytes = self.code.as_bytes();
        let mut depth = 0i32;
        while self.pos < bytes.len() {
            match bytes[self.pos] {
                b'"' | b'\'' | b'`' => {
                    self.pos = string_end(bytes, self.pos);
                    continue;
                }
                b'{' | b'[' | b'(' => depth += 1,
                b'}' | b']' | b')' if depth == 0 => return,
                b'}' | b']' | b')' => depth -= 1,
                b',' | b';' if depth == 0 => return,
                _ => {}
            }
            self.pos += 1;
        }
    }
}

/// A few words on an expression that was not read: its first line, shortened.
fn describe(expression: &str) -> String {
    let first = expression.trim().lines().next().unwrap_or_default().trim();
    let short: String = first.chars().take(48).collect();
    let more =
        if short.len() < first.len() || expression.trim().lines().nth(1).is_some() { "..." } else { "" };
    format!("the expression `{short}{more}`")
}

fn unescape(text: &str) -> String {
    if !text.contains('\\') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Written for this test in the shape of real Docusaurus configs: imports, a typed const,
    /// comments with braces and URLs, functions, template literals, `satisfies`.
    const CONFIG: &str = r#"// import { themes } from "prism-react-renderer";
import type { Config } from "@docusaurus/types";
import { readFileSync } from "fs";

function redirects(): Array<{ from: string; to: string }> {
  return [];
}

/* A block comment { with braces } and "quotes" */
const config: Config & { customFields: Config["customFields"] & { x: string } } = {
  title: "Kennis van de gemeente",
  tagline: 'Alles over "signalen"', // a comment after a value
  url: "https://kennis.example.nl",
  baseUrl: "/gids/",
  favicon: `img/favicon.ico`,
  customFields: { key: process.env.SECRET_KEY },
  i18n: {
    defaultLocale: "nl",
    locales: ["nl", "en"],
  },
  presets: [
    [
      "classic",
      {
        docs: {
          path: "handreikingen",
          routeBasePath: "kennisbank",
          sidebarItemsGenerator: async function ({ defaultSidebarItemsGenerator, ...args }) {
            return defaultSidebarItemsGenerator(args);
          },
        },
        blog: false,
      } satisfies Preset.Options,
    ],
  ],
  plugins: [redirects()],
  footer: { html: `<div class="x">${year}</div>` },
  async headTags() { return []; },
  ...shared,
};

export default config;
"#;

    #[test]
    fn reads_the_exported_object_without_running_it() {
        let v = config_object(CONFIG).unwrap();
        let text = |path: &str| v.at(path).and_then(Value::text);
        assert_eq!(text("title").as_deref(), Some("Kennis van de gemeente"));
        assert_eq!(text("tagline").as_deref(), Some("Alles over \"signalen\""));
        assert_eq!(text("baseUrl").as_deref(), Some("/gids/"));
        assert_eq!(text("favicon").as_deref(), Some("img/favicon.ico"));
        assert_eq!(text("i18n.defaultLocale").as_deref(), Some("nl"));
        assert_eq!(v.at("i18n.locales").map(|l| l.items().len()), Some(2));
        assert_eq!(v.entry("title").map(|e| e.line), Some(11));
        assert_eq!(v.entry("i18n").map(|e| e.line), Some(17));
        let classic = &v.get("presets").unwrap().items()[0].items()[1];
        assert_eq!(classic.at("docs.path").and_then(Value::text).as_deref(), Some("handreikingen"));
        assert_eq!(classic.at("blog"), Some(&Value::Bool(false)));
        assert!(matches!(classic.at("docs.sidebarItemsGenerator"), Some(Value::Unreadable(_))));
    }

    #[test]
    fn computed_values_are_unreadable_and_say_what_they_are() {
        let v = config_object(CONFIG).unwrap();
        let why = |path: &str| match v.at(path) {
            Some(Value::Unreadable(why)) => why.clone(),
            other => panic!("{path}: {other:?}"),
        };
        assert_eq!(why("customFields.key"), "the expression `process.env.SECRET_KEY`");
        assert_eq!(why("footer.html"), "the expression ``<div class=\"x\">${year}</div>``");
        assert_eq!(why("headTags"), "a function");
        assert!(matches!(v.get("plugins").map(Value::items), Some([Value::Unreadable(_)])));
        assert!(v.entry("...shared").is_some(), "{v:?}");
    }

    #[test]
    fn other_export_forms() {
        let v = config_object("module.exports = {\n  title: 'Oud', url: 'https://a.nl', baseUrl: '/' };")
            .unwrap();
        assert_eq!(v.get("title").and_then(Value::text).as_deref(), Some("Oud"));
        let v = config_object("export default {title: \"Direct\"};").unwrap();
        assert_eq!(v.get("title").and_then(Value::text).as_deref(), Some("Direct"));
        let e = config_object("export default async function createConfig() { return {}; }").unwrap_err();
        assert!(e.contains("made by a function"), "{e}");
        let e = config_object("const config = makeConfig();\nexport default config;").unwrap_err();
        assert!(e.contains("not an object literal"), "{e}");
        assert!(config_object("const x = 1;").is_err());
    }

    #[test]
    fn json_is_read_the_same_way() {
        let v = first_object("{\n  \"title\": \"Hugo\",\n  \"params\": {\"n\": 3, \"ok\": true}\n}").unwrap();
        assert_eq!(v.at("params.n"), Some(&Value::Number(3.0)));
        assert_eq!(v.entry("params").map(|e| e.line), Some(3));
    }

    /// Issue 30, item 4: an array closed by the wrong bracket made the reader loop forever,
    /// pushing one unreadable item after another until memory ran out.
    #[test]
    fn a_wrong_closing_bracket_ends_the_array() {
        let v = config_object("export default { t: [ };").unwrap();
        assert_eq!(v.get("t"), Some(&Value::List(Vec::new())));
        let v = config_object("export default { t: [1, ), title: 'x' };").unwrap();
        assert_eq!(v.get("t").map(|t| t.items().len()), Some(1), "{v:?}");
    }

    /// Broken and hostile files are read to an end without a panic, a hang or a deep stack.
    #[test]
    fn broken_files_are_read_to_an_end() {
        let deep_arrays = format!("export default {{ a: {} }}", "[".repeat(200_000));
        let deep_objects = format!("export default {{ {} }}", "a: {".repeat(100_000));
        let deep_templates = format!("export default {{ a: {} }}", "`${".repeat(100_000));
        let cases = [
            "export default { → : 1 }".to_string(),
            "export default { a: \"é".to_string(),
            "export default { a: 'x\\é".to_string(),
            "export default { ] ) ; } ".to_string(),
            "export default [ { ".to_string(),
            "export default { t: [ [ [ } } }".to_string(),
            deep_arrays,
            deep_objects,
            deep_templates,
        ];
        for source in &cases {
            let started = std::time::Instant::now();
            let _ = config_object(source);
            let _ = first_object(source);
            let head: String = source.chars().take(30).collect();
            assert!(started.elapsed().as_secs() < 5, "{head} took {:?}", started.elapsed());
        }
        let v = config_object(&format!("export default {{ a: {}1{} }}", "[".repeat(100), "]".repeat(100)))
            .unwrap();
        assert!(matches!(v.get("a"), Some(Value::List(_))), "{v:?}");
    }

    /// Reading is linear: 8 times the input takes nowhere near 64 times as long.
    #[test]
    fn reading_time_grows_linearly() {
        let source = |n: usize| format!("export default {{ {} }}", "k: [ 'a', {b: 1}, `c` ], ".repeat(n));
        assert_eq!(config_object(&source(2_000)).unwrap().entries().len(), 2_000);
        kb_core::scaling::assert_linear("N keys", 2_000, source, |s| {
            config_object(s).unwrap();
        });
    }
}
