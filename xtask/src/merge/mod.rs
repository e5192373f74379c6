//! `cargo xtask merge`: the vendor's pages into one OpenAPI document.
//!
//! The pipeline, in the order a page meets it: [`pages`] finds each
//! page's OpenAPI blocks (with [`json`] and `raw` reading them),
//! `merger` folds the fragments into one document (`components` keeps
//! each shared component once), [`normalize`] fixes the vendor's sloppiness,
//! [`types`] and [`unify`] name the schemas `spec/types.yaml` lists,
//! [`inferred`] notes what rests on one sample, [`concepts`] and
//! [`token_page`] check what a new page brings, [`overlay`] (with
//! [`positions`]) applies the corrections, [`emit`] and [`yaml`] write the
//! canonical text, and [`generation`] runs build.rs's code generation on it.
//! [`Inputs`] says what one run reads and writes, and [`run`] is the command.

mod components;
pub mod concepts;
pub mod emit;
mod folder;
pub mod generation;
pub mod inferred;
pub mod inputs;
pub mod json;
mod merger;
pub mod normalize;
pub mod overlay;
pub mod pages;
pub mod positions;
mod raw;
mod run;
pub mod token_page;
pub mod types;
pub mod unify;
pub mod yaml;

pub use folder::{merge_pages, read_pages};
pub use inputs::Inputs;
pub use merger::{Config, Merger, Report, merge};
pub use run::{Args, print_report, run};
