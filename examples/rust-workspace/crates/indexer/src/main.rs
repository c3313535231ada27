//! Re-indexes the document folder every `INTERVAL_SECS` seconds.

use std::env;
use std::path::PathBuf;
use std::thread;
use std::time::Duration;

fn main() {
    let docs = PathBuf::from(env::var("DOCS_DIR").unwrap_or_else(|_| "/srv/docs".into()));
    let out = PathBuf::from(env::var("INDEX_PATH").unwrap_or_else(|_| "/var/lib/search/index.tsv".into()));
    let every = env::var("INTERVAL_SECS").ok().and_then(|v| v.parse().ok()).unwrap_or(60);
    loop {
        match indexer::build(&docs, &out) {
            Ok(n) => eprintln!("indexed {n} documents"),
            Err(err) => eprintln!("indexing failed: {err}"),
        }
        thread::sleep(Duration::from_secs(every));
    }
}
