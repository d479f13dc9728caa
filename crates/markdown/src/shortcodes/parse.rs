//! Finding shortcode calls in one line of markdown, outside inline code spans.
//!
//! Zola: `{{ name(key="value", n=3) }}` inline, `{% name(args) %}` opening a body that
//! `{% end %}` closes; `{{/* ... */}}` and `{%/* ... */%}` write the call itself as text.
//! Hugo: `{{< name key="v" "positional" >}}` and `{{% name %}}`, closed by `{{< /name >}}`
//! (when there is a closing tag), `{{< name />}}` self-closing; `{{</* ... */>}}` escapes.
//! Positional Hugo arguments are named `_0`, `_1`, ... for the templates.

use serde_json::Value;

/// A call's arguments by name, in the order written.
pub type Arguments = Vec<(String, Value)>;

/// What one `{{ ... }}` or `{% ... %}` in the text is.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// An escaped call: the text to write instead (the call without the comment marks).
    Escaped(String),
    Call(Call),
    /// `{% end %}` (no name) or `{{< /name >}}`.
    Close(Option<String>),
    /// `{{ name(` that starts a call but cannot be read as one: an error at its place, never
    /// text left in the page.
    Malformed {
        message: String,
        hint: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Vec<(String, Value)>,
    /// Zola's `{% name() %}`: a body up to `{% end %}` must follow.
    pub needs_body: bool,
    /// Hugo syntax: a body follows when a closing `{{< /name >}}` does.
    pub hugo: bool,
    /// Hugo's `{{< name />}}`.
    pub self_closing: bool,
}

/// A token and its byte range in the line.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub token: Token,
}

/// The calls, closings and escapes in `text`, in order. Text that only looks a little like a
/// call (`{{ variable }}`, `{% if x %}`) is not one and stays text.
pub fn scan(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => i = after_code_span(text, i),
            b'{' => match token_at(&text[i..]) {
                Some((len, token)) => {
                    found.push(Found { start: i, end: i + len, token });
                    i += len;
                }
                None => i += 1,
            },
            _ => i += 1,
        }
    }
    found
}

/// The end of the code span opened by the backticks at `at` (or just past those backticks
/// when nothing closes them). Other passes that must not read code use it too.
pub fn after_code_span(text: &str, at: usize) -> usize {
    let run = text[at..].bytes().take_while(|b| *b == b'`').count();
    let mut from = at + run;
    while let Some(i) = text[from..].find('`') {
        let start = from + i;
        let n = text[start..].bytes().take_while(|b| *b == b'`').count();
        if n == run {
            return start + n;
        }
        from = start + n;
    }
    at + run
}

/// The longest call kennisbank reads, in bytes. Searching for a call's end in the rest of the
/// line would make a line of N unclosed `{{<` cost N squared; a call is a name and a few
/// arguments, and anything longer stays text.
pub const MAX_CALL_LEN: usize = 4096;

fn token_at(text: &str) -> Option<(usize, Token)> {
    let mut window = text.len().min(MAX_CALL_LEN);
    while !text.is_char_boundary(window) {
        window -= 1;
    }
    let text = &text[..window];
    for (open, close, shown_open, shown_close) in [
        ("{{</*", "*/>}}", "{{<", ">}}"),
        ("{{%/*", "*/%}}", "{{%", "%}}"),
        ("{{/*", "*/}}", "{{", "}}"),
        ("{%/*", "*/%}", "{%", "%}"),
    ] {
        if let Some(rest) = text.strip_prefix(open) {
            let end = rest.find(close)?;
            let shown = format!("{shown_open}{}{shown_close}", &rest[..end]);
            return Some((open.len() + end + close.len(), Token::Escaped(shown)));
        }
    }
    for (open, close) in [("{{<", ">}}"), ("{{%", "%}}")] {
        if let Some(rest) = text.strip_prefix(open) {
            let end = find_outside_quotes(rest, close)?;
            let token = hugo(rest[..end].trim())?;
            return Some((open.len() + end + close.len(), token));
        }
    }
    if let Some(rest) = text.strip_prefix("{{") {
        let Some((len, name, args)) = zola_call(rest) else {
            return malformed(text, "{{", "}}", rest);
        };
        let rest_after = rest[len..].trim_start();
        let Some(close) = rest_after.strip_prefix("}}") else {
            return malformed(text, "{{", "}}", rest);
        };
        let total = text.len() - close.len();
        return Some((
            total,
            Token::Call(Call { name, args, needs_body: false, hugo: false, self_closing: false }),
        ));
    }
    if let Some(rest) = text.strip_prefix("{%") {
        let trimmed = rest.trim_start();
        if let Some(after) = trimmed.strip_prefix("end") {
            let close = after.trim_start().strip_prefix("%}")?;
            return Some((text.len() - close.len(), Token::Close(None)));
        }
        let Some((len, name, args)) = zola_call(rest) else {
            return malformed(text, "{%", "%}", rest);
        };
        let Some(close) = rest[len..].trim_start().strip_prefix("%}") else {
            return malformed(text, "{%", "%}", rest);
        };
        return Some((
            text.len() - close.len(),
            Token::Call(Call { name, args, needs_body: true, hugo: false, self_closing: false }),
        ));
    }
    None
}

