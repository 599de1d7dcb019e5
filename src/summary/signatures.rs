//! Counting message signatures (`templates::signature`) in input order, under a cap.
//!
//! A worker fills a chunk-local [`Signatures`] that logs each occurrence; the merge replays
//! those logs into the run's table line by line, in input order. The table therefore passes
//! through the same states whatever the chunking and thread count, and when it is full the
//! signature it evicts (the least seen, the newest among equals) is the same too. Evicted
//! signatures' lines are counted in `other`, never hidden.

use std::hash::Hasher;

use hashbrown::HashTable;
use rustc_hash::FxHasher;

use super::{Hist, Pos};
use crate::record::Level;

/// Distinct signatures a run keeps by default (`--max-templates` for `culprit templates`).
pub const DEFAULT_CAP: usize = 50_000;
/// A chunk-local log longer than this is folded into counts (only a source read whole, such
/// as a journal export stream, gets there: chunks hold far fewer lines).
const LOG_FOLD: usize = 1 << 20;
/// Occurrences a chunk-local log has room for from the start: a chunk of a busy log holds
/// hundreds of problem lines, and growing the log a doubling at a time copies them all again.
const LOG_START: usize = 1024;
/// Distinct signatures a chunk-local table has room for from the start (a chunk of a busy log
/// meets a few hundred).
const ENTRIES_START: usize = 256;
/// Examples are cut at this many bytes.
pub const EXAMPLE_CAP: usize = 600;

/// One distinct signature and where it was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub text: Box<str>,
    pub count: u64,
    /// The gravest level seen (`None`: no occurrence had one).
    pub level: Option<Level>,
    pub first: Pos,
    pub last: Pos,
    /// The message of the first occurrence, cut at [`EXAMPLE_CAP`] bytes.
    pub example: Box<[u8]>,
    /// When it occurred (occurrences with a timestamp).
    pub hist: Hist,
    hash: u64,
}

#[derive(Debug, Clone, Copy)]
struct Occurrence {
    id: u32,
    pos: Pos,
    level: Option<Level>,
}

/// Signatures with counts, first and last occurrence.
#[derive(Debug, Clone)]
pub struct Signatures {
    index: HashTable<u32>,
    entries: Vec<Entry>,
    /// Chunk-local tables log occurrences for the merge to replay; the run's table does not.
    log: Option<Vec<Occurrence>>,
    cap: usize,
    /// Bumped at each eviction, which renumbers the table.
    generation: u64,
    /// Lines whose signature was evicted, or arrived when it could not be kept.
    pub other_lines: u64,
    /// Distinct signatures evicted.
    pub other_signatures: u64,
    /// A chunk-local table's texts and examples; its entries' own stay empty.
    arena: Option<Arena>,
}

/// The texts and examples of a chunk-local table, end to end. A chunk of a busy log meets
/// hundreds of distinct signatures; kept in two boxes each, they would cost two allocations
/// apiece on the worker and two frees on the merge thread, the dearest way to use an allocator
/// (its free lists then have to be handed back across threads). Here a chunk's table costs a
/// few growing buffers.
#[derive(Debug, Clone, Default)]
struct Arena {
    texts: String,
    examples: Vec<u8>,
    /// For each entry, where its text and its example end (each starts where the entry
    /// before ends).
    ends: Vec<(usize, usize)>,
}

