//! Shortcodes: a template called from a page body, in Zola's syntax (`{{ name(k="v") }}`,
//! `{% name(k="v") %} body {% end %}`) or Hugo's (`{{< name k="v" >}}`, `{{% name %}}`, with
//! `{{< /name >}}` closing a body). Both go to the same templates in `templates/shortcodes/`.
//!
//! This is the first pass of `prepare`, so a shortcode's markdown output meets the other
//! passes like the author's own text. A template's HTML is carried in an `html` marker (it is
//! the theme's or site's, so the `raw_html` policy does not apply to it); a call with a body
//! on lines of its own is rendered once with a stand-in for the body, and the HTML before and
//! after the stand-in wraps the body's lines, which stay the author's markdown with their
//! offsets. Code (fenced blocks, inline spans) is never read. Problems are errors at the
//! call, with the names there are.

mod parse;
mod templates;

pub use parse::after_code_span;
pub use templates::{BODY, CallError, Output, Shortcodes};

use parse::{Call, Found, Token};

use super::lines::{DialectNote, Fences, Line, marker, marker_line};

/// Hugo's built-in shortcodes that embed a player from another host. The theme's templates
/// of these names render a link to the video instead, and the build says so once.
const EXTERNAL_VIDEOS: &[&str] = &["youtube", "vimeo"];

/// The warning for a video of [`EXTERNAL_VIDEOS`]: said once per site (the library keeps
/// the first), as it is the same for every call.
pub const VIDEO_LINK_WARNING: &str =
    "a YouTube or Vimeo video is shown as a link to the video, not played on the page";

/// Expands every shortcode call in `lines` (nothing when `shortcodes` is not active).
///
/// Each line is scanned once and every body's closing line is found in one pass with a stack
/// per kind of call, so the work is linear in the body: N unclosed calls, or N calls nested in
/// each other, cost N, not N squared (in time or in copies of the lines).
pub fn prepare(lines: Vec<Line>, shortcodes: &Shortcodes, notes: &mut Vec<DialectNote>) -> Vec<Line> {
    if !shortcodes.active() || !lines.iter().any(|l| l.text.contains("{{") || l.text.contains("{%")) {
        return lines;
    }
    let lines = join_spread_calls(lines);
    let mut fences = Fences::default();
    // `None` for a line of fenced code, which is never read.
    let scans: Vec<Option<Vec<Found>>> =
        lines.iter().map(|l| (!fences.is_code(&l.text)).then(|| parse::scan(&l.text))).collect();
    let closes = closing_lines(&lines, &scans);
    let body = Body { lines: &lines, scans: &scans, closes: &closes, shortcodes };
    let mut out = Vec::with_capacity(lines.len());
    body.expand(0..lines.len(), notes, &mut out);
    out
}

/// The most lines one call may be spread over (`{{ chart(a="x",` and its arguments below).
const MAX_CALL_LINES: usize = 12;

/// Lines with a call spread over several (its arguments one per line, as in a template) put
/// together into one, so that the call is read whole (each piece keeps its origin). A call
/// that does not end within [`MAX_CALL_LINES`] lines, or before a blank line, is left as it
/// is and reported where it starts.
fn join_spread_calls(lines: Vec<Line>) -> Vec<Line> {
    if !lines.iter().any(|l| opens_spread_call(&l.text)) {
        return lines;
    }
    let mut fences = Fences::default();
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        i += 1;
        if fences.is_code(&line.text) || !opens_spread_call(&line.text) {
            out.push(line.clone());
            continue;
        }
        let mut joined = line.clone();
        let mut end = None;
        for (j, next) in lines.iter().enumerate().skip(i).take(MAX_CALL_LINES - 1) {
            if next.is_blank() || joined.text.len() > parse::MAX_CALL_LEN {
                break;
            }
            let trimmed = next.text.trim_start();
            joined.append(&Line::new(" ", next.origin));
            joined.append(&next.from(next.text.len() - trimmed.len()));
            if !opens_spread_call(&joined.text) {
                end = Some(j);
                break;
            }
        }
        match end {
            Some(j) => {
                out.push(joined);
                i = j + 1;
            }
            None => out.push(line.clone()),
        }
    }
    out
}

/// Whether the last token of `text` is a call whose `(` is not closed on the line.
fn opens_spread_call(text: &str) -> bool {
    (text.contains("{{") || text.contains("{%"))
        && parse::scan(text).pop().is_some_and(|found| {
            matches!(found.token, Token::Malformed { ref message, .. } if message.contains("no closing `)`"))
        })
}

/// Whether `call` takes a body up to a closing call.
fn takes_body(call: &Call) -> bool {
    call.needs_body || (call.hugo && !call.self_closing)
}

