//! The enums whose variants are words: each variant with its spelling,
//! written once, from which the enum, its `ALL` and its spelling method
//! are made, so that no list of the variants is kept by hand.

/// `words! { (attributes) pub enum Name { Variant = "spelling", ... } fn method; }`
/// makes the enum, `Name::ALL` (every variant, in order) and
/// `Name::method(self) -> &'static str` (the spelling).
macro_rules! words {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $spelling:literal, )*
        }
        fn $method:ident;
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$variant_meta])* $variant, )*
        }

        impl $name {
            /// Every variant, in the order declared.
            pub const ALL: &'static [$name] = &[$( $name::$variant, )*];

            /// Its spelling.
            pub fn $method(self) -> &'static str {
                match self {
                    $( $name::$variant => $spelling, )*
                }
            }
        }
    };
}
