//! HTTP gateway: `GET /search?q=...` answers from the index the indexer writes.

use std::env;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;

use search_core::Index;

fn etag(body: &[u8]) -> String {
    let digest = openssl::sha::sha256(body);
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn query_of(request_line: &str) -> Option<String> {
    let target = request_line.split_whitespace().nth(1)?;
    let query = target.strip_prefix("/search?")?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("q="))
        .map(|q| q.replace('+', " "))
}

fn handle(mut stream: TcpStream, index_path: &PathBuf) -> std::io::Result<()> {
    let mut request_line = String::new();
    BufReader::new(&stream).read_line(&mut request_line)?;
    let (status, body) = if request_line.starts_with("GET /healthz ") {
        ("204 No Content", String::new())
    } else if let Some(q) = query_of(&request_line) {
        match Index::load(index_path) {
            Ok(index) => ("200 OK", index.search(&q).join("\n")),
            Err(err) => ("503 Service Unavailable", format!("index not ready: {err}")),
        }
    } else {
        ("404 Not Found", String::from("not found"))
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nETag: \"{}\"\r\nConnection: close\r\n\r\n{body}",
        body.len(),
        etag(body.as_bytes())
    )
}

fn main() -> std::io::Result<()> {
    let addr = env::var("LISTEN").unwrap_or_else(|_| "0.0.0.0:3000".into());
    let index_path = PathBuf::from(env::var("INDEX_PATH").unwrap_or_else(|_| "/var/lib/search/index.tsv".into()));
    let listener = TcpListener::bind(&addr)?;
    eprintln!("gateway listening on {addr}");
    for stream in listener.incoming() {
        match stream {
            Ok(s) => {
                if let Err(err) = handle(s, &index_path) {
                    eprintln!("request failed: {err}");
                }
            }
            Err(err) => eprintln!("accept failed: {err}"),
        }
    }
    Ok(())
}
