//! Wording the reports share.

/// `1 finding`, `2 findings`: `word` and its regular plural.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
