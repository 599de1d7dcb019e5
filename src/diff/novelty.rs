//! Every target line held against the baseline: known, similar to a baseline line, or new.

use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::features::{self, cheap_key};
use super::model::Model;
use crate::record::{Level, Record};
use crate::summary::{Pos, Signatures};

/// A line whose nearest baseline line shares at least this share of its words (token-set
/// Jaccard similarity) is a variant of it, not new.
pub const SIMILAR: f64 = 0.5;
/// A shape grew when its rate (lines per line read) is at least this many times the
/// baseline's ...
pub const GROWTH_FACTOR: f64 = 10.0;
/// ... over at least this many target lines.
pub const GROWTH_MIN: u64 = 5;
/// Examples are cut at this many bytes.
const EXAMPLE_CAP: usize = 600;

/// How a line stands to the baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Class {
    /// Its signature is the baseline's signature `0`.
    Known(u32),
    /// Not in the baseline, but like baseline signature `0` (similarity `1`).
    Similar(u32, f64),
    /// Far from every baseline line: the nearest (if any shares a word) and its similarity.
    New(Option<(u32, f64)>),
}

/// Classifies messages against a model, reusing its buffers.
pub struct Classifier {
    model: Arc<Model>,
    scratch: String,
    toks: Vec<u32>,
    near: features::Scratch,
}

impl Classifier {
    pub fn new(model: Arc<Model>) -> Classifier {
        Classifier {
            model,
            scratch: String::new(),
            toks: Vec::new(),
            near: features::Scratch::default(),
        }
    }

    /// The class of `message`; its signature is left in [`Classifier::signature`] unless the
    /// cheap key alone settled it (then that is empty).
    pub fn classify(&mut self, message: &[u8]) -> Class {
        self.scratch.clear();
        if let Some(id) = self.model.by_key(cheap_key(message)) {
            return Class::Known(id);
        }
        let text = crate::report::sanitize::text(message);
        crate::templates::signature(&text, &mut self.scratch);
        self.classify_signature()
    }

    fn classify_signature(&mut self) -> Class {
        if let Some(id) = self.model.find(&self.scratch) {
            return Class::Known(id);
        }
        features::tokens(&self.scratch, &mut self.toks);
        if self.toks.is_empty() {
            // Punctuation and placeholders only: nothing to tell it from the baseline by.
            return Class::Similar(u32::MAX, 0.0);
        }
        match self.model.neighbours().nearest(&self.toks, &mut self.near) {
            Some((id, j)) if j >= SIMILAR => Class::Similar(id, j),
            near => Class::New(near),
        }
    }

    pub fn signature(&self) -> &str {
        &self.scratch
    }

    pub fn model(&self) -> &Model {
        &self.model
    }
}

#[derive(Debug, Clone)]
enum Verdict {
    Known(u32),
    /// Not in the baseline as such; counted for its nearest baseline shape.
    Similar(u32, f64),
    New(Box<str>, u64, Option<(u32, f64)>),
}

/// Where a baseline shape was first seen in the target, and how often.
#[derive(Debug, Clone)]
pub struct Seen {
    pub count: u64,
    pub first: Pos,
    pub example: Box<[u8]>,
}

/// The novelty of the target lines of a chunk, or of the whole run once absorbed.
pub struct Novelty {
    classifier: Classifier,
    /// The baseline group the current source is compared with (`None`: all of it).
    group: Option<u32>,
    cache: FxHashMap<u64, Verdict>,
    /// By `group key << 32 | signature`: target lines of each baseline shape (similar lines
    /// count for their nearest).
    pub seen: FxHashMap<u64, Seen>,
    /// Target lines per group key (0: all of the baseline; g + 1: group g).
    pub lines_by_group: BTreeMap<u32, u64>,
    /// The new lines, by signature, in input order.
    pub novel: Signatures,
    /// Classes of the lines patterns matched, in input order (at most [`MARK_CAP`]).
    marks: Vec<((u32, u64), Class)>,
    pub lines: u64,
    pub new_lines: u64,
    pub similar_lines: u64,
}

/// Pattern-matched lines whose class is noted, at most.
pub const MARK_CAP: usize = 100_000;

pub fn group_key(group: Option<u32>) -> u32 {
    group.map_or(0, |g| g + 1)
}

impl Novelty {
    /// A chunk's, for a source compared with `group`.
    pub fn local(model: Arc<Model>, group: Option<u32>) -> Novelty {
        Novelty {
            classifier: Classifier::new(model),
            group,
            cache: FxHashMap::default(),
            seen: FxHashMap::default(),
            lines_by_group: BTreeMap::new(),
            novel: Signatures::local(),
            marks: Vec::new(),
            lines: 0,
            new_lines: 0,
            similar_lines: 0,
        }
    }

    /// The run's, keeping at most `cap` distinct new signatures.
    pub fn global(model: Arc<Model>, cap: usize) -> Novelty {
        Novelty {
            novel: Signatures::global(cap),
            ..Novelty::local(model, None)
        }
    }

    pub fn model(&self) -> &Model {
        self.classifier.model()
    }

    /// A classifier against the same baseline.
    pub fn classifier(&self) -> Classifier {
        Classifier::new(self.classifier.model.clone())
    }