/// For each line whose only token opens a body, the line that closes it (alone on its line),
/// counting nested calls of the same kind: Hugo calls by name, Zola's `{% %}` calls together.
fn closing_lines(lines: &[Line], scans: &[Option<Vec<Found>>]) -> Vec<Option<usize>> {
    let mut closes = vec![None; lines.len()];
    let mut zola: Vec<usize> = Vec::new();
    let mut hugo: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (j, found) in scans.iter().enumerate() {
        let Some(found) = found else { continue };
        for f in found {
            match &f.token {
                Token::Call(c) if c.needs_body => zola.push(j),
                Token::Call(c) if c.hugo && !c.self_closing => {
                    hugo.entry(c.name.as_str()).or_default().push(j)
                }
                Token::Close(name) => {
                    let open = match name {
                        Some(n) => hugo.get_mut(n.as_str()).and_then(Vec::pop),
                        None => zola.pop(),
                    };
                    if let Some(open) = open
                        && alone(&lines[open], scans[open].as_deref().unwrap_or_default()).is_some()
                        && alone(&lines[j], found).is_some()
                    {
                        closes[open] = Some(j);
                    }
                }
                _ => {}
            }
        }
    }
    closes
}

/// The lines of a body with what [`prepare`] found in them.
struct Body<'a> {
    lines: &'a [Line],
    scans: &'a [Option<Vec<Found>>],
    closes: &'a [Option<usize>],
    shortcodes: &'a Shortcodes,
}

impl Body<'_> {
    /// Expands the calls of lines `range` into `out`.
    fn expand(&self, range: std::ops::Range<usize>, notes: &mut Vec<DialectNote>, out: &mut Vec<Line>) {
        let mut i = range.start;
        while i < range.end {
            let line = &self.lines[i];
            let found = match &self.scans[i] {
                Some(found) if !found.is_empty() => found,
                _ => {
                    out.push(line.clone());
                    i += 1;
                    continue;
                }
            };
            if let Some(Token::Call(call)) = alone(line, found)
                && takes_body(call)
                && let Some(close) = self.closes[i].filter(|c| *c < range.end)
            {
                self.block(line, &found[0], call, i + 1..close, &self.lines[close], notes, out);
                i = close + 1;
                continue;
            }
            out.push(inline(line, found, self.shortcodes, notes));
            i += 1;
        }
    }

    /// A call with its body on lines `body`, closed by the line `close`.
    #[allow(clippy::too_many_arguments)]
    fn block(
        &self,
        open: &Line,
        found: &Found,
        call: &Call,
        body: std::ops::Range<usize>,
        close: &Line,
        notes: &mut Vec<DialectNote>,
        out: &mut Vec<Line>,
    ) {
        if let Some(e) = refused_url_argument(call) {
            notes.push(error(open, found, e));
            self.expand(body, notes, out);
            return;
        }
        let output = match self.shortcodes.render(&call.name, &call.args, Some(BODY)) {
            Ok(output) if wraps(&output) => output,
            Ok(_) => {
                // The template uses the body other than once: it gets the body's text instead.
                let mut lines = Vec::new();
                self.expand(body, notes, &mut lines);
                let text = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
                match self.shortcodes.render(&call.name, &call.args, Some(&text)) {
                    Ok(output) => place(open, close, &output, out, |out| out.extend(lines)),
                    Err(e) => {
                        notes.push(error(open, found, e));
                        out.extend(lines);
                    }
                }
                return;
            }
            Err(e) => {
                notes.push(error(open, found, e));
                self.expand(body, notes, out);
                return;
            }
        };
        place(open, close, &output, out, |out| self.expand(body, notes, out));
    }
}

/// A body's output around its lines: what comes before the stand-in at the opening call's
/// place, the body (written by `body`), what comes after at the closing call's place. Output
/// without a stand-in replaces the body.
fn place(open: &Line, close: &Line, output: &Output, out: &mut Vec<Line>, body: impl FnOnce(&mut Vec<Line>)) {
    let (text, html) = match output {
        Output::Html(t) => (t, true),
        Output::Markdown(t) => (t, false),
    };
    let Some((before, after)) = text.split_once(BODY) else {
        out.extend(piece(open, text, html));
        return;
    };
    out.extend(piece(open, before, html));
    body(out);
    out.extend(piece(close, after, html));
}

/// The arguments that become links or sources (`link`, `src`, ...) must not use a refused
/// scheme (`javascript:`, `data:`): the template would put them in an `href` as they are.
fn refused_url_argument(call: &Call) -> Option<CallError> {
    const URL_ARGUMENTS: [&str; 8] =
        ["link", "url", "href", "src", "captions", "poster", "image", "register"];
    call.args.iter().find_map(|(key, value)| {
        let text = value.as_str()?;
        if !URL_ARGUMENTS.contains(&key.as_str()) {
            return None;
        }
        let scheme = kb_core::url_scheme::refused_scheme(text)?;
        let (message, hint) = kb_core::url_scheme::problem(text, &scheme);
        Some(CallError { message: format!("`{key}` of `{}`: {message}", call.name), hint })
    })
}

/// The token when it is all the line holds (besides indentation).
fn alone<'a>(line: &Line, found: &'a [Found]) -> Option<&'a Token> {
    match found {
        [only] if line.text[..only.start].trim().is_empty() && line.text[only.end..].trim().is_empty() => {
            Some(&only.token)
        }
        _ => None,
    }
}

