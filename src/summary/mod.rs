//! The summary: what the analysis found, as one mergeable value.
//!
//! Each worker fills a `Summary` from the events of its chunk; the merge combines them in input
//! order with [`Summary::absorb`], which is associative, so that the result is the same for
//! every thread count and chunk size, and so that the same code can later combine files or
//! machines. This module counts; it does not rank (`rank`) or print (`report`).

mod timeline;

use std::hash::Hasher;

use hashbrown::HashTable;
use rustc_hash::FxHasher;

use std::collections::BTreeMap;

use crate::engine::LineHit;
use crate::event::Event;
use crate::patterns::Capture;
use crate::record::{Level, Timestamp};

pub use timeline::{BucketCounts, Timeline};

/// A place in the input: a source (index into the run's inputs) and its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub source: u32,
    pub line: u64,
    pub end_line: u64,
    pub timestamp: Option<Timestamp>,
}

/// Warning-or-worse events whose messages are equal once digits and hex are masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The masked message (`connect to <*> failed`).
    pub key: Box<[u8]>,
    pub count: u64,
    /// The gravest level seen.
    pub level: Level,
    pub first: Pos,
    pub last: Pos,
    /// The message of the first occurrence, cut at [`EXAMPLE_CAP`] bytes.
    pub example: Box<[u8]>,
    hash: u64,
}

/// The time window `--since`/`--until` restrict the analysis to. Events without a timestamp
/// cannot be placed and are kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
}

impl Window {
    fn admits(&self, ts: Option<Timestamp>) -> bool {
        match ts {
            None => true,
            Some(t) => self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t <= u),
        }
    }
}

/// At most this many distinct problem messages are kept; the rest are counted in
/// `other_problems`. Which ones are kept depends only on the messages (the smallest hashes),
/// never on the order or chunking of the input, so results stay deterministic.
pub const PROBLEM_CAP: usize = 10_000;
/// Masked keys and examples are cut at these lengths.
pub const KEY_CAP: usize = 300;
pub const EXAMPLE_CAP: usize = 600;

/// Counts of one analysis (or one chunk of it).
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub window: Window,
    pub events: u64,
    /// Events per level, indexed by `Level::index()`; the last slot counts events without one.
    pub by_level: [u64; 8],
    /// Events outside `--since`/`--until`.
    pub excluded: u64,
    pub first_timestamp: Option<Timestamp>,
    pub last_timestamp: Option<Timestamp>,
    /// Problems by the hash of their key (`Problem::hash`), each key stored once, in the
    /// problem: a map from key to problem would hold every key twice, and allocate and copy it
    /// twice per new problem per chunk.
    problems: HashTable<Problem>,
    /// Problem events whose message did not fit under [`PROBLEM_CAP`].
    pub other_problems: u64,
    /// Smallest hash evicted so far: keys hashing at or above it are not kept.
    evict_threshold: Option<u64>,
    pub timeline: Timeline,
    /// Known-failure pattern hits, by pattern index.
    pub patterns: BTreeMap<u32, PatternStats>,
    scratch: Vec<u8>,
}

/// How often a known-failure pattern matched, where first and last, and the lines that show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternStats {
    pub count: u64,
    pub first: Pos,
    pub last: Pos,
    /// The first [`EVIDENCE_KEPT`] matching lines.
    pub evidence: Vec<Evidence>,
    /// What the first match's fields are captured from (`PatternSet::fields`).
    pub capture: Option<Capture>,
}

/// A line that shows something, as it stands in its source (cut at [`EXAMPLE_CAP`] bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub pos: Pos,
    pub text: Box<[u8]>,
}

/// How many matching lines of each pattern are kept as evidence.
pub const EVIDENCE_KEPT: usize = 3;

/// Index of the "no level" slot of `by_level`.
pub const NO_LEVEL: usize = 7;

impl Summary {
    pub fn new(window: Window) -> Summary {
        Summary {
            window,
            ..Summary::default()
        }
    }