    /// Holds line `line` of source `source` against the baseline.
    pub fn add(&mut self, source: u32, line: u64, rec: &Record<'_>) -> Option<Class> {
        if rec.meta {
            return None;
        }
        self.lines += 1;
        let pos = Pos {
            source,
            line,
            end_line: line,
            timestamp: rec.timestamp,
        };
        let message: &[u8] = &rec.message;
        let key = cheap_key(message);
        let verdict = match self.classifier.model().by_key(key) {
            Some(id) => Verdict::Known(id),
            None => match self.cache.get(&key) {
                Some(v) => v.clone(),
                None => {
                    let v = match self.classifier.classify(message) {
                        Class::Known(id) => Verdict::Known(id),
                        Class::Similar(id, j) => Verdict::Similar(id, j),
                        Class::New(near) => {
                            let sig = self.classifier.signature();
                            Verdict::New(
                                sig.into(),
                                crate::summary::signatures::hash_text(sig),
                                near,
                            )
                        }
                    };
                    self.cache.insert(key, v.clone());
                    v
                }
            },
        };
        Some(self.count(verdict, pos, rec.level, message))
    }

    /// Notes the class of line `line` of `source` (a line a pattern matched), for ranking.
    pub fn mark(&mut self, source: u32, line: u64, class: Class) {
        if self.marks.len() < MARK_CAP {
            self.marks.push(((source, line), class));
        }
    }

    /// The class noted for a line by [`Novelty::mark`].
    pub fn marked(&self, source: u32, line: u64) -> Option<Class> {
        self.marks
            .binary_search_by(|(at, _)| at.cmp(&(source, line)))
            .ok()
            .map(|i| self.marks[i].1)
    }

    fn count(&mut self, v: Verdict, pos: Pos, level: Option<Level>, message: &[u8]) -> Class {
        let (id, class) = match v {
            Verdict::Known(id) => (id, Class::Known(id)),
            Verdict::Similar(id, j) => {
                self.similar_lines += 1;
                (id, Class::Similar(id, j))
            }
            Verdict::New(sig, hash, near) => {
                self.new_lines += 1;
                self.novel.add_hashed(&sig, hash, message, pos, level);
                return Class::New(near);
            }
        };
        if id == u32::MAX {
            return class;
        }
        let k = (u64::from(group_key(self.group)) << 32) | u64::from(id);
        self.seen
            .entry(k)
            .and_modify(|s| s.count += 1)
            .or_insert_with(|| Seen {
                count: 1,
                first: pos,
                example: crate::summary::cut_text(message, EXAMPLE_CAP).into(),
            });
        class
    }

    /// Adds what `later` counted, which covers input after everything `self` covers.
    pub fn absorb(&mut self, later: Novelty) {
        self.lines += later.lines;
        self.new_lines += later.new_lines;
        self.similar_lines += later.similar_lines;
        // A chunk's lines all belong to its source's group.
        *self
            .lines_by_group
            .entry(group_key(later.group))
            .or_insert(0) += later.lines;
        for (k, s) in later.seen {
            self.seen
                .entry(k)
                .and_modify(|mine| mine.count += s.count)
                .or_insert(s);
        }
        self.novel.absorb(later.novel);
        for (at, c) in later.marks {
            if self.marks.len() < MARK_CAP {
                self.marks.push((at, c));
            }
        }
    }

    /// Shapes whose rate grew past [`GROWTH_FACTOR`] times the baseline's, most grown first.
    pub fn grown(&self) -> Vec<Growth> {
        let model = self.model();
        let mut out = Vec::new();
        for (&k, s) in &self.seen {
            if s.count < GROWTH_MIN {
                continue;
            }
            let gk = (k >> 32) as u32;
            let id = k as u32;
            let target_lines = self.lines_by_group.get(&gk).copied().unwrap_or(0);
            let mut group = gk.checked_sub(1);
            if group.is_some_and(|g| model.count(id, Some(g)) == 0) {
                // Known from other files of the baseline only: compare with all of it.
                group = None;
            }
            let base = model.count(id, group);
            let base_lines = model.group_lines(group);
            if base == 0 || base_lines == 0 || target_lines == 0 {
                continue;
            }
            let base_rate = base as f64 / base_lines as f64;
            let rate = s.count as f64 / target_lines as f64;
            let factor = rate / base_rate;
            if factor >= GROWTH_FACTOR {
                out.push(Growth {
                    signature: id,
                    target_group: gk,
                    count: s.count,
                    rate,
                    base_rate,
                    factor,
                    first: s.first,
                    example: s.example.clone(),
                });
            }
        }
        out.sort_by(|a, b| {
            b.factor
                .total_cmp(&a.factor)
                .then((a.first.source, a.first.line).cmp(&(b.first.source, b.first.line)))
        });
        out
    }

    /// The target rate (per line) of baseline shape `id` in the files compared with `group`,
    /// and the baseline's.
    pub fn rates(&self, id: u32, group: Option<u32>) -> (u64, f64, f64) {
        let model = self.model();
        let gk = group_key(group);
        let k = (u64::from(gk) << 32) | u64::from(id);
        let count = self.seen.get(&k).map_or(0, |s| s.count);
        let lines = self.lines_by_group.get(&gk).copied().unwrap_or(0).max(1);
        let mut g = group;
        if g.is_some_and(|g| model.count(id, Some(g)) == 0) {
            g = None;
        }
        let base_lines = model.group_lines(g).max(1);
        (
            count,
            count as f64 / lines as f64,
            model.count(id, g) as f64 / base_lines as f64,
        )
    }
}

/// A baseline shape seen far more often in the target.
#[derive(Debug, Clone)]
pub struct Growth {
    pub signature: u32,
    pub target_group: u32,
    pub count: u64,
    /// Lines per line read, in the target and in the baseline.
    pub rate: f64,
    pub base_rate: f64,
    pub factor: f64,
    pub first: Pos,
    pub example: Box<[u8]>,
}
