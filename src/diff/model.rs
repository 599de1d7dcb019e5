//! The baseline model: what passing runs said, line shape by line shape, and its file format
//! (`docs/baseline.md`).

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::features::{self, Neighbours};
use crate::engine::Sink;
use crate::event::Event;
use crate::record::Record;

/// The first line of a saved baseline; the rest is zstd-compressed JSON.
pub const FORMAT: &str = "culprit.baseline/v1";
/// Distinct signatures a baseline keeps; lines of later new signatures are counted in
/// `dropped_lines`.
pub const SIGNATURE_CAP: usize = 100_000;
/// Cheap keys (`features::cheap_key`) a baseline keeps.
pub const KEY_CAP: usize = 400_000;

/// A group of baseline files compared with the target files of the same relative path (`""`:
/// files named on their own, which are compared with target files named on their own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub name: String,
    /// Lines read into this group.
    pub lines: u64,
}

/// One line shape of the baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// The masked message (`templates::signature`).
    pub text: String,
    /// How many baseline runs it appeared in.
    pub runs: u32,
    /// `(group, lines)` for each group it appeared in.
    pub counts: Vec<(u32, u64)>,
}

/// What passing runs said; built from logs ([`Builder`]) or loaded from a file ([`load`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    pub format: String,
    /// The culprit version that wrote it.
    pub tool: String,
    /// Baseline runs (one per `--baseline` argument or per `baseline build` input argument).
    pub runs: u32,
    /// Lines read.
    pub lines: u64,
    pub groups: Vec<Group>,
    pub signatures: Vec<Signature>,
    /// `(cheap key, signature id)`: lines with one of these keys are known without masking.
    pub keys: Vec<(u64, u32)>,
    /// Lines whose signature arrived when the model was full, and how many signatures that was.
    pub dropped_lines: u64,
    pub dropped_signatures: u64,
    #[serde(skip)]
    pub(super) index: Index,
}

/// Look-up structures rebuilt on load.
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    pub by_text: FxHashMap<u64, Vec<u32>>,
    pub by_key: FxHashMap<u64, u32>,
    pub by_group: FxHashMap<String, u32>,
    /// Lines per signature over all groups.
    pub totals: Vec<u64>,
    pub neighbours: Neighbours,
}

impl Model {
    pub fn empty() -> Model {
        Model {
            format: FORMAT.to_string(),
            tool: env!("CARGO_PKG_VERSION").to_string(),
            runs: 0,
            lines: 0,
            groups: Vec::new(),
            signatures: Vec::new(),
            keys: Vec::new(),
            dropped_lines: 0,
            dropped_signatures: 0,
            index: Index::default(),
        }
    }

    /// The id of a signature text.
    pub fn find(&self, text: &str) -> Option<u32> {
        self.index
            .by_text
            .get(&features::text_hash(text))?
            .iter()
            .copied()
            .find(|&id| self.signatures[id as usize].text == text)
    }

    /// The signature a cheap key stands for.
    pub fn by_key(&self, key: u64) -> Option<u32> {
        self.index.by_key.get(&key).copied()
    }

    pub fn group(&self, name: &str) -> Option<u32> {
        self.index.by_group.get(name).copied()
    }

    /// Lines of signature `id` in `group` (all groups: `None`).
    pub fn count(&self, id: u32, group: Option<u32>) -> u64 {
        match group {
            None => self.index.totals[id as usize],
            Some(g) => self.signatures[id as usize]
                .counts
                .iter()
                .find(|(cg, _)| *cg == g)
                .map_or(0, |c| c.1),
        }
    }

    /// Lines read into `group` (all: `None`).
    pub fn group_lines(&self, group: Option<u32>) -> u64 {
        match group {
            None => self.lines,
            Some(g) => self.groups[g as usize].lines,
        }
    }

    pub fn neighbours(&self) -> &Neighbours {
        &self.index.neighbours
    }

    /// Rebuilds the look-up structures after loading or building.
    pub fn reindex(&mut self) {
        let mut idx = Index::default();
        for (i, s) in self.signatures.iter().enumerate() {
            idx.by_text
                .entry(features::text_hash(&s.text))
                .or_default()
                .push(i as u32);
            idx.totals.push(s.counts.iter().map(|c| c.1).sum());
        }
        for &(k, id) in &self.keys {
            idx.by_key.insert(k, id);
        }
        for (i, g) in self.groups.iter().enumerate() {
            idx.by_group.insert(g.name.clone(), i as u32);
        }
        idx.neighbours = Neighbours::build(self.signatures.iter().map(|s| s.text.as_str()));
        self.index = idx;
    }