    /// Counts one event of source `source`.
    pub fn add_event(&mut self, source: u32, ev: &Event<'_>) {
        if !self.window.admits(ev.timestamp) {
            self.excluded += 1;
            return;
        }
        self.events += 1;
        self.by_level[ev.level.map_or(NO_LEVEL, Level::index)] += 1;
        if let Some(t) = ev.timestamp {
            self.first_timestamp = Some(self.first_timestamp.map_or(t, |f| f.min(t)));
            self.last_timestamp = Some(self.last_timestamp.map_or(t, |l| l.max(t)));
            self.timeline.add(t, ev.level);
        }
        let Some(level) = ev.level.filter(|l| l.is_problem()) else {
            return;
        };
        let pos = Pos {
            source,
            line: ev.line,
            end_line: ev.end_line,
            timestamp: ev.timestamp,
        };
        let mut key = std::mem::take(&mut self.scratch);
        mask_digits(&ev.message, &mut key);
        let hash = hash_key(&key);
        if let Some(p) = self.problems.find_mut(hash, |p| *p.key == *key) {
            p.count += 1;
            p.level = p.level.max(level);
            p.last = pos;
        } else if self.evict_threshold.is_some_and(|t| hash >= t) {
            self.other_problems += 1;
        } else {
            let example = &ev.message[..ev.message.len().min(EXAMPLE_CAP)];
            let problem = Problem {
                key: key.as_slice().into(),
                count: 1,
                level,
                first: pos,
                last: pos,
                example: example.into(),
                hash,
            };
            self.problems.insert_unique(hash, problem, |p| p.hash);
            self.enforce_cap();
        }
        key.clear();
        self.scratch = key;
    }

    /// Whether a hit of `pattern` would have its fields kept: only the first hit's are.
    pub fn wants_fields(&self, pattern: u32) -> bool {
        !self.patterns.contains_key(&pattern)
    }

    /// Counts one pattern hit of source `source`.
    pub fn add_hit(&mut self, source: u32, hit: &LineHit<'_>) {
        if !self.window.admits(hit.timestamp) {
            return;
        }
        let pos = Pos {
            source,
            line: hit.line,
            end_line: hit.line,
            timestamp: hit.timestamp,
        };
        let text = &hit.text[..hit.text.len().min(EXAMPLE_CAP)];
        match self.patterns.get_mut(&hit.pattern) {
            Some(stats) => {
                stats.count += 1;
                stats.last = pos;
                if stats.evidence.len() < EVIDENCE_KEPT {
                    stats.evidence.push(Evidence {
                        pos,
                        text: text.into(),
                    });
                }
            }
            None => {
                self.patterns.insert(
                    hit.pattern,
                    PatternStats {
                        count: 1,
                        first: pos,
                        last: pos,
                        evidence: vec![Evidence {
                            pos,
                            text: text.into(),
                        }],
                        capture: hit.capture.cloned(),
                    },
                );
            }
        }
    }

    /// Adds the counts of `later`, which covers input after everything `self` covers.
    pub fn absorb(&mut self, later: Summary) {
        for (id, theirs) in later.patterns {
            match self.patterns.get_mut(&id) {
                Some(mine) => {
                    mine.count += theirs.count;
                    mine.last = theirs.last;
                    let room = EVIDENCE_KEPT.saturating_sub(mine.evidence.len());
                    mine.evidence.extend(theirs.evidence.into_iter().take(room));
                }
                None => {
                    self.patterns.insert(id, theirs);
                }
            }
        }
        self.events += later.events;
        for (a, b) in self.by_level.iter_mut().zip(later.by_level) {
            *a += b;
        }
        self.excluded += later.excluded;
        self.first_timestamp = min_opt(self.first_timestamp, later.first_timestamp);
        self.last_timestamp = max_opt(self.last_timestamp, later.last_timestamp);
        self.other_problems += later.other_problems;
        self.evict_threshold = min_opt(self.evict_threshold, later.evict_threshold);
        for p in later.problems {
            if let Some(mine) = self.problems.find_mut(p.hash, |q| q.key == p.key) {
                mine.count += p.count;
                mine.level = mine.level.max(p.level);
                mine.last = p.last;
            } else if self.evict_threshold.is_some_and(|t| p.hash >= t) {
                self.other_problems += p.count;
            } else {
                self.problems.insert_unique(p.hash, p, |q| q.hash);
            }
        }
        // Anything this side kept that the other side's threshold rules out is dropped too, so
        // that the kept set is the same whatever the chunking.
        if let Some(t) = self.evict_threshold {
            let dropped: u64 = self
                .problems
                .iter()
                .filter(|p| p.hash >= t)
                .map(|p| p.count)
                .sum();
            if dropped > 0 {
                self.problems.retain(|p| p.hash < t);
                self.other_problems += dropped;
            }
        }
        self.enforce_cap();
        self.timeline.absorb(later.timeline);
    }

