//! A loopback server that answers API requests from a script, in order, and
//! can drop a connection without answering: what httpmock cannot do. The
//! token endpoint always answers with a token. Every request is recorded.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

use tokio::io::BufReader;
use tokio::net::TcpListener;

use crate::support::{TOKEN, TOKEN_PATH};
use crate::wire;

/// One scripted answer.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Status, extra headers, JSON body.
    Status(u16, Vec<(&'static str, String)>, String),
    /// Close the connection without a response.
    Drop,
}

impl Reply {
    pub fn status(status: u16) -> Self {
        Reply::Status(status, vec![], "{}".into())
    }

    pub fn json(status: u16, body: &str) -> Self {
        Reply::Status(status, vec![], body.into())
    }
}

/// A request the server saw.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: BTreeMap<String, String>,
}

pub struct ScriptedServer {
    pub base_url: String,
    script: Arc<Mutex<VecDeque<Reply>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl ScriptedServer {
    /// Starts on the current runtime.
    pub async fn start(replies: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let script = Arc::new(Mutex::new(VecDeque::from(replies)));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (script.clone(), seen.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (s, r) = (s.clone(), r.clone());
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut reader = BufReader::new(read);
                    while let Some(request) = wire::read_request(&mut reader).await {
                        let is_token = request.path == TOKEN_PATH;
                        r.lock().unwrap().push(Seen {
                            method: request.method,
                            path: request.path,
                            headers: request.headers,
                        });
                        let reply = if is_token {
                            let body = format!(
                                r#"{{"token_type":"Bearer","expires_in":3600,"access_token":"{TOKEN}"}}"#
                            );
                            Reply::json(200, &body)
                        } else {
                            s.lock()
                                .unwrap()
                                .pop_front()
                                .unwrap_or(Reply::json(599, r#"{"message":"script exhausted"}"#))
                        };
                        let Reply::Status(status, extra, body) = reply else {
                            return;
                        };
                        let extra: Vec<(&str, &str)> =
                            extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
                        if !wire::write(
                            &mut write,
                            &wire::response(status, &extra, body.as_bytes()),
                        )
                        .await
                        {
                            return;
                        }
                    }
                });
            }
        });
        Self {
            base_url,
            script,
            seen,
        }
    }

    /// API requests seen (token requests excluded).
    pub fn api_requests(&self) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.path != TOKEN_PATH)
            .cloned()
            .collect()
    }

    pub fn token_requests(&self) -> usize {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.path == TOKEN_PATH)
            .count()
    }

    pub fn script_left(&self) -> usize {
        self.script.lock().unwrap().len()
    }
}
