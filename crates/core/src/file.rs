//! A file of the built site, held in memory: what every producing stage hands on, and what
//! the output stage writes (or `serve` serves).

/// The file that marks a folder as kennisbank's output, so a later build may replace it: no
/// page, alias or static file may claim its name.
pub const OUTPUT_MARKER: &str = ".kennisbank-output";

/// One file of the built site. `path` is relative to the output root, `/` separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self { path: path.into(), bytes: bytes.into() }
    }
}

/// A file read as input, named by its path relative to the folder it was read from (a theme's
/// templates, static files and interface strings; the site's own beside them).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub rel: String,
    pub bytes: Vec<u8>,
    /// Shown in error messages: the file on disk, or `<built-in default theme>/...`.
    pub origin: std::path::PathBuf,
}
