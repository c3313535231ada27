//! One-off: `reindex DOCS_DIR INDEX_PATH` rebuilds the index and exits.

use std::env;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let (docs, out) = match args.as_slice() {
        [docs, out] => (docs.as_str(), out.as_str()),
        _ => ("/srv/docs", "/var/lib/search/index.tsv"),
    };
    match indexer::build(Path::new(docs), Path::new(out)) {
        Ok(n) => {
            println!("indexed {n} documents into {out}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("reindex failed: {err}");
            ExitCode::FAILURE
        }
    }
}
