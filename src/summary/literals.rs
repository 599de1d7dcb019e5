//! One literal automaton shared by the two per-line classifiers of a job's output.
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
//! The automaton is daachorse's double array rather than aho-corasick's DFA: an overlapping
//! search cannot use a prefilter (short literals such as `at ` and `) ` occur in most lines
//! anyway), so every byte is a state transition, and the DFA for these ~250 literals takes
//! 1 MB, read at scattered places on every line; the double array takes 12 bytes a state.
//! The tests below check the scan against aho-corasick's own overlapping and leftmost-first
//! searches.

use std::sync::OnceLock;

use daachorse::DoubleArrayAhoCorasick;

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
}

struct Union {
    ac: DoubleArrayAhoCorasick<u32>,
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

fn union() -> &'static Union {
    static UNION: OnceLock<Union> = OnceLock::new();
    UNION.get_or_init(|| {
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
        let ci_texts: Vec<&'static str> = ci::literals().collect();
        for (i, &t) in ci_texts.iter().enumerate() {
            let s = slot(&mut texts, &mut ci_of, &mut runners_of, t);
            ci_of[s].get_or_insert(i as u16);
        }
        for (i, t) in lines::literals().enumerate() {
            let s = slot(&mut texts, &mut ci_of, &mut runners_of, t);
            runners_of[s].push(i as u16);
        }
        let mut runners = Vec::with_capacity(texts.len());
        let mut runner_ids = Vec::new();
        for ids in &runners_of {
            let a = runner_ids.len() as u16;
            runner_ids.extend_from_slice(ids);
            runners.push((a, runner_ids.len() as u16));
        }
        let ac = DoubleArrayAhoCorasick::new(&texts).expect("the line literals compile");
        Union {
            ac,
            ci: ci_of,
            ci_len: ci_texts.iter().map(|t| t.len()).collect(),
            runners,
            runner_ids,
        }
    })
}

impl Hits {
    /// The literals of `line`, replacing what was there.
    pub fn scan(&mut self, line: &[u8]) {
        let u = union();
        self.ci.clear();
        self.runners.clear();
        for m in u.ac.find_overlapping_iter(line) {
            let p = m.value() as usize;
            let start = m.start();
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