impl Arena {
    /// Room for `n` entries of typical size: a chunk's table fills to a few hundred, and
    /// growing a doubling at a time would copy them again and again.
    fn with_capacity(n: usize) -> Arena {
        Arena {
            texts: String::with_capacity(n * 48),
            examples: Vec::with_capacity(n * 128),
            ends: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, text: &str, example: &[u8]) {
        self.texts.push_str(text);
        self.examples.extend_from_slice(example);
        self.ends.push((self.texts.len(), self.examples.len()));
    }

    fn starts(&self, i: usize) -> (usize, usize) {
        if i == 0 {
            (0, 0)
        } else {
            self.ends[i - 1]
        }
    }

    fn text(&self, i: usize) -> &str {
        &self.texts[self.starts(i).0..self.ends[i].0]
    }

    fn example(&self, i: usize) -> &[u8] {
        &self.examples[self.starts(i).1..self.ends[i].1]
    }
}

impl Default for Signatures {
    fn default() -> Signatures {
        Signatures::local()
    }
}

impl Signatures {
    /// A chunk-local table: every occurrence is logged for [`Signatures::absorb`].
    pub fn local() -> Signatures {
        Signatures {
            index: HashTable::with_capacity(ENTRIES_START),
            entries: Vec::with_capacity(ENTRIES_START),
            log: Some(Vec::with_capacity(LOG_START)),
            cap: usize::MAX,
            generation: 0,
            other_lines: 0,
            other_signatures: 0,
            arena: Some(Arena::with_capacity(ENTRIES_START)),
        }
    }

    /// The run's table, keeping at most `cap` distinct signatures.
    pub fn global(cap: usize) -> Signatures {
        Signatures {
            index: HashTable::new(),
            entries: Vec::new(),
            log: None,
            cap: cap.max(1),
            generation: 0,
            other_lines: 0,
            other_signatures: 0,
            arena: None,
        }
    }

    /// Counts one occurrence of `text` at `pos`. `message` is kept as the example when the
    /// signature is new.
    pub fn add(&mut self, text: &str, message: &[u8], pos: Pos, level: Option<Level>) {
        self.add_hashed(text, hash_text(text), message, pos, level);
    }

    /// [`Signatures::add`] with the text's [`hash_text`] already computed.
    pub fn add_hashed(
        &mut self,
        text: &str,
        hash: u64,
        message: &[u8],
        pos: Pos,
        level: Option<Level>,
    ) {
        let id = match self.find_hashed(text, hash) {
            Some(id) => id,
            None => self.insert(text, hash, message, pos, level),
        };
        match self.log.as_mut() {
            Some(log) => {
                log.push(Occurrence { id, pos, level });
                if log.len() >= LOG_FOLD {
                    self.fold();
                }
            }
            None => self.count(id, pos, level),
        }
    }

    fn insert(
        &mut self,
        text: &str,
        hash: u64,
        message: &[u8],
        pos: Pos,
        level: Option<Level>,
    ) -> u32 {
        if self.entries.len() >= self.cap {
            self.evict();
        }
        let id = self.entries.len() as u32;
        let example = super::cut_text(message, EXAMPLE_CAP);
        let (text, example): (Box<str>, Box<[u8]>) = match self.arena.as_mut() {
            Some(arena) => {
                arena.push(text, example);
                (Box::default(), Box::default())
            }
            None => (text.into(), example.into()),
        };
        self.entries.push(Entry {
            text,
            count: 0,
            level,
            first: pos,
            last: pos,
            example,
            hist: Hist::default(),
            hash,
        });
        let entries = &self.entries;
        self.index
            .insert_unique(hash, id, |&i| entries[i as usize].hash);
        id
    }

    fn count(&mut self, id: u32, pos: Pos, level: Option<Level>) {
        let e = &mut self.entries[id as usize];
        if e.count == 0 {
            e.first = pos;
        }
        e.count += 1;
        e.last = pos;
        e.level = e.level.max(level);
        if let Some(t) = pos.timestamp {
            e.hist.add(t);
        }
    }

    /// Applies a local table's log to its own counts (a table read whole grew large).
    fn fold(&mut self) {
        if let Some(log) = self.log.take() {
            for o in &log {
                self.count(o.id, o.pos, o.level);
            }
            let mut log = log;
            log.clear();
            self.log = Some(log);
        }
    }

