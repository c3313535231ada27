//! Builds the index from a directory of text documents.

use std::fs;
use std::io;
use std::path::Path;

use search_core::Index;

/// Indexes every `.txt` file directly inside `docs` and writes the index to `out`.
pub fn build(docs: &Path, out: &Path) -> io::Result<usize> {
    let mut index = Index::default();
    let mut count = 0;
    for entry in fs::read_dir(docs)? {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        index.add(&name, &fs::read_to_string(&path)?);
        count += 1;
    }
    index.save(out)?;
    Ok(count)
}
