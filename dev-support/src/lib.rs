//! What this repository's tests, benches and build checks share, and no
//! user of the crate needs: [`interleave`], the benchmark harness for
//! machines whose speed swings, [`wire`], HTTP/1.1 read and written by
//! hand for the loopback servers of the client's tests and benches, and
//! [`shared`], the folder of other
//! projects' specs and rule tables beside the repository (never copied
//! into it), with the split tool that turns those specs into pages.
//!
//! A crate of its own so that nothing is shared by `#[path]` between
//! crates; `publish = false`, and no dependency beyond std and tokio.

#![deny(missing_docs)]

pub mod interleave;
pub mod shared;
pub mod wire;
