//! The checks, one file per rule family: each adds to [`super::Differ`]
//! the methods the walk calls where that family's rules apply, and opens
//! with the ids of the rules it emits (the `Family` column of
//! `docs/diff-rules.md`).

pub(super) mod bodies;
pub(super) mod document;
mod endpoints;
pub(super) mod lifecycle;
pub(super) mod parameters;
pub(super) mod responses;
pub(super) mod security;
pub(super) mod types;
