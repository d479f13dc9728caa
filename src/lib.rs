//! kennisbank: markdown in, a complete, accessible, private static knowledge-base site out.
//!
//! A build is a list of stages. Each is a function from the values of earlier stages to a new
//! value, data flowing one way; no stage imports a later one (`tests/testsuite/layers.rs`
//! checks it), and the libraries under `crates/` import no stage at all (Cargo refuses it):
//!
//! 1. [`load`]: config is given; content (front matter, in parallel), data files, the theme
//!    (templates, static files, interface strings), shortcodes and the syntax highlighter
//! 2. [`model`]: the `Library`: URLs, order, taxonomies, resolved links, backlinks
//! 3. [`docs`]: the markdown of every document -> HTML, table of contents, plain text
//! 4. [`index`]: the search index of each language, and the related pages of each page
//! 5. [`pages`]: every page through its template -> in-memory output files
//! 6. [`output`]: the offline set and the search export added, one collision check over every
//!    file, then an atomic swap into the output folder (or `serve` serves them from memory)
//!
//! [`app`] holds the commands that run them: `build`, `serve`, `check`, `search`, `init`.
//! Problems are collected as diagnostics across all stages and reported together.

// In the order data flows (rustfmt keeps this order: each stage is its own group).
pub mod load;

pub mod model;

pub mod docs;

pub mod index;

pub mod pages;

pub mod output;

pub mod app;
