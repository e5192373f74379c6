//! Empty: a build script makes cargo resolve this crate's build
//! dependencies, the host side of the one feature set (`cargo hakari`).
fn main() {}
