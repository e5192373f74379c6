//! The `cargo xtask merge` command contract, run as a process: exit codes,
//! messages that name the file and line, nothing written on failure, and the
//! `--check` mode.

use std::path::Path;
use std::process::Output;

use crate::{fixtures, xtask};

fn merge(args: &[&str]) -> Output {
    xtask("merge", args)
}

/// A folder holding copies of the named fixture files.
fn pages(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in files {
        let from = fixtures().join(file);
        std::fs::copy(&from, dir.path().join(from.file_name().unwrap())).unwrap();
    }
    dir
}

/// Runs a merge that must fail: exit 2, the expected message on stderr, and
/// the existing output file left exactly as it was.
fn assert_refused(input: &Path, expected: &str) {
    let out_dir = tempfile::tempdir().unwrap();
    let output = out_dir.path().join("openapi.yaml");
    std::fs::write(&output, "previous contents\n").unwrap();
    let result = merge(&[
        "--input",
        input.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        stderr.contains(expected),
        "expected {expected:?} in: {stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        "previous contents\n"
    );
    let leftovers: Vec<_> = std::fs::read_dir(out_dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn malformed_json_names_the_page_and_line() {
    let dir = pages(&["bad/malformed-json.md"]);
    assert_refused(dir.path(), "malformed-json.md:8: malformed JSON");
}

#[test]
fn a_page_with_no_block_is_refused() {
    let dir = pages(&["bad/no-block.md"]);
    assert_refused(dir.path(), "no-block.md: no OpenAPI document found");
}

#[test]
fn a_heading_that_disagrees_is_refused() {
    let dir = pages(&["bad/heading-mismatch.md"]);
    assert_refused(
        dir.path(),
        "heading-mismatch.md:8: the heading says `GET /things` but the block defines `POST /things`",
    );
}

#[test]
fn one_operation_on_two_pages_is_refused() {
    let dir = fixtures().join("bad/duplicate-operation");
    assert_refused(
        &dir,
        &format!(
            "operation `GET /things` is documented by two pages, at {}:8 and at {}:8: keep one",
            dir.join("a.md").display(),
            dir.join("b.md").display()
        ),
    );
}

#[test]
fn two_components_with_one_name_are_refused() {
    assert_refused(
        &fixtures().join("bad/component-conflict"),
        "component `schemas/Thing` is defined twice, differently",
    );
}

#[test]
fn a_dangling_ref_is_refused() {
    let dir = pages(&["bad/dangling-ref.md"]);
    assert_refused(
        dir.path(),
        "dangling-ref.md:6: dangling $ref `#/components/schemas/Missing`",
    );
}

#[test]
fn swagger_2_and_openapi_3_1_are_refused() {
    let dir = pages(&["bad/swagger.md"]);
    assert_refused(dir.path(), "swagger.md:6: unsupported version swagger 2.0");
    let dir = pages(&["bad/openapi31.md"]);
    assert_refused(
        dir.path(),
        "openapi31.md:6: unsupported version openapi 3.1.0",
    );
}

#[test]
fn an_empty_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    assert_refused(dir.path(), "no pages found");
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    assert_eq!(merge(&["--no-such-flag"]).status.code(), Some(2));
}

#[test]
fn samples_lists_the_fields_whose_type_rests_on_one_sample() {
    let dir = pages(&["merge/booking-variants.md"]);
    let out = tempfile::tempdir().unwrap();
    let yaml = out.path().join("spec.yaml");
    let args = |samples: bool| {
        let mut a = vec![
            "--input".to_string(),
            dir.path().display().to_string(),
            "--output".to_string(),
            yaml.display().to_string(),
        ];
        if samples {
            a.push("--samples".into());
        }
        a
    };
    let run = |samples| merge(&args(samples).iter().map(String::as_str).collect::<Vec<_>>());
    let plain = String::from_utf8_lossy(&run(false).stdout).into_owned();
    assert!(!plain.contains("types inferred from one sample"), "{plain}");
    let noted = String::from_utf8_lossy(&run(true).stdout).into_owned();
    assert!(
        noted.contains("types inferred from one sample (2; each field's docs say so too):"),
        "{noted}"
    );
    assert!(
        noted.contains("  GET /bookings 200: data[].cancelled_at: only ever `null` in the samples"),
        "{noted}"
    );
    assert!(
        noted.contains(
            "  GET /bookings/{id} 200: data.cancelled_at: `format: date-time`, from one value ("
        ),
        "{noted}"
    );
    let spec = std::fs::read_to_string(&yaml).unwrap();
    assert!(
        spec.contains("Inferred from one sample in the vendor"),
        "{spec}"
    );
}

#[test]
fn a_merge_writes_the_format_its_extension_names_and_reports() {
    let dir = pages(&["merge/list.md", "merge/create.md"]);
    let out = tempfile::tempdir().unwrap();
    let json = out.path().join("spec.json");
    let result = merge(&[
        "--input",
        dir.path().to_str().unwrap(),
        "--output",
        json.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(0));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(doc["paths"]["/things"]["get"]["operationId"], "list_things");
    let report = String::from_utf8_lossy(&result.stdout);
    assert!(report.contains("merged 2 pages (2 documents)"), "{report}");
    assert!(report.contains("2 operations, 1 named schemas"), "{report}");
    assert!(report.contains("operationIds derived"), "{report}");

    // The same pages give the same bytes.
    let again = out.path().join("again.json");
    merge(&[
        "--input",
        dir.path().to_str().unwrap(),
        "--output",
        again.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(&json).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

#[test]
fn a_yaml_output_names_its_pages_and_the_command_that_remakes_it() {
    let dir = pages(&["merge/list.md"]);
    let out = tempfile::tempdir().unwrap();
    let yaml = out.path().join("spec.yaml");
    let (input, output) = (dir.path().to_str().unwrap(), yaml.to_str().unwrap());
    let result = merge(&["--samples", "--output", output, "--input", input]);
    assert_eq!(result.status.code(), Some(0));
    let spec = std::fs::read_to_string(&yaml).unwrap();
    let header: Vec<&str> = spec.lines().take(2).collect();
    assert_eq!(
        header,
        [
            format!("# Generated by `cargo xtask merge` from {input}/."),
            format!(
                "# Do not edit: change those and run `cargo xtask merge --input {input} --output {output} --samples`."
            ),
        ]
    );
}

#[test]
fn the_repositorys_own_inputs_named_by_flags_give_the_committed_header() {
    // The docs watch names every path, for a prebuilt xtask whose defaults
    // are the repository it was built in: the same inputs must give the
    // same spec, byte for byte, or every watch reports a change.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let repo = tempfile::tempdir().unwrap();
    let spec = repo.path().join("spec");
    std::fs::create_dir_all(spec.join("pages")).unwrap();
    for page in std::fs::read_dir(root.join("spec/pages")).unwrap() {
        let page = page.unwrap();
        std::fs::copy(page.path(), spec.join("pages").join(page.file_name())).unwrap();
    }
    for file in ["types.yaml", "overlay.yaml"] {
        std::fs::copy(root.join("spec").join(file), spec.join(file)).unwrap();
    }
    let result = crate::xtask_in(
        repo.path(),
        "merge",
        &[
            "--input",
            "spec/pages",
            "--output",
            "spec/openapi.yaml",
            "--overlay",
            "spec/overlay.yaml",
            "--types",
            "spec/types.yaml",
            "--samples",
        ],
    );
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(spec.join("openapi.yaml")).unwrap(),
        std::fs::read_to_string(root.join("spec/openapi.yaml")).unwrap()
    );
}

#[test]
fn check_passes_when_fresh_and_fails_with_a_diff_when_stale() {
    let dir = pages(&["merge/list.md", "merge/create.md"]);
    let out = tempfile::tempdir().unwrap();
    let spec = out.path().join("openapi.yaml");
    let args = |check: bool| {
        let mut a = vec![
            "--input",
            dir.path().to_str().unwrap(),
            "--output",
            spec.to_str().unwrap(),
        ];
        if check {
            a.push("--check");
        }
        a.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let run = |check: bool| merge(&args(check).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(run(false).status.code(), Some(0));
    assert_eq!(run(true).status.code(), Some(0));

    let fresh = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(&spec, fresh.replace("List things", "List some things")).unwrap();
    let stale = run(true);
    assert_eq!(stale.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&stale.stdout);
    assert!(diff.contains("-      summary: List some things"), "{diff}");
    assert!(diff.contains("+      summary: List things"), "{diff}");
    assert!(String::from_utf8_lossy(&stale.stderr).contains("run `cargo xtask merge`"));
    // --check never writes.
    assert!(
        std::fs::read_to_string(&spec)
            .unwrap()
            .contains("List some things")
    );
}

#[test]
fn an_output_with_an_unknown_extension_is_refused() {
    let dir = pages(&["merge/list.md"]);
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("spec.txt");
    let result = merge(&[
        "--input",
        dir.path().to_str().unwrap(),
        "--output",
        target.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("spec.txt: the output must end in .yaml, .yml or .json"),
        "{stderr}"
    );
    assert!(!target.exists());
}

/// The repository's pages, types and overlay copied into a folder, with
/// `extra` fixture pages beside them: the client's spec as a new page would
/// make it.
fn repository_with(extra: &[&str]) -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    for entry in std::fs::read_dir(repo.join("spec/pages")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, pages.join(path.file_name().unwrap())).unwrap();
    }
    for file in extra {
        let from = fixtures().join(file);
        std::fs::copy(&from, pages.join(from.file_name().unwrap())).unwrap();
    }
    for file in ["types.yaml", "overlay.yaml"] {
        std::fs::copy(repo.join("spec").join(file), dir.path().join(file)).unwrap();
    }
    dir
}

fn merge_generating(dir: &Path) -> Output {
    let arg = |name: &str| dir.join(name).display().to_string();
    merge(&[
        "--input",
        &arg("pages"),
        "--output",
        &arg("openapi.yaml"),
        "--types",
        &arg("types.yaml"),
        "--overlay",
        &arg("overlay.yaml"),
        "--samples",
        "--generate",
    ])
}

#[test]
fn a_page_progenitor_cannot_generate_stops_the_merge_with_the_page_and_an_overlay_action() {
    let dir = repository_with(&["generation/two-media-types.md"]);
    let out = merge_generating(dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let page = dir.path().join("pages/two-media-types.md");
    assert!(
        stderr.contains(&format!(
            "error: {}:12: `POST /api/partners/{{partner_id}}/offers/{{offer_id}}/notes` does not generate a client (the crate would not build): progenitor takes one request media type (progenitor#828), and this operation's request body has several (progenitor said: progenitor cannot generate a client from it: not yet implemented: more media types than expected",
            page.display()
        )),
        "{stderr}"
    );
    assert!(!dir.path().join("openapi.yaml").exists(), "nothing written");

    // The action it proposes, appended to the overlay, gets the merge past it.
    let proposal = &stderr[stderr.find("add to spec/overlay.yaml:\n").unwrap()..];
    let actions = proposal.split_once('\n').unwrap().1;
    let overlay = dir.path().join("overlay.yaml");
    let mut text = std::fs::read_to_string(&overlay).unwrap();
    text.push_str(actions);
    std::fs::write(&overlay, text).unwrap();
    let out = merge_generating(dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let spec = std::fs::read_to_string(dir.path().join("openapi.yaml")).unwrap();
    assert!(
        spec.contains("operationId: add_offer_note"),
        "the endpoint stays"
    );
    assert!(
        !spec.contains("text/plain"),
        "its second media type is gone"
    );
}

#[test]
fn two_success_responses_are_explained_and_the_proposal_keeps_the_operation() {
    let dir = repository_with(&["generation/two-successes.md"]);
    let out = merge_generating(dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let page = dir.path().join("pages/two-successes.md");
    assert!(
        stderr.contains(&format!(
            "error: {}:13: `POST /api/partners/{{partner_id}}/offers/{{offer_id}}/holds` does not generate a client (the crate would not build): progenitor gives an operation one success type, and this one documents 2 success responses (200, 201) with different bodies",
            page.display()
        )),
        "{stderr}"
    );
    assert!(!dir.path().join("openapi.yaml").exists(), "nothing written");

    // The proposal drops the bodiless 200, not the operation.
    let marker = "add to spec/overlay.yaml (the operation stays, with its 201 answer):\n";
    let proposal = &stderr[stderr.find(marker).unwrap()..];
    let actions = proposal.split_once('\n').unwrap().1;
    let overlay = dir.path().join("overlay.yaml");
    let mut text = std::fs::read_to_string(&overlay).unwrap();
    text.push_str(actions);
    std::fs::write(&overlay, text).unwrap();
    let out = merge_generating(dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let spec: serde_json::Value =
        serde_norway::from_str(&std::fs::read_to_string(dir.path().join("openapi.yaml")).unwrap())
            .unwrap();
    let responses =
        &spec["paths"]["/api/partners/{partner_id}/offers/{offer_id}/holds"]["post"]["responses"];
    assert!(
        responses.get("201").is_some(),
        "the operation stays: {responses}"
    );
    assert!(responses.get("200").is_none(), "{responses}");
}

/// The place of the fixture's inline booking, as spec/types.yaml takes it.
const OFFER_BOOKING: &str = "$.paths['/api/partners/{partner_id}/offers/{offer_id}'].get.responses['200'].content['application/json'].schema.properties.data.properties.booking";

#[test]
fn a_new_page_gets_what_the_seed_pages_got() {
    let dir = repository_with(&["new-page/offer-lookup.md"]);
    let out = merge_generating(dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Its inline booking is reported with the types.yaml line that names it.
    assert!(
        stdout.contains(&format!(
            "looks like the named type `Booking` (8 of its 8 properties are `Booking`'s): to make it one type, add under `- name: Booking` in spec/types.yaml:\n      - {OFFER_BOOKING}\n"
        )),
        "{stdout}"
    );
    let spec_text = std::fs::read_to_string(dir.path().join("openapi.yaml")).unwrap();
    let spec: serde_json::Value = serde_norway::from_str(&spec_text).unwrap();
    let get = &spec["paths"]["/api/partners/{partner_id}/offers/{offer_id}"]["get"];
    let post =
        &spec["paths"]["/api/partners/{partner_id}/offers/{offer_id}/lookup-confirm"]["post"];
    // operationIds from the summaries, path parameters declared, the
    // required scope in the docs, the one error type, no CDN header.
    assert_eq!(get["operationId"], "get_offer");
    assert_eq!(post["operationId"], "confirm_looked_up_offer");
    let parameters: Vec<&str> = post["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(parameters, ["partner_id", "offer_id", "x-idempotency-key"]);
    assert!(get["parameters"].as_array().unwrap().len() == 2);
    assert!(
        get["description"].as_str().unwrap().contains("offers:view"),
        "{}",
        get["description"]
    );
    assert_eq!(
        get["responses"]["401"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ApiError"
    );
    assert!(get["responses"]["401"].get("headers").is_none());

    // The client build.rs would generate: the methods, the idempotency key,
    // the scope in the rustdoc, the typed mocks, and the facts drift watch
    // and the 409 replay read.
    let generated = xtask::merge::generation::codegen::generate(&spec_text).unwrap();
    assert!(generated.client.contains("pub fn get_offer(&self)"));
    assert!(
        generated
            .client
            .contains("pub fn confirm_looked_up_offer(&self)")
    );
    let confirm = &generated.client[generated
        .client
        .find("pub struct ConfirmLookedUpOffer<'a>")
        .unwrap()..];
    assert!(
        confirm[..confirm.find("pub async fn send").unwrap()]
            .contains("pub fn x_idempotency_key<V>")
    );
    // Named as raw calls name it too (the header's name stays as a
    // deprecated alias).
    assert!(confirm.contains("pub fn idempotency_key<V>"));
    assert!(generated.client.contains("offers:view"));
    assert!(generated.mock.contains("fn get_offer<F>"));
    assert!(generated.mock.contains("fn confirm_looked_up_offer<F>"));
    assert!(
        generated
            .spec
            .contains("\"confirm_looked_up_offer\" => Some(200)")
    );
    assert!(
        generated.spec.contains("lookup-confirm"),
        "drift watch's embedded spec"
    );

    // With the suggested line in types.yaml, the booking is one type.
    let types = dir.path().join("types.yaml");
    let text = std::fs::read_to_string(&types).unwrap();
    let anchor = "  - name: Booking\n    at:\n";
    assert!(text.contains(anchor));
    std::fs::write(
        &types,
        text.replace(anchor, &format!("{anchor}      - {OFFER_BOOKING}\n")),
    )
    .unwrap();
    let out = merge_generating(dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(!stdout.contains("looks like the named type"), "{stdout}");
    let spec: serde_json::Value =
        serde_norway::from_str(&std::fs::read_to_string(dir.path().join("openapi.yaml")).unwrap())
            .unwrap();
    assert_eq!(
        spec.pointer("/paths/~1api~1partners~1{partner_id}~1offers~1{offer_id}/get/responses/200/content/application~1json/schema/properties/data/properties/booking/$ref"),
        Some(&serde_json::json!("#/components/schemas/Booking"))
    );
}

/// The repository's manage-booking page as it would read if the vendor
/// documented what `spec/overlay.yaml` adds today (`page` on the list, the
/// idempotency key on the confirmation), written over the copy in `dir`.
/// Its first line says it is a test fixture.
fn vendor_documents_what_the_overlay_adds(dir: &Path) {
    let page = dir.join("pages/manage-booking.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let text = text
        .replacen(
            "# Manage booking\n",
            "# Manage booking (test fixture: the vendor's page, edited by xone's tests)\n",
            1,
        )
        .replacen(
            r#""get":{"summary":"List bookings","#,
            r#""get":{"summary":"List bookings","parameters":[{"name":"page","in":"query","schema":{"type":"integer"}}],"#,
            1,
        )
        .replacen(
            r#""post":{"summary":"Cancel booking - confirm preview","#,
            r#""post":{"summary":"Cancel booking - confirm preview","parameters":[{"name":"X-Idempotency-Key","in":"header","schema":{"type":"string"}}],"#,
            1,
        );
    std::fs::write(&page, text).unwrap();
}

#[test]
fn what_the_vendor_now_documents_is_not_added_twice_and_the_overlay_says_so() {
    let dir = repository_with(&[]);
    vendor_documents_what_the_overlay_adds(dir.path());
    let out = merge_generating(dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let overlay = dir.path().join("overlay.yaml").display().to_string();
    let overlay_text = std::fs::read_to_string(dir.path().join("overlay.yaml")).unwrap();
    let line_of = |needle: &str| {
        let at = overlay_text.find(needle).unwrap();
        // The action starts at the `- target:` line holding the needle.
        overlay_text[..at].lines().count()
    };
    let page_action = line_of("- target: $.paths['/api/partners/{partner_id}/bookings'].get");
    assert!(
        stdout.contains(&format!(
            "warning: {overlay}:{page_action}: the vendor now documents parameter `page` (in query) at `/paths/~1api~1partners~1{{partner_id}}~1bookings/get/parameters`: this overlay action adds nothing now and can go"
        )),
        "{stdout}"
    );
    let key_action = line_of("- target: $.paths[*]['post','patch','delete']");
    assert!(
        stdout.contains(&format!(
            "warning: {overlay}:{key_action}: the vendor now documents parameter `X-Idempotency-Key` (in header) at `/paths/~1api~1partners~1{{partner_id}}~1bookings~1{{booking_id}}~1cancellations~1{{cancellation_id}}/post/parameters`: the overlay's copy was not added there"
        )),
        "{stdout}"
    );
    let spec: serde_json::Value =
        serde_norway::from_str(&std::fs::read_to_string(dir.path().join("openapi.yaml")).unwrap())
            .unwrap();
    assert_eq!(xtask::validate::problems(&spec), [], "a valid document");
    let pages_params = &spec["paths"]["/api/partners/{partner_id}/bookings"]["get"]["parameters"];
    let named_page = pages_params
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"] == "page")
        .count();
    assert_eq!(named_page, 1, "{pages_params}");
}

#[test]
fn a_merge_that_would_write_an_invalid_document_writes_nothing_and_names_the_page() {
    let dir = repository_with(&[]);
    // An overlay action that declares a parameter the path does not have.
    let overlay = dir.path().join("overlay.yaml");
    let mut text = std::fs::read_to_string(&overlay).unwrap();
    text.push_str(
        "  - target: $.paths['/api/partners/{partner_id}/bookings'].get\n    update:\n      parameters:\n        - name: booking_id\n          in: path\n          required: true\n          schema:\n            type: string\n",
    );
    std::fs::write(&overlay, text).unwrap();
    let out = merge_generating(dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let page = dir
        .path()
        .join("pages/manage-booking.md")
        .display()
        .to_string();
    assert!(
        stderr.contains(&format!("{page}:14: the merged document would be invalid: path parameter `booking_id` is not in the path `/api/partners/{{partner_id}}/bookings`")),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!dir.path().join("openapi.yaml").exists(), "nothing written");
}
