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
pub fn prepare(lines: Vec<Line>, shortcodes: &Shortcodes, notes: &mut Vec<DialectNote>) -> Vec<Line> {
    if !shortcodes.active() || !lines.iter().any(|l| l.text.contains("{{") || l.text.contains("{%")) {
        return lines;
    }
    let mut out = Vec::with_capacity(lines.len());
    let mut fences = Fences::default();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        i += 1;
        if fences.is_code(&line.text) {
            out.push(line.clone());
            continue;
        }
        let found = parse::scan(&line.text);
        if found.is_empty() {
            out.push(line.clone());
            continue;
        }
        if let Some(Token::Call(call)) = alone(line, &found)
            && (call.needs_body || (call.hugo && !call.self_closing))
            && let Some(close) = closing(&lines, i - 1, call)
        {
            let body = prepare(lines[i..close].to_vec(), shortcodes, notes);
            block(line, &found[0], call, body, &lines[close], shortcodes, notes, &mut out);
            i = close + 1;
            continue;
        }
        out.push(inline(line, &found, shortcodes, notes));
    }
    out
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

/// The index of the line that closes the body opened by `call` on line `open` (alone on its
/// line), counting nested calls of the same kind.
fn closing(lines: &[Line], open: usize, call: &Call) -> Option<usize> {
    let mut fences = Fences::default();
    let mut depth = 1;
    for (j, line) in lines.iter().enumerate().skip(open + 1) {
        if fences.is_code(&line.text) {
            continue;
        }
        let found = parse::scan(&line.text);
        for f in &found {
            match &f.token {
                Token::Call(c) if opens_like(c, call) => depth += 1,
                Token::Close(name) if closes(name, call) => {
                    depth -= 1;
                    if depth == 0 {
                        return alone(line, &found).is_some().then_some(j);
                    }
                }
                _ => {}
            }
        }
    }
    None
}

fn opens_like(c: &Call, call: &Call) -> bool {
    if call.hugo { c.hugo && c.name == call.name && !c.self_closing } else { c.needs_body }
}

fn closes(name: &Option<String>, call: &Call) -> bool {
    match name {
        Some(n) => call.hugo && *n == call.name,
        None => !call.hugo,
    }
}

/// A call with its body on the lines between `open` and `close`.
#[allow(clippy::too_many_arguments)]
fn block(
    open: &Line,
    found: &Found,
    call: &Call,
    body: Vec<Line>,
    close: &Line,
    shortcodes: &Shortcodes,
    notes: &mut Vec<DialectNote>,
    out: &mut Vec<Line>,
) {
    let rendered = shortcodes.render(&call.name, &call.args, Some(BODY)).and_then(|output| {
        if wraps(&output) {
            return Ok(output);
        }
        // The template uses the body other than once: it gets the body's text instead.
        let text = body.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
        shortcodes.render(&call.name, &call.args, Some(&text))
    });
    let output = match rendered {
        Ok(output) => output,
        Err(e) => {
            notes.push(error(open, found, e));
            out.extend(body);
            return;
        }
    };
    let (text, html) = match &output {
        Output::Html(t) => (t, true),
        Output::Markdown(t) => (t, false),
    };
    let Some((before, after)) = text.split_once(BODY) else {
        out.extend(piece(open, text, html));
        return;
    };
    out.extend(piece(open, before, html));
    out.extend(body);
    out.extend(piece(close, after, html));
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
    let mut pos = 0;
    let mut k = 0;
    while k < found.len() {
        let f = &found[k];
        result = result.joined(&line.from(pos).until(f.start - pos));
        let mut end = f.end;
        let replacement = match &f.token {
            Token::Escaped(text) => text.clone(),
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
                let close = (call.needs_body || (call.hugo && !call.self_closing))
                    .then(|| {
                        found[k + 1..]
                            .iter()
                            .position(|c| matches!(&c.token, Token::Close(n) if closes(n, call)))
                    })
                    .flatten()
                    .map(|p| k + 1 + p);
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
                let rendered = if call.needs_body && body.is_none() {
                    Err(None)
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
        result = result.joined(&Line::new(replacement, line.origin_at(f.start)));
        pos = end;
        k += 1;
    }
    result.joined(&line.from(pos))
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