/// `text` (at `open`, `rest` after it) starts like a call, `{{ name(`, but is none: what is
/// wrong with it, over the text up to its `close` (or the name and bracket when nothing
/// closes it). `None` when it does not start like a call (`{{ variable }}` stays text).
fn malformed(text: &str, open: &str, close: &str, rest: &str) -> Option<(usize, Token)> {
    let lead = rest.len() - rest.trim_start().len();
    let name_len = rest[lead..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
    if name_len == 0 || !rest[lead + name_len..].starts_with('(') {
        return None;
    }
    // A broken call ends at the next call at the latest: reading on to the window's end for
    // each of N broken calls on one line would cost N times the window.
    let rest = &rest[..next_opening(rest, lead + name_len).unwrap_or(rest.len())];
    let name = &rest[lead..lead + name_len];
    let ends = find_outside_quotes(rest, close).map(|i| open.len() + i + close.len());
    let len = ends.unwrap_or(open.len() + lead + name_len + 1);
    let inner = &rest[lead + name_len + 1..];
    let (message, hint) = match find_outside_quotes(inner, ")") {
        None => (
            format!("the shortcode call `{name}(` has no closing `)`"),
            format!("close the arguments and the call: `{open} {name}(key=\"value\") {close}`"),
        ),
        Some(end) if zola_args(&inner[..end]).is_none() => (
            format!("the arguments of the shortcode `{name}` cannot be read"),
            "write each as key=\"text\", key=3 or key=true, separated by commas, like              {{ tel(nummer=\"0800-2000\") }}"
                .to_string(),
        ),
        Some(end) if inner[end + 1..].trim_start().starts_with('|') => (
            format!("`|` after the shortcode `{name}(...)`: filters like `| safe` are for templates"),
            format!("in a page, write the call alone: `{open} {name}(...) {close}`"),
        ),
        Some(_) => (
            format!("the shortcode call `{name}(...)` does not end with `{close}`"),
            format!("end the call with `{close}` right after its `)`"),
        ),
    };
    Some((len.min(text.len()), Token::Malformed { message, hint }))
}

/// ` name(key=value, ...)`: its length, the name and the arguments.
fn zola_call(text: &str) -> Option<(usize, String, Arguments)> {
    let lead = text.len() - text.trim_start().len();
    let rest = &text[lead..];
    let name_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
    if name_len == 0 || !rest[name_len..].starts_with('(') {
        return None;
    }
    let inner_start = name_len + 1;
    let close = find_outside_quotes(&rest[inner_start..], ")")?;
    let args = zola_args(&rest[inner_start..inner_start + close])?;
    Some((lead + inner_start + close + 1, rest[..name_len].to_string(), args))
}

fn zola_args(text: &str) -> Option<Arguments> {
    let mut args = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let eq = rest.find('=')?;
        let key = rest[..eq].trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        let (value, len) = value(rest[eq + 1..].trim_start())?;
        let consumed = rest.len() - rest[eq + 1..].trim_start().len() + len;
        args.push((key.to_string(), value));
        rest = rest[consumed..].trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    }
    Some(args)
}

/// A Hugo call's inside: `name k="v" "pos"`, `/name`, `name k=v /`.
fn hugo(inner: &str) -> Option<Token> {
    if let Some(name) = inner.strip_prefix('/') {
        return Some(Token::Close(Some(name.trim().to_string())));
    }
    let (inner, self_closing) = match inner.strip_suffix('/') {
        Some(i) => (i.trim_end(), true),
        None => (inner, false),
    };
    let name_len = inner.find(char::is_whitespace).unwrap_or(inner.len());
    let name = &inner[..name_len];
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '/')
    {
        return None;
    }
    let mut args = Vec::new();
    let mut rest = inner[name_len..].trim_start();
    let mut position = 0;
    while !rest.is_empty() {
        let key_len =
            rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(rest.len());
        let (key, value_text) = if key_len > 0 && rest[key_len..].starts_with('=') {
            (rest[..key_len].to_string(), &rest[key_len + 1..])
        } else {
            position += 1;
            (format!("_{}", position - 1), rest)
        };
        let (v, len) = value(value_text).or_else(|| {
            let len = value_text.find(char::is_whitespace).unwrap_or(value_text.len());
            Some((Value::String(value_text[..len].to_string()), len))
        })?;
        args.push((key, v));
        rest = value_text[len..].trim_start();
    }
    Some(Token::Call(Call { name: name.to_string(), args, needs_body: false, hugo: true, self_closing }))
}

