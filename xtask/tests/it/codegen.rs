//! Tests of the crate's build-time generation (`build/codegen.rs`), which
//! build.rs cannot run as tests itself: the committed spec generates, and a
//! spec progenitor rejects, by error or by panic, gives a message.

// The generation build.rs runs, as the merge runs it.
pub(crate) use xtask::merge::generation::codegen as build_codegen;

const COMMITTED: &str = include_str!("../../../spec/openapi.yaml");

/// The committed spec's operations and the path parameters they take in
/// all, counted from the spec itself: a new page changes both, and no
/// number here.
fn committed_counts() -> (usize, usize) {
    let spec: serde_json::Value = serde_norway::from_str(COMMITTED).unwrap();
    let operations = xtask::openapi::operations(&spec);
    let path_parameters = operations
        .iter()
        .map(|(path, _, _)| path.matches('{').count())
        .sum();
    (operations.len(), path_parameters)
}

fn spec(paths: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\nservers: [{{url: 'https://api.example.com'}}]\npaths:\n{paths}\ncomponents:\n{components}"
    )
}

const OAUTH: &str = "  securitySchemes:\n    O:\n      type: oauth2\n      flows:\n        clientCredentials:\n          tokenUrl: https://api.example.com/token\n          scopes: {}\n";

#[test]
fn the_committed_spec_generates_with_escaped_mock_paths() {
    let generated = build_codegen::generate(COMMITTED).unwrap();
    let spec: serde_json::Value = serde_norway::from_str(COMMITTED).unwrap();
    for (_, _, operation) in xtask::openapi::operations(&spec) {
        let op = operation["operationId"].as_str().unwrap();
        assert!(generated.client.contains(&format!("pub fn {op}(")), "{op}");
    }
    // The formatter wraps long calls: compare without whitespace.
    let mock: String = generated
        .mock
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let escaped = "::regex::escape(&crate::path::encode(&value.to_string()))";
    let (_, path_parameters) = committed_counts();
    assert!(path_parameters > 0);
    assert_eq!(
        mock.matches(escaped).count(),
        path_parameters,
        "every path parameter of every operation"
    );
    assert!(!mock.contains("$\",value.to_string())"));
    assert!(
        generated
            .spec
            .contains("DEFAULT_TOKEN_URL: &str = \"https://api.xone.xcover.com/api/oauth/token\"")
    );
    assert!(generated.spec.contains("\"modify_booking\" => Some(200)"));
}

#[test]
fn the_committed_spec_generates_a_client_with_one_way_in_and_checked_paths() {
    let generated = build_codegen::generate(COMMITTED).unwrap();
    let client: String = generated
        .client
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(client.contains("pub(crate)fnnew(baseurl:&str"));
    assert!(client.contains("pub(crate)fnnew_with_client(baseurl:&str"));
    assert!(!client.contains("pubfnnew(baseurl"));
    let (operations, path_parameters) = committed_counts();
    assert_eq!(
        client.matches("crate::path::segment(").count(),
        path_parameters,
        "every path parameter of every operation"
    );
    assert!(client.contains("crate::path::segment(\"booking_id\",&booking_id.to_string()).map_err(Error::InvalidRequest)?"));
    assert!(!client.contains("encode_path("));
    // Every operation answers with the crate's error.
    assert_eq!(client.matches("crate::call::run(").count(), operations);
    // Each operation's `send` and the `run` it returns through.
    assert_eq!(
        client.matches("Result<ResponseValue<").count(),
        2 * operations
    );
}