    fn group_id(&mut self, name: &str) -> u32 {
        if let Some(&g) = self.index.by_group.get(name) {
            return g;
        }
        let g = self.groups.len() as u32;
        self.groups.push(Group {
            name: name.to_string(),
            lines: 0,
        });
        self.index.by_group.insert(name.to_string(), g);
        g
    }

    fn signature_id(&mut self, text: &str) -> Option<u32> {
        if let Some(id) = self.find(text) {
            return Some(id);
        }
        if self.signatures.len() >= SIGNATURE_CAP {
            return None;
        }
        let id = self.signatures.len() as u32;
        self.signatures.push(Signature {
            text: text.to_string(),
            runs: 0,
            counts: Vec::new(),
        });
        self.index
            .by_text
            .entry(features::text_hash(text))
            .or_default()
            .push(id);
        Some(id)
    }

    /// Adds another model's runs (`baseline update`, or several `--baseline` models).
    pub fn merge(&mut self, other: &Model) {
        let groups: Vec<u32> = other
            .groups
            .iter()
            .map(|g| self.group_id(&g.name))
            .collect();
        for (g, og) in groups.iter().zip(&other.groups) {
            self.groups[*g as usize].lines += og.lines;
        }
        let mut ids: Vec<Option<u32>> = Vec::with_capacity(other.signatures.len());
        for s in &other.signatures {
            let id = self.signature_id(&s.text);
            ids.push(id);
            match id {
                Some(id) => {
                    let mine = &mut self.signatures[id as usize];
                    mine.runs += s.runs;
                    for &(g, n) in &s.counts {
                        add_count(&mut mine.counts, groups[g as usize], n);
                    }
                }
                None => {
                    self.dropped_signatures += 1;
                    self.dropped_lines += s.counts.iter().map(|c| c.1).sum::<u64>();
                }
            }
        }
        self.add_keys(
            other
                .keys
                .iter()
                .filter_map(|&(k, id)| ids[id as usize].map(|id| (k, id))),
        );
        self.runs += other.runs;
        self.lines += other.lines;
        self.dropped_lines += other.dropped_lines;
        self.dropped_signatures += other.dropped_signatures;
        self.reindex();
    }

    fn add_keys(&mut self, keys: impl Iterator<Item = (u64, u32)>) {
        for (k, id) in keys {
            if self.keys.len() >= KEY_CAP {
                break;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = self.index.by_key.entry(k) {
                e.insert(id);
                self.keys.push((k, id));
            }
        }
    }
}

fn add_count(counts: &mut Vec<(u32, u64)>, group: u32, n: u64) {
    match counts.iter_mut().find(|c| c.0 == group) {
        Some(c) => c.1 += n,
        None => counts.push((group, n)),
    }
}

/// A chunk's lines, by cheap key, for [`Builder::absorb`].
///
/// Lines are not masked here: a baseline of millions of lines has a few thousand distinct keys,
/// and [`Builder::absorb`] masks each once for the whole input instead of once per chunk. Only
/// once the model's key table is full (so that keys stop being remembered) do the chunks mask
/// their own lines, which gives the same signatures, so the result does not depend on when a
/// chunk noticed.
#[derive(Default)]
pub struct BuildSink {
    keys: FxHashMap<u64, u32>,
    /// By first sighting in the chunk: key, lines, the first line's message, and its
    /// signature when masked here.
    entries: Vec<Entry>,
    lines: u64,
    keys_full: Arc<AtomicBool>,
}

struct Entry {
    key: u64,
    lines: u64,
    message: Box<[u8]>,
    signature: Option<String>,
}

impl BuildSink {
    /// A chunk's, for `builder`.
    pub fn new(builder: &Builder) -> BuildSink {
        BuildSink {
            keys_full: builder.keys_full.clone(),
            ..BuildSink::default()
        }
    }

    /// Another chunk's, for the same builder.
    pub fn empty(&self) -> BuildSink {
        BuildSink {
            keys_full: self.keys_full.clone(),
            ..BuildSink::default()
        }
    }

