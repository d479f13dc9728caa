//! What every layer of kennisbank shares and no stage owns: diagnostics with their source
//! positions (collected across a build, rendered like a compiler's), HTML escaping, the
//! in-memory output file and the staging folder that output is written into. This crate knows nothing of sites, pages or stages.

pub mod diagnostics;
pub mod escape;
mod file;
pub mod scaling;
pub mod spill;
pub mod staging;
pub mod url_scheme;

pub use file::{OUTPUT_MARKER, OutputFile, SourceFile};