    fn enforce_cap(&mut self) {
        if self.problems.len() <= PROBLEM_CAP {
            return;
        }
        let mut hashes: Vec<u64> = self.problems.iter().map(|p| p.hash).collect();
        hashes.sort_unstable();
        let threshold = hashes[PROBLEM_CAP];
        let dropped: u64 = self
            .problems
            .iter()
            .filter(|p| p.hash >= threshold)
            .map(|p| p.count)
            .sum();
        self.problems.retain(|p| p.hash < threshold);
        self.other_problems += dropped;
        self.evict_threshold = min_opt(self.evict_threshold, Some(threshold));
    }

    /// Problems, most frequent first (ties: first seen first).
    pub fn problems(&self) -> Vec<&Problem> {
        let mut v: Vec<&Problem> = self.problems.iter().collect();
        v.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(a.first.source.cmp(&b.first.source))
                .then(a.first.line.cmp(&b.first.line))
        });
        v
    }

    /// Count of events at `level` (`None`: events without a level).
    pub fn level_count(&self, level: Option<Level>) -> u64 {
        self.by_level[level.map_or(NO_LEVEL, Level::index)]
    }
}

fn min_opt<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, None) => a,
        (None, b) => b,
    }
}

fn max_opt<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, None) => a,
        (None, b) => b,
    }
}

fn hash_key(key: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(key);
    h.finish()
}

/// Writes `msg` into `out` with every run of letters and digits that holds a digit replaced by
/// `<*>`, and whitespace runs folded to one space: `took 35ms on node-7f3a` → `took <*> on
/// node-<*>`. A stand-in for template mining that needs no state.
///
/// Runs on every warning-or-worse event. Most of a message is copied as it is, so the text
/// between changes is copied in one piece when the next change (a masked run, a whitespace run
/// other than one space) comes; a byte-class table tells runs apart. The output is cut at
/// [`KEY_CAP`]: it only ever grows, so stopping once the cap is passed gives the same prefix as
/// masking everything.
pub fn mask_digits(msg: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let n = msg.len();
    let mut i = 0;
    // `msg[copied..i]` is output not yet written to `out`: its length counts towards the cap.
    let mut copied = 0;
    while i < n && out.len() + (i - copied) < KEY_CAP {
        let start = i;
        let class = MASK_CLASS[msg[i] as usize];
        if class & (ALPHA | DIGIT) != 0 {
            let mut seen = 0;
            while i < n {
                let c = MASK_CLASS[msg[i] as usize];
                if c & (ALPHA | DIGIT) == 0 {
                    break;
                }
                seen |= c;
                i += 1;
            }
            if seen & DIGIT != 0 {
                out.extend_from_slice(&msg[copied..start]);
                out.extend_from_slice(b"<*>");
                copied = i;
            }
        } else if class == SPACE {
            while i < n && MASK_CLASS[msg[i] as usize] == SPACE {
                i += 1;
            }
            let empty = out.is_empty() && copied == start;
            let keep = !empty && i < n;
            // One space between words is already what the output wants.
            if !(keep && i == start + 1 && msg[start] == b' ') {
                out.extend_from_slice(&msg[copied..start]);
                if keep {
                    out.push(b' ');
                }
                copied = i;
            }
        } else {
            while i < n && MASK_CLASS[msg[i] as usize] == 0 {
                i += 1;
            }
        }
    }
    out.extend_from_slice(&msg[copied..i]);
    out.truncate(KEY_CAP);
}