    /// Drops the least-seen quarter of the table (ties: the newest first), counting their
    /// lines in `other_lines`.
    fn evict(&mut self) {
        self.unpack();
        let mut order: Vec<u32> = (0..self.entries.len() as u32).collect();
        order.sort_by_key(|&i| (self.entries[i as usize].count, std::cmp::Reverse(i)));
        let drop = (self.entries.len() / 4).max(1);
        let mut gone = vec![false; self.entries.len()];
        for &i in &order[..drop] {
            gone[i as usize] = true;
            self.other_lines += self.entries[i as usize].count;
            self.other_signatures += 1;
        }
        let mut kept = Vec::with_capacity(self.entries.len() - drop);
        for (i, e) in std::mem::take(&mut self.entries).into_iter().enumerate() {
            if !gone[i] {
                kept.push(e);
            }
        }
        self.entries = kept;
        self.index.clear();
        for (i, e) in self.entries.iter().enumerate() {
            self.index.insert_unique(e.hash, i as u32, |_| 0);
        }
        let entries = &self.entries;
        self.index.shrink_to(0, |&i| entries[i as usize].hash);
        self.generation += 1;
    }

    /// Moves an arena's texts and examples into the entries' own boxes.
    fn unpack(&mut self) {
        if let Some(arena) = self.arena.take() {
            for (i, e) in self.entries.iter_mut().enumerate() {
                e.text = arena.text(i).into();
                e.example = arena.example(i).into();
            }
        }
    }

    /// The text of entry `i`.
    fn text(&self, i: usize) -> &str {
        match &self.arena {
            Some(arena) => arena.text(i),
            None => &self.entries[i].text,
        }
    }

    /// The example of entry `i`.
    fn example(&self, i: usize) -> &[u8] {
        match &self.arena {
            Some(arena) => arena.example(i),
            None => &self.entries[i].example,
        }
    }

    /// Adds what `later` counted, which covers input after everything `self` covers. Its
    /// occurrences are replayed in order, so the result does not depend on where the input was
    /// cut.
    pub fn absorb(&mut self, mut later: Signatures) {
        self.other_lines += later.other_lines;
        self.other_signatures += later.other_signatures;
        let log = later.log.take();
        let later = &later;
        let entries = &later.entries;
        // Counts folded before the log was kept (a table read whole) come first.
        let mut map: Vec<Option<u32>> = vec![None; entries.len()];
        let mut generation = self.generation;
        for (i, e) in entries.iter().enumerate() {
            if e.count > 0 {
                let id = self.lookup(later, &mut map, i);
                self.merge_counts(id, e);
            }
        }
        for o in log.unwrap_or_default() {
            if generation != self.generation {
                // An eviction renumbered the table: forget every translation.
                map.iter_mut().for_each(|m| *m = None);
                generation = self.generation;
            }
            let id = match map[o.id as usize] {
                Some(id) => id,
                None => self.lookup(later, &mut map, o.id as usize),
            };
            match self.log.as_mut() {
                Some(log) => log.push(Occurrence { id, ..o }),
                None => self.count(id, o.pos, o.level),
            }
        }
    }

    /// The id in `self` of the text of `later`'s entry `local`, inserting it when new.
    fn lookup(&mut self, later: &Signatures, map: &mut [Option<u32>], local: usize) -> u32 {
        let e = &later.entries[local];
        let text = later.text(local);
        let id = match self.find_hashed(text, e.hash) {
            Some(id) => id,
            None => {
                let generation = self.generation;
                let id = self.insert(text, e.hash, later.example(local), e.first, e.level);
                if self.generation != generation {
                    map.iter_mut().for_each(|m| *m = None);
                }
                id
            }
        };
        map[local] = Some(id);
        id
    }

    fn merge_counts(&mut self, id: u32, e: &Entry) {
        let mine = &mut self.entries[id as usize];
        if mine.count == 0 {
            mine.first = e.first;
        }
        mine.count += e.count;
        mine.last = e.last;
        mine.level = mine.level.max(e.level);
        mine.hist.absorb(&e.hist);
    }

    /// Every kept signature with a count, in order of first occurrence. Only a global table's:
    /// a local one counts what it logged only once folded, and keeps its texts apart; absorb
    /// it into a global one to read it.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        debug_assert!(self.arena.is_none(), "entries of a chunk-local table");
        self.entries.iter().filter(|e| e.count > 0)
    }