/// A literal at the start of `text`: a quoted string, number, boolean or `[list]`; and its length.
fn value(text: &str) -> Option<(Value, usize)> {
    let first = text.chars().next()?;
    if matches!(first, '"' | '\'' | '`') {
        let end = text[1..].find(first)?;
        return Some((Value::String(text[1..1 + end].to_string()), end + 2));
    }
    if first == '[' {
        let mut items = Vec::new();
        let mut at = 1;
        loop {
            let rest = &text[at..];
            let trimmed = rest.trim_start();
            at += rest.len() - trimmed.len();
            if let Some(after) = trimmed.strip_prefix(']') {
                let _ = after;
                return Some((Value::Array(items), at + 1));
            }
            let (item, len) = value(trimmed)?;
            items.push(item);
            at += len;
            let rest = &text[at..];
            let trimmed = rest.trim_start();
            at += rest.len() - trimmed.len();
            if trimmed.starts_with(',') {
                at += 1;
            }
        }
    }
    let len = text.find(|c: char| c == ',' || c == ')' || c.is_whitespace()).unwrap_or(text.len());
    let word = &text[..len];
    let v = match word {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => {
            if let Ok(n) = word.parse::<i64>() {
                Value::from(n)
            } else if let Ok(f) = word.parse::<f64>() {
                Value::from(f)
            } else {
                return None;
            }
        }
    };
    Some((v, len))
}

/// Where the next `{{` or `{%` starts in `text`, from byte `from` on.
fn next_opening(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    (from..bytes.len().saturating_sub(1)).find(|&i| bytes[i] == b'{' && matches!(bytes[i + 1], b'{' | b'%'))
}

/// The first `needle` in `text` that is not inside a quoted string.
fn find_outside_quotes(text: &str, needle: &str) -> Option<usize> {
    let first = needle.as_bytes()[0];
    let mut quote: Option<u8> = None;
    // Quotes and needles are ASCII, so bytes are compared; a multi-byte character never
    // holds an ASCII byte.
    for (i, &b) in text.as_bytes().iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if matches!(b, b'"' | b'\'' | b'`') => quote = Some(b),
            None if b == first && text.as_bytes()[i..].starts_with(needle.as_bytes()) => return Some(i),
            None => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(text: &str) -> Call {
        match scan(text).into_iter().next().map(|f| f.token) {
            Some(Token::Call(c)) => c,
            other => panic!("no call in {text}: {other:?}"),
        }
    }

    #[test]
    fn zola_calls_with_arguments() {
        let c = call("Zie {{ chart(data=\"a.csv\", n=3, ok=true, tags=[\"a\", 'b']) }} hier");
        assert_eq!(c.name, "chart");
        assert_eq!(c.args[0], ("data".into(), Value::from("a.csv")));
        assert_eq!(c.args[1], ("n".into(), Value::from(3)));
        assert_eq!(c.args[2], ("ok".into(), Value::Bool(true)));
        assert_eq!(c.args[3].1, serde_json::json!(["a", "b"]));
        let found = &scan("Zie {{ x() }} hier")[0];
        assert_eq!((found.start, found.end), (4, 13));
        let c = call("{% details(summary=\"Meer, (veel) meer\") %}");
        assert!(c.needs_body);
        assert_eq!(c.args[0].1, Value::from("Meer, (veel) meer"));
        assert_eq!(scan("{% end %}")[0].token, Token::Close(None));
    }

    #[test]
    fn hugo_calls_closings_and_positionals() {
        let c = call("{{< video src=\"a.mp4\" \"tweede\" >}}");
        assert!(c.hugo);
        assert_eq!(c.args, vec![("src".into(), Value::from("a.mp4")), ("_0".into(), Value::from("tweede"))]);
        assert_eq!(scan("{{< /details >}}")[0].token, Token::Close(Some("details".into())));
        assert_eq!(call("{{% ref \"a.md\" %}}").args[0].1, Value::from("a.md"));
        assert!(call("{{< br />}}").self_closing);
    }

    #[test]
    fn escapes_code_and_lookalikes() {
        assert_eq!(scan("{{/* chart() */}}")[0].token, Token::Escaped("{{ chart() }}".into()));
        assert_eq!(scan("{%/* x() */%}")[0].token, Token::Escaped("{% x() %}".into()));
        assert_eq!(scan("{{</* ref \"a\" */>}}")[0].token, Token::Escaped("{{< ref \"a\" >}}".into()));
        assert!(scan("`{{ chart() }}` en ``{{< x >}}``").is_empty());
        assert!(scan("{{ page.title }} {% if x %} { .class }").is_empty());
    }

    #[test]
    fn calls_that_cannot_be_read_are_malformed_not_text() {
        let message = |text: &str| match &scan(text)[0].token {
            Token::Malformed { message, .. } => message.clone(),
            other => panic!("{text}: {other:?}"),
        };
        assert!(message("{{ tel(nummer=) }}").contains("arguments of the shortcode `tel`"));
        assert!(message("{{ chart(data=\"a.csv\") | safe }}").contains("filters like `| safe`"));
        assert!(message("{{ chart(data=\"a.csv\"").contains("no closing `)`"));
        assert!(message("{% details(summary=\"x\") }}").contains("does not end with `%}`"));
        // The whole call is the place, up to its close.
        assert_eq!(scan("a {{ tel(nummer=) }} b")[0].end, "a {{ tel(nummer=) }}".len());
    }
}
