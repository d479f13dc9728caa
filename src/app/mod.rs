//! The commands: `build`, `serve`, `check`, `search`, `init` (with `--from`) and `new`, each
//! running the stages it needs. Nothing in a stage imports this module.

pub mod build;
pub mod check;
pub mod cli;
pub mod init_from;
pub mod old_urls;
pub mod readability;
pub mod scaffold;
pub mod serve;
pub mod theme_copy;
