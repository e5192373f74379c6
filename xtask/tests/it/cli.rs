//! `cargo xtask <command>` as a user runs it: one module per command.

mod diff;
mod discover;
mod merge;
mod pull;
