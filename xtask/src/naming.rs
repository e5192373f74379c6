//! How things are named: Rust identifiers from the API's words (an
//! operation's `snake_case` id, a type's `PascalCase` name), the names in a
//! path template, and counted nouns in reports. The merge names operations
//! and types with these, and the diff names the Rust items a change
//! reaches with the same ones, so the two cannot disagree.

/// `Modify booking - preview` gives `modify_booking_preview`; `getThing`
/// gives `get_thing`; `IsSTP2Qualified` gives `is_stp2_qualified`. Words
/// are split as heck splits them, which is what typify and progenitor name
/// fields and methods with (cargo-semver-checks found `is_stp2qualified`
/// here where the generated field is `is_stp2_qualified`); a leading digit
/// gets `op_`, so that the name is an identifier.
pub fn snake_case(text: &str) -> String {
    use heck::ToSnakeCase;
    let words: String = text
        .chars()
        .filter(|&c| c != '\'')
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let out = words.to_snake_case();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("op_{out}")
    } else {
        out
    }
}

/// `cancel_booking_policies` gives `CancelBookingPolicies`.
pub fn pascal_case(id: &str) -> String {
    snake_case(id)
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The `{name}`s of a path template, in order.
pub fn template_names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

/// `1 finding`, `2 findings`: `word` and its regular plural.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_of_summaries() {
        assert_eq!(snake_case("List bookings"), "list_bookings");
        assert_eq!(
            snake_case("Modify booking - preview"),
            "modify_booking_preview"
        );
        assert_eq!(snake_case("Opt-out offer"), "opt_out_offer");
        assert_eq!(snake_case("getThing"), "get_thing");
        assert_eq!(snake_case("get /v1/tasks/{task}"), "get_v1_tasks_task");
        assert_eq!(snake_case("2FA reset"), "op_2fa_reset");
        // As heck (typify, progenitor) splits acronyms and digits.
        assert_eq!(snake_case("IsSTP2Qualified"), "is_stp2_qualified");
        assert_eq!(snake_case("ABNNumber"), "abn_number");
        assert_eq!(pascal_case("IsSTP2Qualified"), "IsStp2Qualified");
    }

    #[test]
    fn type_names_template_names_and_plurals() {
        assert_eq!(
            pascal_case("cancel_booking_policies"),
            "CancelBookingPolicies"
        );
        assert_eq!(
            pascal_case("Modify booking - preview"),
            "ModifyBookingPreview"
        );
        assert_eq!(template_names("/a/{x}/b/{y_z}"), ["x", "y_z"]);
        assert!(template_names("/a/b").is_empty());
        assert_eq!(plural(1, "finding"), "1 finding");
        assert_eq!(plural(2, "finding"), "2 findings");
    }
}
