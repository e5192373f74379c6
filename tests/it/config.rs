//! Configuration a service gets wrong or right: plain http is refused
//! except on loopback, the defaults come from the spec, and the `XONE_*`
//! variables `from_env` reads (a blank or empty one named, each read in a
//! process of its own).

use xone::{Client, ConfigError, Credentials};

use crate::support::process::{in_own_process, is_probe};
use crate::support::*;

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    let build = |base: &str, token: &str| {
        Client::builder(Credentials::new(CLIENT_ID, SECRET))
            .base_url(base)
            .token_url(token)
            .build()
    };
    let err = build(
        "http://api.xone.xcover.com",
        "https://api.xone.xcover.com/api/oauth/token",
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ConfigError::InsecureUrl {
                name: "base URL",
                ..
            }
        ),
        "{err}"
    );
    let err = build(
        "https://api.xone.xcover.com",
        "http://10.0.0.1/api/oauth/token",
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ConfigError::InsecureUrl {
                name: "token URL",
                ..
            }
        ),
        "{err}"
    );
    assert_clean(&format!("{err:?} {err}"));
    assert!(build("http://127.0.0.1:1", "http://localhost:1/token").is_ok());
}

#[test]
fn defaults_come_from_the_spec() {
    assert_eq!(xone::DEFAULT_BASE_URL, "https://api.xone.xcover.com");
    assert_eq!(
        xone::DEFAULT_TOKEN_URL,
        "https://api.xone.xcover.com/api/oauth/token"
    );
    let client = Client::builder(Credentials::new(CLIENT_ID, SECRET))
        .build()
        .unwrap();
    assert_eq!(
        xone::ClientInfo::baseurl(&client),
        "https://api.xone.xcover.com"
    );
    assert_eq!(
        client.token_url(),
        "https://api.xone.xcover.com/api/oauth/token"
    );
}

// --- Reading the environment -------------------------------------------------

/// Run in a child process by `from_env_reads_the_xone_variables`, with the
/// environment it sets (the test process's own environment is not changed:
/// that is `unsafe` in Rust 2024 and races other tests).
#[test]
#[ignore = "run by from_env_reads_the_xone_variables in a child process"]
fn from_env_child() {
    match std::env::var("XONE_TEST_EXPECT").unwrap().as_str() {
        "ok" => {
            let client = xone::Client::from_env().unwrap();
            assert_eq!(xone::ClientInfo::baseurl(&client), "http://127.0.0.1:9");
            assert_eq!(client.token_url(), "http://127.0.0.1:9/token");
        }
        "missing" => {
            let err = xone::Client::from_env().unwrap_err();
            assert_eq!(
                err.to_string(),
                "environment variable XONE_CLIENT_SECRET is not set"
            );
        }
        other => panic!("unknown expectation {other}"),
    }
}

#[test]
fn from_env_reads_the_xone_variables() {
    let run = |expect: &str, secret: Option<&str>| {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap());
        child
            .args([
                "--ignored",
                "--exact",
                "config::from_env_child",
                "--test-threads=1",
            ])
            .env("XONE_TEST_EXPECT", expect)
            .env("XONE_CLIENT_ID", CLIENT_ID)
            .env("XONE_BASE_URL", "http://127.0.0.1:9")
            .env("XONE_TOKEN_URL", "http://127.0.0.1:9/token")
            .env_remove("XONE_CLIENT_SECRET");
        if let Some(secret) = secret {
            child.env("XONE_CLIENT_SECRET", secret);
        }
        let output = child.output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{stdout}");
        // The child really ran the test (a filter that matched nothing passes too).
        assert!(stdout.contains("1 passed"), "{stdout}");
    };
    run("ok", Some(SECRET));
    run("missing", None);
}

#[test]
fn from_env_names_an_empty_or_blank_variable() {
    let cases = [
        (
            vec![("XONE_CLIENT_SECRET", "s")],
            "XONE_CLIENT_ID is not set",
        ),
        (
            vec![("XONE_CLIENT_ID", ""), ("XONE_CLIENT_SECRET", "s")],
            "XONE_CLIENT_ID is set but empty",
        ),
        (
            vec![("XONE_CLIENT_ID", "id"), ("XONE_CLIENT_SECRET", "   ")],
            "XONE_CLIENT_SECRET is only white space",
        ),
        (
            vec![
                ("XONE_CLIENT_ID", "id"),
                ("XONE_CLIENT_SECRET", "s"),
                ("XONE_BASE_URL", " \t"),
            ],
            "XONE_BASE_URL is only white space",
        ),
        (
            vec![
                ("XONE_CLIENT_ID", "id"),
                ("XONE_CLIENT_SECRET", "s"),
                ("XONE_TOKEN_URL", ""),
            ],
            "XONE_TOKEN_URL is set but empty",
        ),
        (
            vec![
                ("XONE_CLIENT_ID", "id"),
                ("XONE_CLIENT_SECRET", "s"),
                ("XONE_BASE_URL", "http://127.0.0.1:9/prefix"),
            ],
            "ok",
        ),
        (
            vec![
                ("XONE_CLIENT_ID", "id"),
                ("XONE_CLIENT_SECRET", "s"),
                ("XONE_PARTNER_ID", " p-7 "),
            ],
            "ok, partner p-7",
        ),
        (
            vec![
                ("XONE_CLIENT_ID", "id"),
                ("XONE_CLIENT_SECRET", "s"),
                ("XONE_PARTNER_ID", ""),
            ],
            "XONE_PARTNER_ID is set but empty",
        ),
        (
            vec![
                ("XONE_CLIENT_ID", "id"),
                ("XONE_CLIENT_SECRET", "s"),
                ("XONE_BASE_URL", "http://127.0.0.1:9/gateway?tenant=eu"),
            ],
            "XONE_BASE_URL `http://127.0.0.1:9/gateway?tenant=eu` is not a valid URL: it has a query (`?tenant=eu`), which would be glued into every path",
        ),
        (
            vec![
                ("XONE_CLIENT_ID", "id"),
                ("XONE_CLIENT_SECRET", "s"),
                ("XONE_TOKEN_URL", "http://127.0.0.1:9/token#x"),
            ],
            "XONE_TOKEN_URL `http://127.0.0.1:9/token#x` is not a valid URL: it has a fragment (`#x`), which is never sent",
        ),
    ];
    for (vars, expected) in cases {
        let out = in_own_process("config::from_env_probe", &vars);
        let said = out
            .lines()
            .find_map(|l| l.strip_prefix("from_env: "))
            .unwrap_or_else(|| panic!("no answer in:\n{out}"));
        assert!(said.ends_with(expected), "{vars:?}: {said}");
    }
}

#[test]
#[ignore = "run by from_env_names_an_empty_or_blank_variable"]
fn from_env_probe() {
    if !is_probe() {
        return;
    }
    match xone::Client::from_env() {
        Ok(client) => match client.partner_id() {
            Some(partner) => println!("\nfrom_env: ok, partner {partner}"),
            None => println!("\nfrom_env: ok"),
        },
        Err(e) => println!("\nfrom_env: {e}"),
    }
}
