//! Tokenising and a tiny on-disk inverted index shared by the gateway and the indexer.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;

/// Lower-cased alphanumeric words of `text`.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

#[derive(Default, Debug)]
pub struct Index {
    postings: BTreeMap<String, BTreeSet<String>>,
}

impl Index {
    pub fn add(&mut self, doc: &str, text: &str) {
        for token in tokens(text) {
            self.postings.entry(token).or_default().insert(doc.to_string());
        }
    }

    /// Documents that contain every word of the query.
    pub fn search(&self, query: &str) -> Vec<String> {
        let mut result: Option<BTreeSet<String>> = None;
        for token in tokens(query) {
            let docs = self.postings.get(&token).cloned().unwrap_or_default();
            result = Some(match result {
                None => docs,
                Some(acc) => acc.intersection(&docs).cloned().collect(),
            });
        }
        result.map(|s| s.into_iter().collect()).unwrap_or_default()
    }

    pub fn save(&self, path: &Path) -> io::Result<()> {
        let tmp = path.with_extension("tmp");
        let mut out = io::BufWriter::new(fs::File::create(&tmp)?);
        for (token, docs) in &self.postings {
            let list: Vec<&str> = docs.iter().map(String::as_str).collect();
            writeln!(out, "{}\t{}", token, list.join(","))?;
        }
        out.flush()?;
        drop(out);
        fs::rename(tmp, path)
    }

    pub fn load(path: &Path) -> io::Result<Index> {
        let mut index = Index::default();
        for line in BufReader::new(fs::File::open(path)?).lines() {
            let line = line?;
            if let Some((token, docs)) = line.split_once('\t') {
                let set = docs.split(',').filter(|d| !d.is_empty()).map(str::to_string).collect();
                index.postings.insert(token.to_string(), set);
            }
        }
        Ok(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_intersects_words() {
        let mut index = Index::default();
        index.add("a", "Rust search engine");
        index.add("b", "search party");
        assert_eq!(index.search("search"), vec!["a", "b"]);
        assert_eq!(index.search("rust SEARCH"), vec!["a"]);
    }
}
