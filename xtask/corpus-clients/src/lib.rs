//! The clients progenitor generates from the merged corpus specs, compiled.
//!
//! build.rs splits each corpus spec from the shared folder into pages,
//! merges them and generates a client; building this crate checks that
//! each client compiles. Nothing here is meant to be called.

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

#[cfg(test)]
mod tests {
    #[test]
    fn every_corpus_spec_makes_a_client_that_compiles_plain_and_with_quirks() {
        if dev_support::shared::path_or_skip("corpus").is_none() {
            assert!(super::clients::COMPILED.is_empty());
            return;
        }
        assert_eq!(
            super::clients::COMPILED,
            [
                "keeper",
                "keeper_quirks",
                "buildomat",
                "buildomat_quirks",
                "nexus",
                "nexus_quirks"
            ]
        );
    }
}