/// Byte classes for `mask_digits`: ASCII letters, ASCII digits, ASCII whitespace, and 0 for
/// everything else (punctuation, non-ASCII bytes), which is copied as it is.
const ALPHA: u8 = 1;
const DIGIT: u8 = 2;
const SPACE: u8 = 4;
static MASK_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b.is_ascii_alphabetic() {
            ALPHA
        } else if b.is_ascii_digit() {
            DIGIT
        } else if b.is_ascii_whitespace() {
            SPACE
        } else {
            0
        };
        c += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::EventKind;
    use std::borrow::Cow;

    fn ev(line: u64, level: Option<Level>, msg: &str, ts: Option<i64>) -> Event<'static> {
        Event {
            line,
            end_line: line,
            timestamp: ts.map(Timestamp::from_unix_seconds),
            level,
            origin: None,
            message: Cow::Owned(msg.as_bytes().to_vec()),
            kind: EventKind::Plain,
            root: None,
        }
    }

    #[test]
    fn masking_hides_numbers_and_hex_but_keeps_words() {
        let mut out = Vec::new();
        mask_digits(
            b"connect to 10.0.0.5:5432 failed after  35ms (id 7f3a9c)",
            &mut out,
        );
        assert_eq!(
            out,
            b"connect to <*>.<*>.<*>.<*>:<*> failed after <*> (id <*>)"
        );
    }

    /// The byte-at-a-time masking `mask_digits` replaced, as the reference it must match.
    fn mask_reference(msg: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut i = 0;
        let n = msg.len();
        while i < n && out.len() < KEY_CAP {
            let b = msg[i];
            if b.is_ascii_alphanumeric() {
                let start = i;
                let mut digit = false;
                while i < n && msg[i].is_ascii_alphanumeric() {
                    digit |= msg[i].is_ascii_digit();
                    i += 1;
                }
                if digit {
                    out.extend_from_slice(b"<*>");
                } else {
                    out.extend_from_slice(&msg[start..i]);
                }
            } else if b.is_ascii_whitespace() {
                while i < n && msg[i].is_ascii_whitespace() {
                    i += 1;
                }
                if !out.is_empty() && i < n {
                    out.push(b' ');
                }
            } else {
                out.push(b);
                i += 1;
            }
        }
        out.truncate(KEY_CAP);
        out
    }

    #[test]
    fn masking_matches_the_byte_at_a_time_reference() {
        let alphabet: &[u8] = b"ab Z09 \t\n.:-_/\xc3\xa9\xff()=,\"";
        let mut seed = 7u64;
        let mut out = Vec::new();
        for len in (0..40).chain([299, 300, 301, 302, 400, 900]) {
            for _ in 0..200 {
                let msg: Vec<u8> = (0..len)
                    .map(|_| {
                        seed = seed
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        alphabet[(seed >> 33) as usize % alphabet.len()]
                    })
                    .collect();
                mask_digits(&msg, &mut out);
                assert_eq!(
                    out,
                    mask_reference(&msg),
                    "{:?}",
                    String::from_utf8_lossy(&msg)
                );
            }
        }
    }

    #[test]
    fn same_problem_with_other_numbers_is_counted_once() {
        let mut s = Summary::default();
        s.add_event(
            0,
            &ev(1, Some(Level::Error), "timeout after 30 ms", Some(10)),
        );
        s.add_event(0, &ev(2, Some(Level::Info), "all good", Some(11)));
        s.add_event(
            0,
            &ev(3, Some(Level::Critical), "timeout after 45 ms", Some(12)),
        );
        let p = s.problems();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].count, 2);
        assert_eq!(p[0].level, Level::Critical);
        assert_eq!((p[0].first.line, p[0].last.line), (1, 3));
        assert_eq!(&*p[0].example, b"timeout after 30 ms");
        assert_eq!(s.events, 3);
        assert_eq!(s.level_count(Some(Level::Error)), 1);
    }

    #[test]
    fn absorb_equals_counting_everything_in_one() {
        let events: Vec<Event<'static>> = (0..500)
            .map(|i| {
                let level = [
                    Some(Level::Error),
                    Some(Level::Warn),
                    None,
                    Some(Level::Info),
                ][i % 4];
                ev(
                    i as u64 + 1,
                    level,
                    &format!("msg kind {} value {}", i % 7, i),
                    Some(1000 + i as i64 * 37),
                )
            })
            .collect();
        let mut whole = Summary::default();
        for e in &events {
            whole.add_event(0, e);
        }
        for split in [1, 7, 250, 499] {
            let mut a = Summary::default();
            let mut b = Summary::default();
            for e in &events[..split] {
                a.add_event(0, e);
            }
            for e in &events[split..] {
                b.add_event(0, e);
            }
            a.absorb(b);
            assert_eq!(a.events, whole.events);
            assert_eq!(a.by_level, whole.by_level);
            assert_eq!(a.problems(), whole.problems());
            assert_eq!(a.timeline, whole.timeline);
        }
    }

    #[test]
    fn window_excludes_events_outside_it() {
        let window = Window {
            since: Some(Timestamp::from_unix_seconds(100)),
            until: None,
        };
        let mut s = Summary::new(window);
        s.add_event(0, &ev(1, Some(Level::Error), "early", Some(50)));
        s.add_event(0, &ev(2, Some(Level::Error), "late", Some(150)));
        s.add_event(0, &ev(3, Some(Level::Error), "untimed", None));
        assert_eq!((s.events, s.excluded), (2, 1));
    }
}
