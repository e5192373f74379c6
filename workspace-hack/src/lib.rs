//! The workspace's one feature set, managed by `cargo hakari` (its
//! dependencies are the union of the features every member's commands ask
//! of them; `.config/hakari.toml`). No code: depending on it makes
//! `cargo xtask`, `cargo test -p xtask` and `cargo test --workspace` build
//! each dependency once. Never published; xone takes it as a dev-dependency
//! only. Regenerate with `cargo hakari generate` (MAINTAINING.md).
