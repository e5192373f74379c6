//! The xtask's logic, as plain functions over data that tests and benches
//! call without a process, one module per command: [`merge`] (the pages
//! into `spec/openapi.yaml`, the pipeline inside it), [`diff`] (two specs
//! for review; `rules` renders its rule table), [`drift`] (services' drift
//! records), [`pull`] (the vendor's pages, and discovering new ones). Each
//! declares its own flags (`Args`, with a `run`). They share a small base:
//! [`openapi`] (walking a document), [`validate`] (what makes one
//! invalid), [`error`], [`files`] and [`naming`].
//! `main.rs` only picks the command.

pub mod diff;
pub mod drift;
pub mod error;
pub mod files;
pub mod merge;
pub mod naming;
pub mod openapi;
pub mod pull;
pub mod validate;
