//! The summary: what the analysis found, as one mergeable value.
//!
//! Each worker fills a `Summary` from the events of its chunk; the merge combines them in input
//! order with [`Summary::absorb`], which is associative, so that the result is the same for
//! every thread count and chunk size, and so that the same code can later combine files or
//! machines. This module counts; it does not rank (`rank`) or print (`report`).

pub mod ci;
pub mod literals;
pub mod runners;
pub mod signatures;
mod timeline;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::engine::LineHit;
use crate::event::{Event, EventKind};
use crate::patterns::Capture;
use crate::record::{Level, Record, Timestamp};

pub use ci::CiTrail;
pub use runners::RunnerTrail;
pub use signatures::{Entry, Signatures};
pub use timeline::{BucketCounts, Hist, Timeline};

/// A place in the input: a source (index into the run's inputs) and its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub source: u32,
    pub line: u64,
    pub end_line: u64,
    pub timestamp: Option<Timestamp>,
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

/// Examples and evidence lines are cut at this many bytes.
pub const EXAMPLE_CAP: usize = 600;

/// `text` cut to at most `max` bytes, before the character the cut would split: a kept line
/// or message ends with what its source says, not with a U+FFFD for half a character. Bytes
/// that are not UTF-8 are cut anywhere.
pub fn cut_text(text: &[u8], max: usize) -> &[u8] {
    if text.len() <= max {
        return text;
    }
    // The start of the character the cut falls in: at most three continuation bytes back.
    let mut start = max;
    while start > 0 && max - start < 3 && text[start] & 0xc0 == 0x80 {
        start -= 1;
    }
    let width = match text[start] {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    };
    let whole = text
        .get(start..start + width)
        .is_some_and(|c| std::str::from_utf8(c).is_ok());
    if start < max && start + width > max && whole {
        &text[..start]
    } else {
        &text[..max]
    }
}

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
    /// Warning-or-worse events by message signature (`templates::signature`); the report
    /// folds them into templates.
    pub problems: Signatures,
    pub timeline: Timeline,
    /// Known-failure pattern hits, by pattern index.
    pub patterns: BTreeMap<u32, PatternStats>,
    /// What the lines say about a CI job's failure (runner markers and the lines before them).
    pub ci: CiTrail,
    /// What test runners and build tools said failed (failing tests, compiler errors).
    pub runners: RunnerTrail,
    /// The first and last [`TRACES_KEPT`] stack traces and tracebacks, in input order.
    pub traces: Vec<Trace>,
    scratch: String,
}

/// What a thread keeps for classifying messages across the chunks it reads: the memo of what
/// the trails made of messages read recently, and the literal scan's buffers. A chunk's summary
/// is made afresh for every chunk, so kept there the memo would start empty 2,000 times a
/// gigabyte (every message classified again) and its buffers would be allocated on one thread
/// and freed on another each time.
#[derive(Default)]
struct Classifier {
    memo: ClassMemo,
    hits: literals::Hits,
}

thread_local! {
    static CLASSIFIER: std::cell::RefCell<Classifier> = std::cell::RefCell::default();
}

/// What the CI and runner trails make of a message ([`ci::classify_hits`] and
/// [`runners::lines::classify_hits`] of it, which depend on the message alone), for the
/// messages read last, by hash: the lines a job's output or a service's stack traces repeat
/// word for word (frames, `Traceback (most recent call last):`, `request failed`) are then
/// classified once. Direct-mapped and bounded; only short messages are kept. A form is shared
/// with the facts made of it (an `Arc`): a hit costs no allocation, and the fact's owner (the
/// merge thread, for a chunk's) frees nothing another thread allocated.
#[derive(Debug, Clone, Default)]
struct ClassMemo {
    slots: Vec<ClassSlot>,
}

#[derive(Debug, Clone, Default)]
struct ClassSlot {
    hash: u64,
    message: Vec<u8>,
    class: ci::LineClass,
    form: Option<Arc<runners::Form>>,
}

impl ClassMemo {
    const SLOTS: usize = 256;
    /// Longer messages are classified afresh every time (they rarely repeat).
    const MAX: usize = 256;

