//! `cargo xtask <command>` as a user runs it: one module per command.

mod diff;
mod merge;
mod pull;
