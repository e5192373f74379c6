//! The clients progenitor generates from the merged corpus specs, compiled.
//!
//! `xtask/tests/it/roundtrip.rs` checks that each `*.merged.yaml` is what the
//! merge makes of its pages today; building this crate checks that the client
//! generated from it compiles. Nothing here is meant to be called.

#[allow(
    missing_docs,
    clippy::all,
    clippy::pedantic,
    unused_imports,
    dead_code,
    rustdoc::all
)]
pub mod clients {
    include!(concat!(env!("OUT_DIR"), "/clients.rs"));
}
