//! How a client is generated from a merged spec, as any user of the merge
//! would: progenitor's defaults, the builder interface. Shared by this
//! crate's build.rs and the round-trip tests (`xtask/tests/it/roundtrip.rs`).

/// progenitor's generator with the settings every corpus client uses.
pub fn generator() -> progenitor::Generator {
    let mut settings = progenitor::GenerationSettings::new();
    settings.with_interface(progenitor::InterfaceStyle::Builder);
    progenitor::Generator::new(&settings)
}

/// The client progenitor generates from `spec`, formatted.
pub fn generate(spec: &openapiv3::OpenAPI) -> Result<String, String> {
    let tokens = generator()
        .generate_tokens(spec)
        .map_err(|e| format!("progenitor cannot generate a client from it: {e}"))?;
    let file =
        syn::parse2(tokens).map_err(|e| format!("the generated client does not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}
