//! One literal scan shared by the two per-line classifiers of a job's output.
//!
//! The CI reader ([`super::ci`]) and the test-runner reader ([`super::runners::lines`]) each
//! look for their own fixed strings in every line they read, and both read the same lines.
//! Scanning each line once, for the union of both lists, costs one pass instead of two. The
//! scan is overlapping (every occurrence of every literal); from it both readers get exactly
//! what their own automaton used to report:
//! - the runners' literals in the order an overlapping search reports them (by end, then the
//!   longer literal first, then list order), cut to the first [`RUNNER_HITS`];
//! - the CI literals as a leftmost-first, non-overlapping search reports them: the earliest
//!   start wins, a literal listed earlier wins among those starting at one place, and the
//!   search goes on after the end of the literal taken.
//!
//! There is no automaton: an overlapping search cannot use a prefilter (short literals such
//! as `at ` and `) ` occur in most lines anyway), and an automaton walk (daachorse's double
//! array, which this replaced) costs some 30 instructions a byte. Instead, each literal is
//! looked for only where its rarest pair of adjacent bytes occurs (by a rough idea of log
//! text, [`rare_pair`]): a table of the chosen pairs (64 KB, one look-up a byte) picks those
//! places, the literals chosen by the pair are compared there, and the occurrences are sorted
//! into the order an overlapping search reports them. The tests below check the scan against
//! daachorse's overlapping search and aho-corasick's own overlapping and leftmost-first
//! searches.

use std::sync::OnceLock;

use super::ci;
use super::runners::lines;

/// How many runner literals of a line are tried: a line full of `at ` is prose.
pub const RUNNER_HITS: usize = 24;

/// A literal found in a line: where it starts, and its index in its reader's own list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    pub start: usize,
    pub index: u16,
}

/// The literals of one line, for both readers. Kept between lines so that its buffers are
/// reused.
#[derive(Debug, Clone, Default)]
pub struct Hits {
    /// CI literals, leftmost-first and non-overlapping, in input order.
    pub ci: Vec<Hit>,
    /// Runner literals in overlapping order, at most [`RUNNER_HITS`].
    pub runners: Vec<Hit>,
    /// Every occurrence of every literal, as (end, start, literal), while a line is scanned.
    found: Vec<(usize, usize, u16)>,
}

struct Union {
    /// For each pair of bytes `k >> 8`, `k & 0xff` that is the chosen pair of some literal,
    /// `1 +` its place in `pair_ranges`; 0 for the others.
    pair_slot: Box<[u8; 1 << 16]>,
    /// For each chosen pair: the literals chosen by it (`probes[a..b]`).
    pair_ranges: Vec<(u16, u16)>,
    probes: Vec<Probe>,
    /// For each distinct literal: its first index in the CI list (a later copy of a literal
    /// never wins a leftmost-first search), if it is there.
    ci: Vec<Option<u16>>,
    /// The length of each CI literal, by its CI index.
    ci_len: Vec<usize>,
    /// For each distinct literal: its indexes in the runner list (`runner_ids[a..b]`), in list
    /// order, since an overlapping search reports every copy.
    runners: Vec<(u16, u16)>,
    runner_ids: Vec<u16>,
}

/// The distinct literals of both lists, each with its first CI index and its runner indexes.
#[allow(clippy::type_complexity)]
fn distinct() -> (Vec<&'static str>, Vec<Option<u16>>, Vec<Vec<u16>>) {
    let mut texts: Vec<&'static str> = Vec::new();
    let mut ci_of: Vec<Option<u16>> = Vec::new();
    let mut runners_of: Vec<Vec<u16>> = Vec::new();
    let slot = |texts: &mut Vec<&'static str>,
                ci_of: &mut Vec<Option<u16>>,
                runners_of: &mut Vec<Vec<u16>>,
                t: &'static str| {
        match texts.iter().position(|&x| x == t) {
            Some(i) => i,
            None => {
                texts.push(t);
                ci_of.push(None);
                runners_of.push(Vec::new());
                texts.len() - 1
            }
        }
    };
    for (i, t) in ci::literals().enumerate() {
        let s = slot(&mut texts, &mut ci_of, &mut runners_of, t);
        ci_of[s].get_or_insert(i as u16);
    }
    for (i, t) in lines::literals().enumerate() {
        let s = slot(&mut texts, &mut ci_of, &mut runners_of, t);
        runners_of[s].push(i as u16);
    }
    (texts, ci_of, runners_of)
}