    /// Counts one message.
    pub fn add(&mut self, message: &[u8]) {
        self.lines += 1;
        let key = features::cheap_key(message);
        if let Some(&i) = self.keys.get(&key) {
            self.entries[i as usize].lines += 1;
            return;
        }
        let signature = self
            .keys_full
            .load(Ordering::Relaxed)
            .then(|| signature_of(message));
        self.keys.insert(key, self.entries.len() as u32);
        self.entries.push(Entry {
            key,
            lines: 1,
            message: message.into(),
            signature,
        });
    }
}

fn signature_of(message: &[u8]) -> String {
    let mut out = String::new();
    crate::templates::signature_of_bytes(message, &mut out);
    out
}

impl Sink for BuildSink {
    fn event(&mut self, _ev: &Event<'_>) {}

    fn record(&mut self, _line: u64, rec: &Record<'_>) {
        if !rec.meta {
            self.add(&rec.message);
        }
    }
}

/// Builds a model from the chunks of baseline runs, in input order.
pub struct Builder {
    pub model: Model,
    run: u32,
    /// The last run each signature was counted in (1-based; 0: none).
    last_run: Vec<u32>,
    /// Set once the model holds [`KEY_CAP`] keys; chunks then mask their own lines.
    keys_full: Arc<AtomicBool>,
}

impl Default for Builder {
    fn default() -> Builder {
        Builder::new()
    }
}

impl Builder {
    pub fn new() -> Builder {
        Builder {
            model: Model::empty(),
            run: 0,
            last_run: Vec::new(),
            keys_full: Arc::default(),
        }
    }

    /// Starts the next run: the chunks absorbed from now on belong to it.
    pub fn next_run(&mut self) {
        self.run += 1;
        self.model.runs += 1;
    }

    /// Adds a chunk of the current run read from a file of group `group`. A key the model
    /// knows counts for the signature of its first line in the input; a new one is masked.
    pub fn absorb(&mut self, chunk: BuildSink, group: &str) {
        let g = self.model.group_id(group);
        self.model.lines += chunk.lines;
        self.model.groups[g as usize].lines += chunk.lines;
        for e in chunk.entries {
            let id = match self.model.by_key(e.key) {
                Some(id) => Some(id),
                None => {
                    let text = e.signature.unwrap_or_else(|| signature_of(&e.message));
                    let id = self.model.signature_id(&text);
                    if let Some(id) = id {
                        self.model.add_keys(std::iter::once((e.key, id)));
                    }
                    id
                }
            };
            let Some(id) = id else {
                self.model.dropped_lines += e.lines;
                self.model.dropped_signatures += 1;
                continue;
            };
            self.last_run.resize(self.model.signatures.len(), 0);
            let s = &mut self.model.signatures[id as usize];
            add_count(&mut s.counts, g, e.lines);
            if self.last_run[id as usize] != self.run {
                self.last_run[id as usize] = self.run;
                s.runs += 1;
            }
        }
        if self.model.keys.len() >= KEY_CAP {
            self.keys_full.store(true, Ordering::Relaxed);
        }
    }

