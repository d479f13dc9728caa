//! What every layer of kennisbank shares and no stage owns: diagnostics with their source
//! positions (collected across a build, rendered like a compiler's), HTML escaping, and the
//! in-memory output file. This crate knows nothing of sites, pages or stages.

pub mod diagnostics;
pub mod escape;
mod file;
pub mod scaling;
pub mod url_scheme;

pub use file::{OUTPUT_MARKER, OutputFile, SourceFile};
