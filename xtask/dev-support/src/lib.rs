//! What this repository's tests, benches and build checks share, and no
//! user of the crate needs: [`interleave`], the benchmark harness for
//! machines whose speed swings, and [`shared`], the folder of other
//! projects' specs and rule tables beside the repository (never copied
//! into it), with the split tool that turns those specs into pages.
//!
//! A crate of its own so that nothing is shared by `#[path]` between
//! crates; `publish = false`, and no dependency beyond std.

#![deny(missing_docs)]

pub mod interleave;
pub mod shared;
