//! Lines of code already parsed by syntect, by the parser's state before the line and the
//! line's text: the same pair always parses to the same scopes and the same state after.
//!
//! Documentation repeats lines of code (`}`, `done`, `fi`, imports, the same command on many
//! pages), and each parse costs some 15 µs. The parse of a line depends on nothing but that
//! pair, so a line found here gives byte-identical output. Bounded: at its share of
//! [`CAPACITY`] lines a thread's table is emptied and fills again with the lines that keep
//! coming, so memory stays a few megabytes whatever the size of the site.
//!
//! One table per thread: a parser state holds Oniguruma match regions, which may not move
//! between threads. Each table belongs to one [`ParsedLines`] (one set of syntaxes) at a time.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use syntect::parsing::{ParseState, ParsingError, ScopeStackOp, SyntaxSet};

/// How many lines all threads keep together: each takes one to two kilobytes (parser states
/// hold their context stacks and Oniguruma regions), so some 12 MB. At 10,000 plain pages on
/// two threads, 4,096 lines a thread found 77% of lines, 1,024 found 67%, 16,384 found 82%.
const CAPACITY: usize = 1 << 13;

/// The lines one thread keeps: an equal share of [`CAPACITY`], so that many cores do not
/// multiply the memory.
fn capacity() -> usize {
    static SHARE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *SHARE.get_or_init(|| {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        (CAPACITY / threads).max(256)
    })
}

/// Longer lines are parsed each time: they seldom repeat.
const LONGEST: usize = 160;

type Ops = Vec<(usize, ScopeStackOp)>;

pub struct ParsedLines {
    /// Which tables are this one's: ids are never reused within a process.
    id: u64,
    found: AtomicU64,
    parsed: AtomicU64,
}

impl Default for ParsedLines {
    fn default() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Self { id: NEXT.fetch_add(1, Relaxed), found: AtomicU64::new(0), parsed: AtomicU64::new(0) }
    }
}

thread_local! {
    static TABLE: RefCell<Table> = RefCell::new(Table::default());
}

#[derive(Default)]
struct Table {
    /// The [`ParsedLines`] whose lines these are (0: none yet).
    owner: u64,
    /// By a hash of the text; each entry's state and text are compared in full.
    by_hash: FxHashMap<u64, Vec<Entry>>,
    len: usize,
}

impl Table {
    /// An empty table for the [`ParsedLines`] with id `owner`.
    fn of(owner: u64) -> Self {
        Table { owner, ..Table::default() }
    }
}

struct Entry {
    before: ParseState,
    text: Box<str>,
    ops: Ops,
    /// `None` when the line leaves the state as it was, as most lines of code do.
    after: Option<ParseState>,
}

impl ParsedLines {
    /// The scopes of `line` parsed from `state`, which moves to the state after the line.
    pub fn parse(
        &self,
        state: &mut ParseState,
        line: &str,
        syntaxes: &SyntaxSet,
    ) -> Result<Ops, ParsingError> {
        if line.len() > LONGEST {
            return state.parse_line(line, syntaxes);
        }
        let hash = {
            let mut hasher = rustc_hash::FxHasher::default();
            line.hash(&mut hasher);
            hasher.finish()
        };
        TABLE.with_borrow_mut(|table| {
            if table.owner != self.id {
                *table = Table::of(self.id);
            }
            let known = table
                .by_hash
                .get(&hash)
                .and_then(|entries| entries.iter().find(|e| *e.text == *line && e.before == *state));
            if let Some(entry) = known {
                if let Some(after) = &entry.after {
                    *state = after.clone();
                }
                self.found.fetch_add(1, Relaxed);
                return Ok(entry.ops.clone());
            }
            let before = state.clone();
            let ops = state.parse_line(line, syntaxes)?;
            self.parsed.fetch_add(1, Relaxed);
            if table.len >= capacity() {
                *table = Table::of(self.id);
            }
            table.len += 1;
            let after = (*state != before).then(|| state.clone());
            let entry = Entry { before, text: line.into(), ops: ops.clone(), after };
            table.by_hash.entry(hash).or_default().push(entry);
            Ok(ops)
        })
    }

    /// (lines found, lines parsed) so far.
    pub fn counts(&self) -> (u64, u64) {
        (self.found.load(Relaxed), self.parsed.load(Relaxed))
    }
}
