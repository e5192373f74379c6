//! The xtask's logic, as plain functions over data that tests and benches
//! call without a process: extracting pages, normalizing and merging them,
//! writing the result, diffing specs, planning a pull. `main.rs` is the
//! command line over it.

mod components;
pub mod concepts;
pub mod diff;
pub mod drift;
pub mod emit;
pub mod error;
pub mod files;
pub mod generation;
pub mod inferred;
pub mod json;
pub mod merge;
pub mod normalize;
pub mod openapi;
pub mod overlay;
pub mod pages;
pub mod positions;
pub mod pull;
mod raw;
pub mod text;
pub mod token_page;
pub mod types;
pub mod unify;
pub mod yaml;