/// Whether the output holds the body's stand-in exactly once, and markdown output holds it
/// on a line of its own (inside a construct, like `> body`, the body's lines would leave it).
fn wraps(output: &Output) -> bool {
    match output {
        Output::Html(t) => t.matches(BODY).count() == 1,
        Output::Markdown(t) => t.matches(BODY).count() == 1 && t.lines().any(|l| l.trim() == BODY),
    }
}

/// Output placed on lines of its own at `like`'s position: HTML as one marker line,
/// markdown as its lines.
fn piece(like: &Line, text: &str, html: bool) -> Vec<Line> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    if html {
        return vec![marker_line(like, &marker("html", &[("html", text.trim())]))];
    }
    text.trim_matches('\n').split('\n').map(|t| Line::new(t, like.origin)).collect()
}

/// A line with its calls replaced by their output.
fn inline(line: &Line, found: &[Found], shortcodes: &Shortcodes, notes: &mut Vec<DialectNote>) -> Line {
    let mut result = line.until(0);
    // For each call, the first later token that closes it (found from the right, so that N
    // calls without a close cost N, not N squared).
    let mut next_close: Vec<Option<usize>> = vec![None; found.len()];
    let mut nearest: std::collections::HashMap<Option<&str>, usize> = std::collections::HashMap::new();
    for (k, f) in found.iter().enumerate().rev() {
        match &f.token {
            Token::Call(call) if takes_body(call) => {
                let kind = if call.hugo { Some(call.name.as_str()) } else { None };
                next_close[k] = nearest.get(&kind).copied();
            }
            Token::Close(name) => {
                nearest.insert(name.as_deref(), k);
            }
            _ => {}
        }
    }
    let mut pos = 0;
    let mut k = 0;
    let mut malformed_reported = false;
    while k < found.len() {
        let f = &found[k];
        result.append(&line.slice(pos, f.start));
        let mut end = f.end;
        let replacement = match &f.token {
            Token::Escaped(text) => text.clone(),
            Token::Malformed { message, hint } => {
                // One error per line: a line of N broken calls is one mistake repeated, and N
                // errors each quoting the whole line would cost N squared to print.
                if !malformed_reported {
                    malformed_reported = true;
                    let more =
                        found[k + 1..].iter().filter(|f| matches!(f.token, Token::Malformed { .. })).count();
                    let message = match more {
                        0 => message.clone(),
                        n => format!("{message} (and {n} more calls on this line that cannot be read)"),
                    };
                    notes.push(error(line, f, CallError { message, hint: hint.clone() }));
                }
                line.text[f.start..f.end].to_string()
            }
            Token::Close(name) => {
                let written = name.as_ref().map_or("{% end %}".to_string(), |n| format!("{{{{< /{n} >}}}}"));
                notes.push(error(
                    line,
                    f,
                    CallError {
                        message: format!("`{written}` closes no shortcode"),
                        hint: "remove it, or open the shortcode's body above it".into(),
                    },
                ));
                line.text[f.start..f.end].to_string()
            }
            Token::Call(call) => {
                let close = if takes_body(call) { next_close[k] } else { None };
                let body = close.map(|c| &line.text[f.end..found[c].start]);
                if call.needs_body && body.is_none() {
                    notes.push(error(
                        line,
                        f,
                        CallError {
                            message: format!("the shortcode `{}` has no `{{% end %}}`", call.name),
                            hint: "a `{% name() %}` call takes a body up to a `{% end %}`; without a body, write `{{ name() }}`"
                                .into(),
                        },
                    ));
                }
                if let Some(c) = close {
                    end = found[c].end;
                    k = c;
                }
                let refused = refused_url_argument(call);
                let rendered = if call.needs_body && body.is_none() {
                    Err(None)
                } else if let Some(e) = refused {
                    Err(Some(e))
                } else {
                    shortcodes.render(&call.name, &call.args, body).map_err(Some)
                };
                if rendered.is_ok() && EXTERNAL_VIDEOS.contains(&call.name.as_str()) {
                    notes.push(DialectNote {
                        error: false,
                        ..error(
                            line,
                            f,
                            CallError {
                                message: VIDEO_LINK_WARNING.into(),
                                hint: "this site never loads anything from another host: an embedded player would \
                                       tell the video site who reads the page. To play a video on the page, put the \
                                       file on this site and write {{ video(src=\"film.mp4\", captions=\"film.vtt\", \
                                       title=\"...\") }}"
                                    .into(),
                            },
                        )
                    });
                }
                match rendered {
                    Ok(Output::Html(html)) => marker("html", &[("html", html.trim())]),
                    Ok(Output::Markdown(text)) => text.trim_end_matches('\n').to_string(),
                    Err(e) => {
                        notes.extend(e.map(|e| error(line, f, e)));
                        line.text[f.start..end].to_string()
                    }
                }
            }
        };
        result.append(&Line::new(replacement, line.origin_at(f.start)));
        pos = end;
        k += 1;
    }
    result.append(&line.from(pos));
    result
}

fn error(line: &Line, found: &Found, e: CallError) -> DialectNote {
    DialectNote {
        offset: line.origin_at(found.start),
        len: found.end - found.start,
        message: e.message,
        hint: e.hint,
        error: true,
    }
}
