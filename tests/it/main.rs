//! The crate's one integration test binary (one link step for all areas).

mod auth;
mod boundaries;
/// The checkout example's model of two endpoints the pages lack, taught to
/// the fake (the example's own, not the vendor's documentation).
#[path = "../../examples/checkout/model.rs"]
mod checkout_model;
mod drift;
mod errors;
mod fake;
mod handles;
mod hostile;
mod hygiene;
mod leaks;
mod mock;
mod operations;
mod paginate;
mod platform;
mod prism;
mod raw;
mod retry;
mod scripted;
mod soak;
mod support;
mod surface;
mod tolerant;
