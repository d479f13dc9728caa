//! The lines of a body being prepared, and what every dialect pass shares: where each line
//! came from in the original body, which lines are fenced code (never touched), the notes a
//! pass leaves, and the marker lines it writes in place of another generator's syntax.

use super::markers;

/// One line of the body being prepared, without its newline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    /// Byte offset in the original body that the first byte of `text` comes from.
    pub origin: usize,
    /// Where text was cut out of the line: (byte in `text`, original offset from there on).
    pub jumps: Vec<(usize, usize)>,
}

impl Line {
    pub fn new(text: impl Into<String>, origin: usize) -> Self {
        Self { text: text.into(), origin, jumps: Vec::new() }
    }

    /// The original offset of byte `at` of `text`.
    /// (Jumps are in order of their byte, so they are found by binary search: a line cut many
    /// times stays linear to build.)
    pub fn origin_at(&self, at: usize) -> usize {
        let k = self.jumps.partition_point(|(i, _)| *i <= at);
        let (from, origin) = if k == 0 { (0, self.origin) } else { self.jumps[k - 1] };
        origin + (at - from)
    }

    /// The line from byte `at` on (keeping its origins).
    pub fn from(&self, at: usize) -> Line {
        self.slice(at, self.text.len())
    }

    /// The line up to byte `at`.
    pub fn until(&self, at: usize) -> Line {
        let hi = self.jumps.partition_point(|(i, _)| *i < at);
        Line { text: self.text[..at].to_string(), origin: self.origin, jumps: self.jumps[..hi].to_vec() }
    }

    /// Bytes `start..end` of the line (keeping their origins), copying only those.
    pub fn slice(&self, start: usize, end: usize) -> Line {
        let lo = self.jumps.partition_point(|(i, _)| *i <= start);
        let hi = self.jumps.partition_point(|(i, _)| *i < end).max(lo);
        let jumps = self.jumps[lo..hi].iter().map(|(i, o)| (i - start, *o)).collect();
        Line { text: self.text[start..end].to_string(), origin: self.origin_at(start), jumps }
    }

    /// `self` followed by `other` on one line (what was between them is left out).
    pub fn joined(mut self, other: &Line) -> Line {
        self.append(other);
        self
    }

    /// Appends `other` in place (what was between them is left out): a line built from many
    /// pieces costs the length of the pieces, not that times their number.
    pub fn append(&mut self, other: &Line) {
        let at = self.text.len();
        self.jumps.push((at, other.origin));
        self.jumps.extend(other.jumps.iter().map(|(i, o)| (at + i, *o)));
        self.text.push_str(&other.text);
    }

    /// Leading spaces (a tab counts as four).
    pub fn indent(&self) -> usize {
        columns(&self.text)
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The line without its first `width` columns of indentation (fewer if it has fewer).
    pub fn dedent(&self, width: usize) -> Line {
        let mut taken = 0;
        let mut bytes = 0;
        for c in self.text.chars() {
            let w = match c {
                ' ' => 1,
                '\t' => 4,
                _ => break,
            };
            if taken + w > width {
                break;
            }
            taken += w;
            bytes += 1;
        }
        self.from(bytes)
    }
}

/// Tracks fenced code blocks (``` or ~~~, at any indentation) so passes leave code alone.
#[derive(Debug, Default)]
pub struct Fences {
    /// The open fence: its character, its length and its indentation (in columns).
    open: Option<(char, usize, usize)>,
}

impl Fences {
    /// Whether `text` is a fence line or inside fenced code (call once per line, in order).
    ///
    /// A fence opens at any indentation (a pass may see an admonition's body before it is
    /// dedented), but closes only at less than four columns more than its opening line: as in
    /// CommonMark, where a closing fence has at most three spaces of indentation, a fence
    /// indented four more is the text of the code (the inner fences of a fenced example of
    /// nested blocks).
    pub fn is_code(&mut self, text: &str) -> bool {
        let trimmed = text.trim_start();
        let fence = ['`', '~'].into_iter().find_map(|c| {
            let n = trimmed.chars().take_while(|x| *x == c).count();
            (n >= 3).then_some((c, n))
        });
        match (self.open, fence) {
            (Some((c, n, indent)), Some((fc, fn_)))
                if c == fc && fn_ >= n && trimmed[fn_..].trim().is_empty() && columns(text) < indent + 4 =>
            {
                self.open = None;
                true
            }
            (Some(_), _) => true,
            (None, Some((c, n))) => {
                // A backtick fence's info string cannot hold a backtick (that is inline code).
                if c == '~' || !trimmed[n..].contains('`') {
                    self.open = Some((c, n, columns(text)));
                    return true;
                }
                false
            }
            (None, None) => false,
        }
    }

    /// The line that closes the fence left open, at the indentation of its opening line.
    pub fn closing(&self) -> Option<String> {
        self.open.map(|(c, n, indent)| format!("{}{}", " ".repeat(indent), c.to_string().repeat(n)))
    }
}

/// Leading whitespace in columns (a tab counts as four), as [`Line::indent`].
fn columns(text: &str) -> usize {
    text.chars()
        .map_while(|c| match c {
            ' ' => Some(1),
            '\t' => Some(4),
            _ => None,
        })
        .sum()
}

/// A problem found while preparing: at a byte offset of the original body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialectNote {
    pub offset: usize,
    pub len: usize,
    pub message: String,
    pub hint: String,
    /// An error (a shortcode that cannot be rendered) rather than a warning.
    pub error: bool,
}

pub fn split(body: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut origin = 0;
    for raw in body.split_inclusive('\n') {
        let text = raw.strip_suffix('\n').unwrap_or(raw);
        lines.push(Line::new(text, origin));
        origin += raw.len();
    }
    lines
}

/// A line holding only `marker`, at the indentation of `like` and with its origin.
pub fn marker_line(like: &Line, marker: &str) -> Line {
    let indent = like.text.len() - like.text.trim_start().len();
    Line::new(format!("{}{marker}", &like.text[..indent]), like.origin)
}

/// The attribute value written as `name="value"` (or `'value'`) in a tag or directive.
pub fn attribute<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = text[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || text[..at].ends_with(|c: char| c.is_whitespace() || c == '{' || c == '<');
        let rest = text[at + name.len()..].trim_start();
        let Some(rest) = rest.strip_prefix('=').map(str::trim_start) else { continue };
        if !before_ok {
            continue;
        }
        let quote = rest.chars().next()?;
        if quote == '"' || quote == '\'' {
            let end = rest[1..].find(quote)?;
            return Some(&rest[1..1 + end]);
        }
        if quote == '{' {
            let inner = rest[1..].split('}').next()?.trim();
            return Some(inner.trim_matches(['"', '\'', '`']));
        }
        return rest.split(|c: char| c.is_whitespace() || c == '>').next();
    }
    None
}

/// Escapes a marker attribute value (kept out of `-->` and quotes).
pub fn marker(name: &str, attributes: &[(&str, &str)]) -> String {
    markers::write(name, attributes)
}
