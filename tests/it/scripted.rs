//! A raw TCP server on loopback that answers API requests from a script, in
//! order, and can drop a connection without answering: what httpmock cannot
//! do. The token endpoint always answers with a token. Every request is
//! recorded with its headers.

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

use crate::support::{TOKEN, TOKEN_PATH};

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
    pub headers: HashMap<String, String>,
}

pub struct ScriptedServer {
    pub base_url: String,
    script: Arc<Mutex<VecDeque<Reply>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl ScriptedServer {
    pub fn start(replies: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let script = Arc::new(Mutex::new(VecDeque::from(replies)));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (script.clone(), seen.clone());
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let (s, r) = (s.clone(), r.clone());
                thread::spawn(move || serve(stream, &s, &r));
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

fn serve(stream: TcpStream, script: &Mutex<VecDeque<Reply>>, seen: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    // Keep-alive: answer requests on this connection until it closes.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_string();
        let path = parts.next().unwrap_or_default().to_string();
        let mut headers = HashMap::new();
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((k, v)) = header.split_once(':') {
                headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
            }
        }
        let length: usize = headers
            .get("content-length")
            .and_then(|l| l.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        seen.lock().unwrap().push(Seen {
            method,
            path: path.clone(),
            headers,
        });
        let reply = if path == TOKEN_PATH {
            Reply::json(
                200,
                &format!(r#"{{"token_type":"Bearer","expires_in":3600,"access_token":"{TOKEN}"}}"#),
            )
        } else {
            script
                .lock()
                .unwrap()
                .pop_front()
                .unwrap_or(Reply::json(599, r#"{"message":"script exhausted"}"#))
        };
        match reply {
            Reply::Drop => return,
            Reply::Status(status, extra, body) => {
                let mut response = format!(
                    "HTTP/1.1 {status} Scripted\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
                    body.len()
                );
                for (k, v) in extra {
                    response.push_str(&format!("{k}: {v}\r\n"));
                }
                response.push_str("\r\n");
                response.push_str(&body);
                if stream.write_all(response.as_bytes()).is_err() {
                    return;
                }
            }
        }
    }
}
