//! The CSV downloads that `chart()` offers while a page renders, handed back with that page.
//!
//! A tera function can only return the value it puts into the template, so the render of a
//! page runs inside [`collect`], which gathers what `chart()` offers on the same thread during
//! that call (a rayon job renders one page on one thread from start to end). Outside
//! `collect` nothing is kept.

use std::cell::RefCell;

use kb_core::OutputFile;

thread_local! {
    static OFFERED: RefCell<Option<Vec<OutputFile>>> = const { RefCell::new(None) };
}

/// Runs `render`, returning its result and the downloads offered during it.
pub fn collect<T>(render: impl FnOnce() -> T) -> (T, Vec<OutputFile>) {
    let outer = OFFERED.with(|o| o.borrow_mut().replace(Vec::new()));
    let result = render();
    let offered = OFFERED.with(|o| std::mem::replace(&mut *o.borrow_mut(), outer)).unwrap_or_default();
    (result, offered)
}

/// Offers a file to the render that is running on this thread.
pub fn offer(file: OutputFile) {
    OFFERED.with(|o| {
        if let Some(files) = o.borrow_mut().as_mut() {
            files.push(file);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_gets_what_was_offered_during_it_and_nothing_else() {
        offer(OutputFile::new("before.csv", "x"));
        let (value, files) = collect(|| {
            offer(OutputFile::new("a.csv", "1"));
            let (_, inner) = collect(|| offer(OutputFile::new("inner.csv", "2")));
            assert_eq!(inner.len(), 1);
            7
        });
        assert_eq!(value, 7);
        assert_eq!(files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), ["a.csv"]);
    }
}
