//! The integration tests, as one test binary (one link instead of one per file): each module
//! runs the real `kennisbank` binary on sites in temporary folders. `common` holds the helpers.

mod common;

mod bad_input;
mod build;
mod check;
mod content_facts;
mod corpora;
mod diagnostics_snapshots;
mod dialects;
mod doc_examples;
mod editor;
mod example_site;
mod front_positions;
mod hostile_input;
mod i18n;
mod images;
mod init_from;
mod init_from_urls;
mod kinds;
mod languages;
mod layers;
mod newcomer;
mod offline_print;
mod output_safety;
mod publishing;
mod relevance;
mod serve;
mod serve_incremental;
mod slides;
mod stages;
mod template_views;
mod url_safety;