/// Each patch of progenitor's output (`build/patches.rs`) on code whose
/// shape moved: an error naming the patch, never code left unpatched.
#[test]
fn a_change_in_the_shape_of_progenitors_output_is_caught() {
    use build_codegen::patches;
    let parse = |code: &str| syn::parse_file(code).unwrap();
    let constructors = "impl Client { pub fn new() {} pub fn new_with_client() {} }";
    let client = |code: &str, operations, path_values| {
        patches::client(
            &mut parse(&format!("{constructors} {code}")),
            operations,
            path_values,
        )
    };
    let err = patches::client(
        &mut parse("impl Client { pub fn create(baseurl: &str) {} }"),
        0,
        0,
    )
    .unwrap_err();
    assert!(err.contains("constructors changed shape"), "{err}");
    // A path value encoded another way is not checked: counted, refused.
    let encoded_otherwise =
        r#"fn u() { let url = format!("{}/a/{}", client.baseurl, encode_path(&id.as_str())); }"#;
    let err = client(encoded_otherwise, 0, 1).unwrap_err();
    assert!(err.contains("0 of 1 path parameters checked"), "{err}");
    let err = client(
        "impl B { pub async fn send(self) -> Result<ResponseValue<()>, MyError> { } }",
        1,
        0,
    )
    .unwrap_err();
    assert!(err.contains("no `Result<T, Error<E>>`"), "{err}");
    let err = client("fn other() {}", 1, 0).unwrap_err();
    assert!(err.contains("send methods changed shape (0 of 1"), "{err}");
    // The shape the patches know, patched.
    let mut known = parse(&format!(
        r#"{constructors}
        fn u() {{ let url = format!("{{}}/a/{{}}", client.baseurl, encode_path(&id.to_string())); }}
        impl B {{ pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> {{
            let info = OperationInfo {{ operation_id: "get_a" }};
        }} }}"#
    ));
    patches::client(&mut known, 1, 1).unwrap();
    let text: String = prettyplease::unparse(&known)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(
        text.contains(
            r#"crate::path::segment("id",&id.to_string()).map_err(Error::InvalidRequest)?"#
        ),
        "{text}"
    );
    assert!(
        text.contains(r#"crate::call::run("get_a",self.send_generated())"#),
        "{text}"
    );
    assert!(text.contains("pub(crate)fnnew()"), "{text}");
    // The mocks: a value put in the regex another way.
    let err = patches::mock(&mut parse(
        r#"pub trait MockServerExt {} fn m() { let re = regex::Regex::new(&format!("^/a/{}$", value.as_str())).unwrap(); when.path_matches(re); }"#,
    ))
    .unwrap_err();
    assert!(err.contains("0 of 1 path parameters escaped"), "{err}");
}

#[test]
fn a_missing_operation_id_is_a_message() {
    let text = spec(
        "  /a:\n    get:\n      responses: {'200': {description: ok}}\n",
        OAUTH,
    );
    let err = build_codegen::generate(&text).err().unwrap();
    assert!(
        err.starts_with("progenitor cannot generate a client from it:"),
        "{err}"
    );
    assert!(err.contains("missing operation ID"), "{err}");
}

#[test]
fn progenitors_panic_on_an_undeclared_path_parameter_is_a_message() {
    let text = spec(
        "  /a/{id}:\n    get:\n      operationId: get_a\n      responses: {'200': {description: ok}}\n",
        OAUTH,
    );
    let err = build_codegen::generate(&text).err().unwrap();
    assert!(
        err.starts_with("progenitor cannot generate a client from it:"),
        "{err}"
    );
}

#[test]
fn a_spec_without_a_token_url_is_a_message() {
    let text = spec(
        "  /a:\n    get:\n      operationId: get_a\n      responses: {'200': {description: ok}}\n",
        "  schemas: {}\n",
    );
    assert_eq!(
        build_codegen::generate(&text).err().unwrap(),
        "it has no OAuth2 client-credentials scheme: the client needs a token URL"
    );
}

#[test]
fn text_that_is_not_openapi_is_a_message() {
    let err = build_codegen::generate("openapi: [").err().unwrap();
    assert!(err.starts_with("not an OpenAPI 3.0 document:"), "{err}");
}

#[test]
fn a_change_in_progenitors_mock_shape_is_caught() {
    // A path matcher the patch does not recognise must not pass unescaped.
    let changed = r#"pub trait MockServerExt {} fn m() { let re = regex::RegexBuilder::new(&format!("^/a/{}$", value.to_string())); Self(self.0.path_matches(re)) }"#;
    let err = build_codegen::patches::mock(&mut syn::parse_file(changed).unwrap()).unwrap_err();
    assert!(err.contains("0 of 1 path parameters escaped"), "{err}");
    // An extension trait under another name would be left open.
    let renamed = "pub trait MockServerExtension {}";
    let err = build_codegen::patches::mock(&mut syn::parse_file(renamed).unwrap()).unwrap_err();
    assert!(err.contains("0 traits named MockServerExt"), "{err}");
}

#[test]
fn the_generated_mock_trait_is_sealed() {
    let generated = build_codegen::generate(COMMITTED).unwrap();
    assert!(
        generated
            .mock
            .contains("pub trait MockServerExt: crate::mock::Sealed"),
        "{}",
        &generated.mock[..generated.mock.len().min(2000)]
    );
}

#[test]
fn every_amount_the_merge_marks_is_money_in_the_generated_code() {
    let generated = build_codegen::generate(COMMITTED).unwrap();
    // Every amount, string ones included, is Money: none is left a String.
    for field in [
        "retail_premium",
        "uw_fee",
        "cg_revenue",
        "cover_amount",
        "price",
    ] {
        let declared = format!("pub {field}: ::std::option::Option<crate::Money>,");
        assert!(generated.client.contains(&declared), "{field}");
    }
}