fn union() -> &'static Union {
    static UNION: OnceLock<Union> = OnceLock::new();
    UNION.get_or_init(|| {
        let (texts, ci_of, runners_of) = distinct();
        let mut runners = Vec::with_capacity(texts.len());
        let mut runner_ids = Vec::new();
        for ids in &runners_of {
            let a = runner_ids.len() as u16;
            runner_ids.extend_from_slice(ids);
            runners.push((a, runner_ids.len() as u16));
        }
        let mut chosen: Vec<(usize, Probe)> = texts
            .iter()
            .enumerate()
            .map(|(p, t)| {
                let t = t.as_bytes();
                let off = rare_pair(t);
                let k = (t[off] as usize) << 8 | t[off + 1] as usize;
                (k, Probe::new(t, p as u16, off))
            })
            .collect();
        chosen.sort_by_key(|&(k, ref probe)| (k, probe.literal));
        let mut pair_slot = Box::new([0u8; 1 << 16]);
        let mut pair_ranges: Vec<(u16, u16)> = Vec::new();
        let mut probes = Vec::with_capacity(chosen.len());
        for (n, (k, probe)) in chosen.into_iter().enumerate() {
            if pair_slot[k] == 0 {
                pair_ranges.push((n as u16, n as u16));
                pair_slot[k] =
                    u8::try_from(pair_ranges.len()).expect("the chosen pairs fit a byte");
            }
            pair_ranges.last_mut().expect("pushed above").1 += 1;
            probes.push(probe);
        }
        let ci_texts: Vec<&'static str> = ci::literals().collect();
        Union {
            pair_slot,
            pair_ranges,
            probes,
            ci: ci_of,
            ci_len: ci_texts.iter().map(|t| t.len()).collect(),
            runners,
            runner_ids,
        }
    })
}

/// The first place at or after `from` where a chosen pair of bytes starts (a nonzero
/// `slot`), if any.
#[inline]
fn next_pair(slot: &[u8; 1 << 16], line: &[u8], from: usize) -> Option<usize> {
    let rest = line.get(from..)?;
    let (&first, rest) = rest.split_first()?;
    let mut prev = first as usize;
    for (i, &c) in rest.iter().enumerate() {
        let c = c as usize;
        if slot[(prev << 8 | c) & 0xffff] != 0 {
            return Some(from + i);
        }
        prev = c;
    }
    None
}

/// One literal, looked for where its chosen pair of bytes occurs.
#[derive(Debug, Clone, Copy)]
struct Probe {
    /// Its first eight bytes (fewer for a shorter literal), little-endian, and which of them
    /// count.
    head: u64,
    mask: u64,
    /// Where its chosen pair starts in it.
    off: usize,
    len: usize,
    /// The literal, as an index into the distinct literals.
    literal: u16,
    text: &'static [u8],
}

impl Probe {
    fn new(text: &'static [u8], literal: u16, off: usize) -> Probe {
        let n = text.len().min(8);
        let mut head = [0u8; 8];
        head[..n].copy_from_slice(&text[..n]);
        Probe {
            head: u64::from_le_bytes(head),
            mask: if n == 8 { u64::MAX } else { (1 << (8 * n)) - 1 },
            off,
            len: text.len(),
            literal,
            text,
        }
    }

    /// Where the literal starts in `line`, if it occurs there with its chosen pair at `at`.
    #[inline]
    fn find_at(&self, line: &[u8], at: usize) -> Option<usize> {
        let start = at.checked_sub(self.off)?;
        let hit = match line.get(start..start + 8) {
            Some(w) => {
                let w = u64::from_le_bytes(w.try_into().expect("eight bytes"));
                w & self.mask == self.head
                    && (self.len <= 8 || line[start + 8..].starts_with(&self.text[8..]))
            }
            None => line[start..].starts_with(self.text),
        };
        hit.then_some(start)
    }
}

/// Where in `t` (at least two bytes) its rarest pair of adjacent bytes starts, by a rough
/// idea of how often a pair occurs in log text: a space and common lower-case letters often,
/// upper case, punctuation and non-ASCII bytes seldom, and common English pairs (`er`, `at`)
/// most often of all. Only the speed of [`Hits::scan`] depends on the choice.
fn rare_pair(t: &[u8]) -> usize {
    assert!(t.len() >= 2, "a line literal has at least two bytes");
    fn rank(c: u8) -> u32 {
        match c {
            b' ' => 5,
            b'e' | b't' | b'a' | b'o' | b'i' | b'n' | b's' | b'r' => 4,
            b'a'..=b'z' => 3,
            b'0'..=b'9' | b'.' | b'/' | b':' | b'-' | b'_' | b',' => 2,
            0..=127 => 1,
            _ => 0,
        }
    }
    const COMMON: &[&[u8; 2]] = &[
        b"th", b"he", b"in", b"er", b"an", b"re", b"on", b"at", b"en", b"nd", b"ti", b"es", b"or",
        b"te", b"of", b"ed", b"is", b"it", b"al", b"ar", b"st", b"to", b"nt", b"ng", b"se", b"ha",
        b"as", b"ou", b"io", b"le", b"ve", b"co", b"me", b"de", b"hi", b"ri", b"ro", b"ic", b"ne",
        b"ea", b"ra", b"ce", b"li", b"ch", b"ll", b"be", b"ma", b"si", b"om", b"ur", b"ex", b"ac",
    ];
    let score = |o: usize| {
        let (a, b) = (t[o], t[o + 1]);
        let lower = [a.to_ascii_lowercase(), b.to_ascii_lowercase()];
        let common = if COMMON.contains(&&lower) { 10 } else { 0 };
        let space = if a == b' ' || b == b' ' { 3 } else { 0 };
        rank(a) + rank(b) + common + space
    };
    (0..t.len() - 1)
        .min_by_key(|&o| score(o))
        .expect("two bytes")
}