    /// The key of a message; `None` for one too long to keep.
    fn hash(msg: &[u8]) -> Option<u64> {
        use std::hash::{BuildHasher, Hasher};
        if msg.len() > Self::MAX {
            return None;
        }
        let mut h = rustc_hash::FxBuildHasher.build_hasher();
        h.write(msg);
        Some(h.finish())
    }

    fn slot(hash: u64) -> usize {
        (hash >> 56) as usize % Self::SLOTS
    }

    fn get(
        &self,
        msg: &[u8],
        hash: Option<u64>,
    ) -> Option<(ci::LineClass, &Option<Arc<runners::Form>>)> {
        let hash = hash?;
        if self.slots.is_empty() {
            return None;
        }
        let s = &self.slots[Self::slot(hash)];
        (s.hash == hash && s.message == msg).then_some((s.class, &s.form))
    }

    fn put(
        &mut self,
        msg: &[u8],
        hash: Option<u64>,
        class: ci::LineClass,
        form: &Option<Arc<runners::Form>>,
    ) {
        let Some(hash) = hash else { return };
        if self.slots.is_empty() {
            self.slots = vec![ClassSlot::default(); Self::SLOTS];
        }
        let s = &mut self.slots[Self::slot(hash)];
        s.hash = hash;
        s.message.clear();
        s.message.extend_from_slice(msg);
        s.class = class;
        s.form.clone_from(form);
    }
}

/// A multi-line exception (Java trace, Python traceback, Go or Rust panic) and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    pub pos: Pos,
    pub kind: EventKind,
    pub level: Option<Level>,
    /// The event's message: for a Python traceback its final exception line.
    pub message: Vec<u8>,
    /// The likely root exception: the deepest `Caused by:` of a Java trace.
    pub root: Option<Vec<u8>>,
}

/// Traces kept from the start and from the end of the input.
pub const TRACES_KEPT: usize = 8;

fn push_trace(v: &mut Vec<Trace>, t: Trace) {
    make_room(v);
    v.push(t);
}