    /// Kept signatures.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The hash of each kept signature, by table id.
    pub fn hashes(&self) -> impl Iterator<Item = u64> + '_ {
        self.entries.iter().map(|e| e.hash)
    }

    /// The table's id for `text`, if kept.
    pub fn find(&self, text: &str) -> Option<u32> {
        self.find_hashed(text, hash_text(text))
    }

    fn find_hashed(&self, text: &str, hash: u64) -> Option<u32> {
        self.index
            .find(hash, |&i| self.text(i as usize) == text)
            .copied()
    }
}

/// Signatures folded into one template by [`Signatures::cluster`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub text: String,
    pub count: u64,
    pub level: Option<Level>,
    pub first: Pos,
    pub last: Pos,
    /// The example of the template's first signature.
    pub example: Box<[u8]>,
    /// When its lines occurred.
    pub hist: Hist,
}

/// The templates of a table, in order of first occurrence.
#[derive(Debug, Clone, Default)]
pub struct Clustering {
    pub templates: Vec<Template>,
    /// For each table id, the index of its template.
    pub of: Vec<u32>,
}

impl Signatures {
    /// Groups the kept signatures into templates (`templates::mine`).
    pub fn cluster(&self) -> Clustering {
        if self.log.as_ref().is_some_and(|l| !l.is_empty()) {
            // A local table used as an accumulator: count what it logged first.
            let mut settled = self.clone();
            settled.fold();
            settled.unpack();
            return settled.cluster();
        }
        if self.arena.is_some() {
            let mut unpacked = self.clone();
            unpacked.unpack();
            return unpacked.cluster();
        }
        let list: Vec<(&str, u64)> = self.entries.iter().map(|e| (&*e.text, e.count)).collect();
        let mined = crate::templates::mine(&list);
        let mut slots: Vec<Option<Template>> = vec![None; mined.templates.len()];
        for (e, &t) in self.entries.iter().zip(&mined.of) {
            if e.count == 0 {
                continue;
            }
            match &mut slots[t as usize] {
                Some(tpl) => {
                    tpl.count += e.count;
                    tpl.level = tpl.level.max(e.level);
                    tpl.hist.absorb(&e.hist);
                    if place(&e.first) < place(&tpl.first) {
                        tpl.first = e.first;
                        tpl.example = e.example.clone();
                    }
                    if place(&e.last) > place(&tpl.last) {
                        tpl.last = e.last;
                    }
                }
                slot @ None => {
                    *slot = Some(Template {
                        text: mined.templates[t as usize].clone(),
                        count: e.count,
                        level: e.level,
                        first: e.first,
                        last: e.last,
                        example: e.example.clone(),
                        hist: e.hist.clone(),
                    })
                }
            }
        }
        let mut order: Vec<usize> = (0..slots.len()).filter(|&i| slots[i].is_some()).collect();
        order.sort_by_key(|&i| slots[i].as_ref().map(|t| place(&t.first)));
        let mut renumber = vec![u32::MAX; slots.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old] = new as u32;
        }
        let of = mined.of.iter().map(|&t| renumber[t as usize]).collect();
        let templates = order.into_iter().filter_map(|i| slots[i].take()).collect();
        Clustering { templates, of }
    }
}

fn place(p: &Pos) -> (u32, u64) {
    (p.source, p.line)
}

