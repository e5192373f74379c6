//! The clients progenitor generates from the merged corpus specs, compiled.
//!
//! `xtask/tests/it/roundtrip.rs` checks that each `*.merged.yaml` is what the
//! merge makes of its pages today; building this crate checks that the client
//! generated from it compiles. Nothing here is meant to be called.

macro_rules! client {
    ($module:ident) => {
        #[doc = concat!("The client generated from `", stringify!($module), "`'s merged spec.")]
        #[allow(
            missing_docs,
            clippy::all,
            clippy::pedantic,
            unused_imports,
            dead_code,
            rustdoc::all
        )]
        pub mod $module {
            include!(concat!(env!("OUT_DIR"), "/", stringify!($module), ".rs"));
        }
    };
}

client!(keeper);
client!(keeper_quirks);
client!(buildomat);
client!(buildomat_quirks);
client!(nexus);
client!(nexus_quirks);