impl Hits {
    /// The literals of `line`, replacing what was there.
    pub fn scan(&mut self, line: &[u8]) {
        let u = union();
        self.ci.clear();
        self.runners.clear();
        // Every occurrence of every literal, as (end, start, literal): the places where the
        // chosen pair of some literal occurs are few, and only those literals are compared.
        self.found.clear();
        let mut from = 0;
        while let Some(at) = next_pair(&u.pair_slot, line, from) {
            let k = (line[at] as usize) << 8 | line[at + 1] as usize;
            let (a, b) = u.pair_ranges[u.pair_slot[k] as usize - 1];
            for probe in &u.probes[a as usize..b as usize] {
                if let Some(start) = probe.find_at(line, at) {
                    self.found.push((start + probe.len, start, probe.literal));
                }
            }
            from = at + 1;
        }
        // The order of an overlapping search: by end, then the longer (earlier) first. Two
        // distinct literals cannot share both.
        if self.found.len() > 1 {
            self.found.sort_unstable();
        }
        for &(_, start, p) in &self.found {
            let p = p as usize;
            if let Some(index) = u.ci[p] {
                self.ci.push(Hit { start, index });
            }
            let (a, b) = u.runners[p];
            for &index in &u.runner_ids[a as usize..b as usize] {
                if self.runners.len() < RUNNER_HITS {
                    self.runners.push(Hit { start, index });
                }
            }
        }
        // Leftmost-first without overlaps: by start, then list order; an occurrence that
        // starts inside the one taken before it is not seen.
        if self.ci.len() > 1 {
            self.ci.sort_unstable();
            let mut end = 0;
            let mut kept = 0;
            for i in 0..self.ci.len() {
                let h = self.ci[i];
                if h.start >= end {
                    end = h.start + u.ci_len[h.index as usize];
                    self.ci[kept] = h;
                    kept += 1;
                }
            }
            self.ci.truncate(kept);
        }
    }