    pub fn finish(mut self) -> Model {
        self.model.reindex();
        self.model
    }
}

/// Whether `head` (a file's first bytes) starts like a saved baseline.
pub fn is_model(head: &[u8]) -> bool {
    head.starts_with(b"culprit.baseline/")
}

/// Writes `model` in the saved format: the [`FORMAT`] line, then zstd-compressed JSON.
pub fn save(model: &Model, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(FORMAT.as_bytes())?;
    out.write_all(b"\n")?;
    let mut enc = zstd::Encoder::new(out, 9)?;
    serde_json::to_writer(&mut enc, model)?;
    enc.finish()?;
    Ok(())
}

/// Reads a saved model; the error says what is wrong in a few words.
pub fn load(input: &mut dyn Read) -> Result<Model, String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while head.len() < 64 {
        match input.read(&mut byte) {
            Ok(0) => break,
            Ok(_) if byte[0] == b'\n' => break,
            Ok(_) => head.push(byte[0]),
            Err(e) => return Err(e.to_string()),
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    if !head.starts_with("culprit.baseline/") {
        return Err(String::from(
            "not a culprit baseline (make one with `culprit baseline build -o FILE GOOD...`)",
        ));
    }
    if head != FORMAT {
        return Err(format!(
            "baseline format '{head}' is not the '{FORMAT}' this culprit ({}) reads; rebuild it with `culprit baseline build`",
            env!("CARGO_PKG_VERSION")
        ));
    }
    let dec = zstd::Decoder::new(input).map_err(|e| format!("corrupt baseline: {e}"))?;
    let mut model: Model = serde_json::from_reader(std::io::BufReader::new(dec))
        .map_err(|e| format!("corrupt baseline: {e}"))?;
    if model.format != FORMAT {
        return Err(format!(
            "corrupt baseline: header says '{FORMAT}' but the body says '{}'",
            model.format
        ));
    }
    let n = model.signatures.len();
    let groups = model.groups.len();
    if model.keys.iter().any(|&(_, id)| id as usize >= n)
        || model
            .signatures
            .iter()
            .any(|s| s.counts.iter().any(|&(g, _)| g as usize >= groups))
    {
        return Err(String::from(
            "corrupt baseline: an index points past the end",
        ));
    }
    model.reindex();
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(runs: &[&[&str]]) -> Model {
        let mut b = Builder::new();
        for run in runs {
            b.next_run();
            let mut sink = BuildSink::default();
            for line in *run {
                sink.add(line.as_bytes());
            }
            b.absorb(sink, "");
        }
        b.finish()
    }

    #[test]
    fn a_saved_model_loads_as_it_was() {
        let m = build(&[
            &["took 12 ms", "took 9 ms", "ready"],
            &["ready", "done at 0x7f3a"],
        ]);
        assert_eq!(m.runs, 2);
        assert_eq!(m.lines, 5);
        let mut buf = Vec::new();
        save(&m, &mut buf).unwrap();
        assert!(buf.starts_with(b"culprit.baseline/v1\n"));
        let back = load(&mut buf.as_slice()).unwrap();
        assert_eq!(back.signatures, m.signatures);
        assert_eq!(back.keys, m.keys);
        let ready = back.find("ready").unwrap();
        assert_eq!(back.signatures[ready as usize].runs, 2);
        assert_eq!(back.count(ready, None), 2);
    }

    #[test]
    fn another_version_or_garbage_is_refused_in_words() {
        let e = load(&mut &b"culprit.baseline/v9\n..."[..]).unwrap_err();
        assert!(e.contains("v9") && e.contains("v1"), "{e}");
        let e = load(&mut &b"hello"[..]).unwrap_err();
        assert!(e.contains("not a culprit baseline"), "{e}");
        let e = load(&mut &b"culprit.baseline/v1\nnot zstd"[..]).unwrap_err();
        assert!(e.contains("corrupt"), "{e}");
    }

    #[test]
    fn chunks_that_mask_their_own_lines_give_the_same_model() {
        // Once the key table is full, chunks mask lines themselves; a model must not depend on
        // which chunk noticed first.
        let chunks: [&[&str]; 3] = [
            &["GET / HTTP/1.1 200", "took 3 ms", "GET / HTTP/2 404"],
            &["GET / HTTP/2 500", "worker ready", "took 9 ms"],
            &["worker ready", "GET / HTTP/1.0 200"],
        ];
        let build = |self_masking: bool| {
            let mut b = Builder::new();
            b.next_run();
            b.keys_full.store(self_masking, Ordering::Relaxed);
            for chunk in chunks {
                let mut sink = BuildSink::new(&b);
                for line in chunk {
                    sink.add(line.as_bytes());
                }
                b.absorb(sink, "");
            }
            b.finish()
        };
        let (a, b) = (build(false), build(true));
        assert_eq!(a.signatures, b.signatures);
        assert_eq!(a.keys, b.keys);
        // Lines with the same key count for the shape of the first of them.
        let get = a.find("GET / HTTP/<*> <*>").expect("first shape kept");
        assert_eq!(a.count(get, None), 4, "{:?}", a.signatures);
    }

    #[test]
    fn merging_adds_runs_and_counts() {
        let mut a = build(&[&["ready", "took 3 ms"]]);
        let b = build(&[&["ready", "stopped"]]);
        a.merge(&b);
        assert_eq!(a.runs, 2);
        let ready = a.find("ready").unwrap();
        assert_eq!(
            (a.signatures[ready as usize].runs, a.count(ready, None)),
            (2, 2)
        );
        assert!(a.find("stopped").is_some());
    }
}