/// Makes room in `v` for one more trace, keeping the first and last [`TRACES_KEPT`]: the trace
/// dropped, if one was.
fn make_room(v: &mut Vec<Trace>) -> Option<Trace> {
    (v.len() >= 2 * TRACES_KEPT).then(|| v.remove(TRACES_KEPT))
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
    /// A chunk's summary, to be absorbed into a run's.
    pub fn new(window: Window) -> Summary {
        Summary {
            window,
            ..Summary::default()
        }
    }

    /// The run's summary, keeping at most `cap` distinct problem signatures.
    pub fn global(window: Window, cap: usize) -> Summary {
        Summary {
            window,
            problems: Signatures::global(cap),
            runners: RunnerTrail::global(),
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
        let pos = Pos {
            source,
            line: ev.line,
            end_line: ev.end_line,
            timestamp: ev.timestamp,
        };
        if ev.kind != EventKind::Plain {
            let message = cut_text(&ev.message, EXAMPLE_CAP);
            let root = ev.root.as_ref().map(|r| cut_text(r, EXAMPLE_CAP));
            // The trace that makes room lends its buffers: a log full of stack traces would
            // otherwise allocate and free two a trace.
            let t = match make_room(&mut self.traces) {
                Some(mut t) => {
                    t.pos = pos;
                    t.kind = ev.kind;
                    t.level = ev.level;
                    t.message.clear();
                    t.message.extend_from_slice(message);
                    match (root, t.root.as_mut()) {
                        (Some(r), Some(buf)) => {
                            buf.clear();
                            buf.extend_from_slice(r);
                        }
                        (r, _) => t.root = r.map(<[u8]>::to_vec),
                    }
                    t
                }
                None => Trace {
                    pos,
                    kind: ev.kind,
                    level: ev.level,
                    message: message.to_vec(),
                    root: root.map(<[u8]>::to_vec),
                },
            };
            self.traces.push(t);
        }
        let Some(level) = ev.level.filter(|l| l.is_problem()) else {
            return;
        };
        let mut sig = std::mem::take(&mut self.scratch);
        crate::templates::signature_of_bytes(&ev.message, &mut sig);
        self.problems.add(&sig, &ev.message, pos, Some(level));
        self.scratch = sig;
    }

    /// Whether a hit of `pattern` would have its fields kept: only the first hit's are.
    pub fn wants_fields(&self, pattern: u32) -> bool {
        !self.patterns.contains_key(&pattern)
    }

    /// Reads line `line` of source `source` for what it says about a CI job.
    ///
    /// Called for every line, and most are not read (a service's log line): the test is
    /// inlined into the caller, the reading is not.
    #[inline]
    pub fn add_record(&mut self, source: u32, line: u64, rec: &Record<'_>) {
        if !ci::reads(rec) || (rec.timestamp.is_some() && !self.window.admits(rec.timestamp)) {
            return;
        }
        self.read_record(source, line, rec);
    }

    #[inline(never)]
    fn read_record(&mut self, source: u32, line: u64, rec: &Record<'_>) {
        let msg: &[u8] = &rec.message;
        let (class, form) = CLASSIFIER.with_borrow_mut(|c| {
            let hash = ClassMemo::hash(msg);
            match c.memo.get(msg, hash) {
                Some((class, form)) => (class, form.clone()),
                None => {
                    // Both trails look for their literals in the same message: one scan serves
                    // both.
                    c.hits.scan(msg);
                    let class = ci::classify_hits(msg, &c.hits.ci);
                    let form = runners::lines::classify_hits(msg, &c.hits.runners).map(Arc::new);
                    c.memo.put(msg, hash, class, &form);
                    (class, form)
                }
            }
        });
        self.ci.add_classified(source, line, rec, class);
        self.runners.add_formed(source, line, rec, form);
    }

    /// Counts a failing test case of a JUnit XML report.
    pub fn add_test_case(&mut self, source: u32, case: &crate::record::junit::TestCase) {
        self.runners.add_test_case(source, case);
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
        let text = cut_text(hit.text, EXAMPLE_CAP);
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
        self.problems.absorb(later.problems);
        self.timeline.absorb(later.timeline);
        self.ci.absorb(later.ci);
        self.runners.absorb(later.runners);
        for t in later.traces {
            push_trace(&mut self.traces, t);
        }
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

/// The sink `analyze` gives each chunk of source `source`: every event, pattern hit, record and
/// test case goes into `summary`, which is then absorbed in input order.
pub struct SummarySink {
    pub source: u32,
    pub summary: Summary,
}

impl crate::engine::Sink for SummarySink {
    fn event(&mut self, ev: &Event<'_>) {
        self.summary.add_event(self.source, ev);
    }

    fn hit(&mut self, hit: &LineHit<'_>) {
        self.summary.add_hit(self.source, hit);
    }

    fn wants_fields(&self, pattern: u32) -> bool {
        self.summary.wants_fields(pattern)
    }

    #[inline]
    fn record(&mut self, line: u64, rec: &Record<'_>) {
        self.summary.add_record(self.source, line, rec);
    }

    fn test_case(&mut self, case: &crate::record::junit::TestCase) {
        self.summary.add_test_case(self.source, case);
    }
}

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

    proptest::proptest! {
        /// The traces kept are the first and last [`TRACES_KEPT`], in order, however many
        /// come, with or without a root, long or short: the buffers a dropped trace lends the
        /// next must carry nothing of it over.
        #[test]
        fn kept_traces_are_the_first_and_last_ones(
            traces in proptest::collection::vec((0usize..40, proptest::option::of(0usize..30)), 0..60),
        ) {
            let mut s = Summary::default();
            let mut reference = Vec::new();
            for (i, (len, root)) in traces.iter().enumerate() {
                let msg = format!("{}{}", i, "m".repeat(*len));
                let root = root.map(|n| format!("root {i} {}", "r".repeat(n)));
                let mut e = ev(i as u64 + 1, Some(Level::Error), &msg, None);
                e.kind = EventKind::JavaTrace;
                e.root = root.clone().map(|r| Cow::Owned(r.into_bytes()));
                s.add_event(0, &e);
                reference.push(
                    Trace {
                        pos: Pos { source: 0, line: i as u64 + 1, end_line: i as u64 + 1, timestamp: None },
                        kind: EventKind::JavaTrace,
                        level: Some(Level::Error),
                        message: msg.into_bytes(),
                        root: root.map(String::into_bytes),
                    },
                );
            }
            if reference.len() > 2 * TRACES_KEPT {
                reference.drain(TRACES_KEPT..reference.len() - TRACES_KEPT);
            }
            proptest::prop_assert_eq!(&s.traces, &reference);
        }
    }

    #[test]
    fn same_problem_with_other_numbers_is_counted_once() {
        let mut s = Summary::global(Window::default(), 100);
        s.add_event(
            0,
            &ev(1, Some(Level::Error), "timeout after 30 ms", Some(10)),
        );
        s.add_event(0, &ev(2, Some(Level::Info), "all good", Some(11)));
        s.add_event(
            0,
            &ev(3, Some(Level::Critical), "timeout after 45 ms", Some(12)),
        );
        let p: Vec<&Entry> = s.problems.entries().collect();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].count, 2);
        assert_eq!(p[0].level, Some(Level::Critical));
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
        let mut whole = Summary::global(Window::default(), 100);
        for e in &events {
            whole.add_event(0, e);
        }
        for split in [1, 7, 250, 499] {
            let mut a = Summary::global(Window::default(), 100);
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
            let entries = |s: &Summary| s.problems.entries().cloned().collect::<Vec<_>>();
            assert_eq!(entries(&a), entries(&whole));
            assert_eq!(a.timeline, whole.timeline);
        }
    }

    #[test]
    fn texts_are_cut_between_characters() {
        let line = "é日x".as_bytes(); // 2 + 3 + 1 bytes
        let cuts: Vec<&[u8]> = (0..=6).map(|n| cut_text(line, n)).collect();
        let want: [&[u8]; 7] = [
            b"",
            b"",
            "é".as_bytes(),
            "é".as_bytes(),
            "é".as_bytes(),
            "é日".as_bytes(),
            line,
        ];
        assert_eq!(cuts, want);
        // Bytes that are not UTF-8 are cut where the cap falls.
        assert_eq!(cut_text(b"ab\x80\x80\x80\x80", 4), b"ab\x80\x80");
        assert_eq!(cut_text(b"a\xe6\x97\xe6\x97", 2), b"a\xe6");
        assert_eq!(cut_text("a日".as_bytes(), 3), b"a");
        // A hit on a long line keeps its text up to the last whole character.
        let long = format!("{}日本", "x".repeat(EXAMPLE_CAP - 1));
        let mut s = Summary::new(Window::default());
        s.add_hit(
            0,
            &LineHit {
                pattern: 0,
                line: 1,
                timestamp: None,
                text: long.as_bytes(),
                capture: None,
            },
        );
        let kept = &s.patterns[&0].evidence[0].text;
        assert_eq!(&**kept, &long.as_bytes()[..EXAMPLE_CAP - 1]);
    }

    #[test]
    fn remembered_classifications_give_the_trails_that_fresh_ones_give() {
        // The runner fixtures, each read twice in a row so that every line is seen again:
        // what the trails keep must not depend on whether a message was classified afresh.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/runners");
        let mut read = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "log") {
                continue;
            }
            let text = std::fs::read(&path).unwrap();
            let lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
            let mut summary = Summary::new(Window::default());
            let mut ci = CiTrail::default();
            let mut runners = RunnerTrail::default();
            for (i, line) in lines.iter().chain(&lines).enumerate() {
                let rec = Record::plain(line);
                summary.add_record(0, i as u64 + 1, &rec);
                ci.add(0, i as u64 + 1, &rec);
                runners.add(0, i as u64 + 1, &rec);
            }
            let name = path.display();
            assert_eq!(summary.ci, ci, "{name}");
            assert_eq!(
                format!("{:?}", summary.runners),
                format!("{runners:?}"),
                "{name}"
            );
            read += 1;
        }
        assert!(read >= 10, "runner fixtures missing from {dir}");
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