    /// The runner literals of `line` only, as [`Hits::scan`] finds them.
    pub fn runners_of(line: &[u8]) -> Vec<Hit> {
        let mut h = Hits::default();
        h.scan(line);
        h.runners
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
    use proptest::prelude::*;

    /// The CI reader's own automaton before the shared scan: leftmost-first over its list.
    fn ci_reference(line: &[u8]) -> Vec<Hit> {
        static AC: OnceLock<AhoCorasick> = OnceLock::new();
        let ac = AC.get_or_init(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostFirst)
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(ci::literals())
                .unwrap()
        });
        ac.find_iter(line)
            .map(|m| Hit {
                start: m.start(),
                index: m.pattern().as_usize() as u16,
            })
            .collect()
    }

    /// The runner reader's own automaton before the shared scan: overlapping over its list,
    /// the first `RUNNER_HITS` tried.
    fn runners_reference(line: &[u8]) -> Vec<Hit> {
        static AC: OnceLock<AhoCorasick> = OnceLock::new();
        let ac = AC.get_or_init(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(lines::literals())
                .unwrap()
        });
        ac.find_overlapping_iter(line)
            .take(RUNNER_HITS)
            .map(|m| Hit {
                start: m.start(),
                index: m.pattern().as_usize() as u16,
            })
            .collect()
    }

    /// `lines::classify` as it was: the raw line's matches decide whether to parse at all,
    /// and a repaired (lossy) text is searched again.
    fn runner_form_reference(line: &[u8]) -> Option<lines::Form> {
        if runners_reference(line).is_empty() {
            return None;
        }
        let text = String::from_utf8_lossy(line);
        if text.len() != line.len() {
            return lines::first_form(&runners_reference(text.as_bytes()), &text);
        }
        lines::first_form(&runners_reference(line), &text)
    }

    /// [`Hits::scan`] as it was: daachorse's double-array automaton, searched overlapping.
    fn scan_reference(line: &[u8]) -> Hits {
        static AC: OnceLock<daachorse::DoubleArrayAhoCorasick<u32>> = OnceLock::new();
        let (texts, _, _) = distinct();
        let ac = AC.get_or_init(|| daachorse::DoubleArrayAhoCorasick::new(&texts).unwrap());
        let u = union();
        let mut h = Hits::default();
        for m in ac.find_overlapping_iter(line) {
            let p = m.value() as usize;
            let start = m.start();
            if let Some(index) = u.ci[p] {
                h.ci.push(Hit { start, index });
            }
            let (a, b) = u.runners[p];
            for &index in &u.runner_ids[a as usize..b as usize] {
                if h.runners.len() < RUNNER_HITS {
                    h.runners.push(Hit { start, index });
                }
            }
        }
        if h.ci.len() > 1 {
            h.ci.sort_unstable();
            let mut end = 0;
            let mut kept = 0;
            for i in 0..h.ci.len() {
                let x = h.ci[i];
                if x.start >= end {
                    end = x.start + u.ci_len[x.index as usize];
                    h.ci[kept] = x;
                    kept += 1;
                }
            }
            h.ci.truncate(kept);
        }
        h
    }

    fn all_literals() -> Vec<&'static str> {
        ci::literals().chain(lines::literals()).collect()
    }

    /// One piece of a random line: a literal, a literal's prefix or suffix (to make partial
    /// and overlapping occurrences), a word, punctuation, or bytes that are not UTF-8.
    fn piece() -> impl Strategy<Value = Vec<u8>> {
        let n = all_literals().len();
        prop_oneof![
            4 => (0..n).prop_map(|i| all_literals()[i].as_bytes().to_vec()),
            2 => (0..n, 0usize..8).prop_map(|(i, k)| {
                let l = all_literals()[i].as_bytes();
                l[..l.len().saturating_sub(k + 1)].to_vec()
            }),
            2 => (0..n, 0usize..8).prop_map(|(i, k)| {
                let l = all_literals()[i].as_bytes();
                l[(k + 1).min(l.len())..].to_vec()
            }),
            2 => "[a-zA-Z]{1,8}".prop_map(String::into_bytes),
            2 => "[ :._\\-\\[\\]()\"'`>*#=$!/]{1,3}".prop_map(String::into_bytes),
            1 => proptest::collection::vec(
                prop_oneof![
                    Just(0xffu8),
                    Just(0xc3),
                    Just(0x97),
                    Just(0xe2),
                    Just(0x9c),
                    Just(0x80),
                    Just(0xf0)
                ],
                1..4
            ),
        ]
    }

    fn check(line: &[u8]) -> Result<(), TestCaseError> {
        let mut hits = Hits::default();
        hits.scan(line);
        let old = scan_reference(line);
        prop_assert_eq!(&hits.ci, &old.ci);
        prop_assert_eq!(&hits.runners, &old.runners);
        prop_assert_eq!(&hits.ci, &ci_reference(line));
        prop_assert_eq!(&hits.runners, &runners_reference(line));
        prop_assert_eq!(
            ci::classify(line),
            ci::classify_hits(line, &ci_reference(line))
        );
        prop_assert_eq!(lines::classify(line), runner_form_reference(line));
        prop_assert_eq!(
            lines::classify_hits(line, &hits.runners),
            runner_form_reference(line)
        );
        Ok(())
    }

    #[test]
    fn many_matches_and_shared_literals() {
        // More than `RUNNER_HITS` runner literals; literals both readers know (` FAILED`,
        // `error[E`, `: error:`), nested ones (`FAILED tests/`, `FAILED `, `FAILED`).
        let lines: &[&[u8]] = &[
            b"at at at at at at at at at at at at at at at at at at at at at at at at at at at x",
            b"FAILED tests/a.py::t - AssertionError: expected: <1> but was: <2> ... FAILED",
            b"src/main.rs:1:2: error: error[E0308]: mismatched types; error: could not compile",
            b"--- FAIL: TestX (0.00s) --- FAIL: --- FAILED FAIL: FAIL [ ... FAIL \xff\xfe x",
            b"\xe2\x9c\x97 \xc3\x97 \xe2\x97\x8f suite \xe2\x80\xba name \xff",
            b"The command \"make test\" exited with 2. exit code 1 exited with code 3",
        ];
        for line in lines {
            check(line).unwrap();
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The shared scan finds what each reader's own automaton found, in the same order.
        #[test]
        fn the_shared_scan_agrees_with_each_readers_automaton(
            pieces in proptest::collection::vec(piece(), 0..60),
        ) {
            check(&pieces.concat())?;
        }
    }
}