/// The hash signatures are kept under; lines can be matched to their signature by it.
pub fn hash_text(text: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(text.as_bytes());
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u64) -> Pos {
        Pos {
            source: 0,
            line,
            end_line: line,
            timestamp: None,
        }
    }

    /// Feeds `lines` (signature texts, line numbers from 1) cut into chunks of `chunk` lines.
    fn run(lines: &[&str], chunk: usize, cap: usize) -> Signatures {
        let mut global = Signatures::global(cap);
        for (c, part) in lines.chunks(chunk).enumerate() {
            let mut local = Signatures::local();
            for (i, text) in part.iter().enumerate() {
                let line = (c * chunk + i + 1) as u64;
                local.add(text, text.as_bytes(), pos(line), Some(Level::Error));
            }
            global.absorb(local);
        }
        global
    }

    fn snapshot(s: &Signatures) -> Vec<(String, u64, u64, u64)> {
        s.entries()
            .map(|e| (e.text.to_string(), e.count, e.first.line, e.last.line))
            .collect()
    }

    #[test]
    fn counts_first_and_last_do_not_depend_on_chunking() {
        let lines: Vec<String> = (0..200).map(|i| format!("sig {}", (i * 7) % 13)).collect();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let whole = snapshot(&run(&lines, lines.len(), 100));
        for chunk in [1, 3, 17, 64] {
            assert_eq!(snapshot(&run(&lines, chunk, 100)), whole, "chunk {chunk}");
        }
        assert_eq!(whole.iter().map(|e| e.1).sum::<u64>(), 200);
    }

    #[test]
    fn a_chunk_tables_texts_and_examples_survive_absorbing_and_clustering() {
        // A chunk-local table keeps texts and examples apart from its entries: absorbed into a
        // global table, or into another local one that is then clustered, each signature must
        // arrive with its own text and first example, not a neighbour's or an empty one.
        let texts = [
            "disk <*> full",
            "timeout after <*> ms",
            "disk <*> full",
            "é <*> ü",
        ];
        let mut a = Signatures::local();
        let mut b = Signatures::local();
        for (i, t) in texts.iter().enumerate() {
            let example = format!("example {i} of {t}");
            let table = if i < 2 { &mut a } else { &mut b };
            table.add(t, example.as_bytes(), pos(i as u64 + 1), Some(Level::Error));
        }
        let mut global = Signatures::global(100);
        global.absorb(a.clone());
        global.absorb(b.clone());
        let got: Vec<(String, Vec<u8>, u64)> = global
            .entries()
            .map(|e| (e.text.to_string(), e.example.to_vec(), e.count))
            .collect();
        let want = vec![
            (
                "disk <*> full".to_string(),
                b"example 0 of disk <*> full".to_vec(),
                2,
            ),
            (
                "timeout after <*> ms".to_string(),
                b"example 1 of timeout after <*> ms".to_vec(),
                1,
            ),
            (
                "é <*> ü".to_string(),
                "example 3 of é <*> ü".as_bytes().to_vec(),
                1,
            ),
        ];
        assert_eq!(got, want);
        // A local table used as an accumulator clusters like the global one.
        a.absorb(b);
        let (from_local, from_global) = (a.cluster(), global.cluster());
        let summary = |c: &Clustering| {
            c.templates
                .iter()
                .map(|t| (t.text.clone(), t.count, t.example.to_vec()))
                .collect::<Vec<_>>()
        };
        assert_eq!(summary(&from_local), summary(&from_global));
        assert!(!from_local.templates.is_empty());
    }

    #[test]
    fn a_full_table_evicts_the_same_rare_signatures_whatever_the_chunking() {
        // One frequent signature among thousands of one-offs: the frequent one survives, the
        // one-offs are counted in `other`, and the result is the same for every chunking.
        let mut lines = Vec::new();
        for i in 0..5000 {
            lines.push(String::from("the frequent one"));
            lines.push(format!("unique {i}"));
        }
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let whole = run(&lines, lines.len(), 64);
        assert!(whole.len() <= 64);
        assert_eq!(
            whole.entries().next().unwrap().text.as_ref(),
            "the frequent one"
        );
        let kept: u64 = whole.entries().map(|e| e.count).sum();
        assert_eq!(kept + whole.other_lines, 10_000, "no line is lost");
        for chunk in [1, 7, 333] {
            let cut = run(&lines, chunk, 64);
            assert_eq!(snapshot(&cut), snapshot(&whole), "chunk {chunk}");
            assert_eq!(cut.other_lines, whole.other_lines);
        }
    }
}
