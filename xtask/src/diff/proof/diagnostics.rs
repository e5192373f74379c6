//! What `cargo check --message-format=json` says went wrong: each error
//! rustc reports once, with its file and line, its code and message, and
//! the names it mentions, which is what a diff row's Rust item is matched
//! against.

use serde_json::Value;

/// One compile error.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CompileError {
    /// The file, as rustc names it: relative to the root of the workspace
    /// that was built, or absolute outside it.
    pub file: String,
    /// 1-based line of the primary span.
    pub line: usize,
    /// 1-based column of the primary span.
    pub column: usize,
    /// rustc's code (`E0609`), when it has one.
    pub code: Option<String>,
    /// rustc's message: ``no field `status` on type `&Booking` ``.
    pub message: String,
    /// The words inside backticks in the message, its labels and notes
    /// (`status`, `Booking`): the items rustc names.
    pub named: Vec<String>,
    /// The words of the source line the error points at: what the call
    /// site names when rustc's message does not (a type mismatch).
    pub source: Vec<String>,
}

/// The errors in cargo's JSON messages (one JSON value a line), in the
/// order given, each once: a library checked as itself and as its tests
/// reports the same error twice.
pub fn errors(messages: &str) -> Vec<CompileError> {
    let mut found: Vec<CompileError> = Vec::new();
    for line in messages.lines() {
        let Ok(value) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if value["reason"] != "compiler-message" {
            continue;
        }
        if let Some(error) = error(&value["message"])
            && !found.iter().any(|e| e.same_place(&error))
        {
            found.push(error);
        }
    }
    found
}

impl CompileError {
    fn same_place(&self, other: &CompileError) -> bool {
        (&self.file, self.line, self.column, &self.message)
            == (&other.file, other.line, other.column, &other.message)
    }
}

/// A rustc diagnostic as an error, when it is one with a place (not the
/// closing "aborting due to 2 previous errors").
fn error(message: &Value) -> Option<CompileError> {
    if message["level"] != "error" {
        return None;
    }
    let spans = message["spans"].as_array()?;
    let primary = spans.iter().find(|s| s["is_primary"] == true)?;
    let text = message["message"].as_str()?.to_string();
    let labels = spans.iter().filter_map(|s| s["label"].as_str());
    let notes = message["children"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["message"].as_str());
    let named = backticked(std::iter::once(text.as_str()).chain(labels).chain(notes));
    let source = primary["text"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["text"].as_str())
        .flat_map(words)
        .collect();
    Some(CompileError {
        file: primary["file_name"].as_str()?.to_string(),
        line: usize::try_from(primary["line_start"].as_u64()?).ok()?,
        column: usize::try_from(primary["column_start"].as_u64()?).ok()?,
        code: message["code"]["code"].as_str().map(String::from),
        message: text,
        named,
        source,
    })
}

/// The words inside backticks in `texts`, each once, in order: ``no field
/// `status` on type `&Booking` `` names `status` and `Booking`.
fn backticked<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut named = Vec::new();
    for quoted in texts.flat_map(|text| text.split('`').skip(1).step_by(2)) {
        for word in words(quoted) {
            if !named.contains(&word) {
                named.push(word);
            }
        }
    }
    named
}

/// Rust identifiers in `text`, in order.
pub(super) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
        })
        .map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A message as cargo 1.95 prints it for a removed field (trimmed to
    /// what is read).
    const NO_FIELD: &str = r#"{"reason":"compiler-message","package_id":"path+file:///s/shop#0.0.0","message":{"message":"no field `status` on type `&Booking`","code":{"code":"E0609","explanation":"..."},"level":"error","spans":[{"file_name":"src/lib.rs","line_start":31,"column_start":13,"is_primary":true,"label":"unknown field","text":[{"text":"    booking.status.clone().unwrap_or_default()"}]}],"children":[{"message":"available fields are: `id`, `price`","level":"help","spans":[]}]}}"#;

    #[test]
    fn an_error_keeps_its_place_code_and_the_names_it_mentions() {
        let found = errors(NO_FIELD);
        assert_eq!(found.len(), 1);
        let e = &found[0];
        assert_eq!((e.file.as_str(), e.line, e.column), ("src/lib.rs", 31, 13));
        assert_eq!(e.code.as_deref(), Some("E0609"));
        assert_eq!(e.named, ["status", "Booking", "id", "price"]);
        assert_eq!(
            e.source,
            ["booking", "status", "clone", "unwrap_or_default"]
        );
    }

    #[test]
    fn one_error_reported_for_the_library_and_its_tests_counts_once() {
        let twice = format!(
            "{NO_FIELD}\n{}",
            NO_FIELD.replace("#0.0.0", "#0.0.0 (test)")
        );
        assert_eq!(errors(&twice).len(), 1);
    }

    #[test]
    fn warnings_summaries_and_other_lines_are_not_errors() {
        let warning = NO_FIELD.replace(r#""level":"error""#, r#""level":"warning""#);
        let summary = r#"{"reason":"compiler-message","message":{"message":"aborting due to 1 previous error","code":null,"level":"error","spans":[],"children":[]}}"#;
        let artifact = r#"{"reason":"compiler-artifact","package_id":"x"}"#;
        let messages = [warning.as_str(), summary, artifact, "not json", ""].join("\n");
        assert!(errors(&messages).is_empty());
    }
}
