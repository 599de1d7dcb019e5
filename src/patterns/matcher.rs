//! Matching many patterns at the cost of a few: a literal prefilter over each line that is looked
//! at, then only the candidate patterns' regexes on only the candidate lines, and their captures
//! only when someone wants the fields.

use memchr::memmem;
use rustc_hash::FxHashMap;

use super::Pattern;

/// A pattern that matched a line, with the fields its regex captured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`PatternSet::patterns`].
    pub pattern: u32,
    pub fields: Vec<(String, String)>,
    /// What the fields can be captured from later, instead of `fields`
    /// ([`PatternSet::match_line_with`]).
    pub capture: Option<Capture>,
}

/// What a hit's fields are captured from: the regex alternative that matched, and the text it
/// matched. Capturing costs several times the match, and a report shows the fields of a
/// pattern's first hit only, so the engine keeps this and the report captures once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    pub regex: usize,
    pub text: Box<[u8]>,
}

/// The bytes of an anchor window.
const ANCHOR: usize = 4;
/// A line's windows are read at every `STRIDE`-th offset only.
const STRIDE: usize = 2;
/// Literals at least this long are found through the window filter: `STRIDE` consecutive
/// windows of such a literal always include one that starts at a multiple of `STRIDE`.
const LONG: usize = ANCHOR + STRIDE - 1;
/// The window filter has `1 << FILTER_BITS` bits: 8 KiB, a quarter of the first-level data
/// cache, so that the parser's own data stays there too.
const FILTER_BITS: u32 = 16;
const FILTER_WORDS: usize = 1 << (FILTER_BITS - 6);

/// Which literals a line holds, found without walking an automaton over every byte.
///
/// Every literal of at least [`LONG`] bytes gets an *anchor*: `STRIDE` consecutive 4-byte
/// windows of it, the run least likely to occur in logs. A line is read 4 bytes at a time at
/// every `STRIDE`-th offset; wherever the literal occurs, one of its anchor windows starts at
/// such an offset. A small Bloom filter says whether the 4 bytes may be an anchor window, and
/// only then a hash map gives the windows' literals, each compared in full at its place. So
/// the literals found are exactly those an automaton would find; which windows anchor a
/// literal only changes the speed. A literal shorter than `LONG` (users may write one; the
/// library has none) is searched for on its own.
///
/// This replaced one aho-corasick DFA over all ~1,100 literals: beyond the ~64 literals the
/// SIMD searchers handle, the DFA walked every byte through a 9 MB transition table. The
/// stride halves the windows read, and the filter's 8 KiB (down from a 32 KiB bit table read at
/// every offset) leave the first-level cache to the rest of the pipeline.
#[derive(Debug, Clone)]
struct Literals {
    /// Each distinct literal, byte for byte as it must appear.
    text: Vec<Box<[u8]>>,
    /// The patterns each literal belongs to.
    owners: Vec<Vec<u32>>,
    filter: Box<[u64; FILTER_WORDS]>,
    /// Each anchor window (4 bytes, little-endian) with its literals and its offset in each.
    anchors: FxHashMap<u32, Vec<(u32, u32)>>,
    /// The literals shorter than [`LONG`] (a handful), each with its index in `text`.
    short: Vec<(memmem::Finder<'static>, u32)>,
}

/// The two bits of a window in the filter (a Bloom filter with two hashes): with a few thousand
/// anchor windows, 7% of the bits are set, and a window that is no anchor finds both of its
/// bits set 0.5% of the time.
fn filter_slots(window: u32) -> [usize; 2] {
    [
        (window.wrapping_mul(0x9E37_79B1) >> (32 - FILTER_BITS)) as usize,
        (window.wrapping_mul(0x85EB_CA77) >> (32 - FILTER_BITS)) as usize,
    ]
}

fn has_bit(filter: &[u64; FILTER_WORDS], slot: usize) -> bool {
    filter[slot >> 6] & (1 << (slot & 63)) != 0
}

impl Literals {
    /// `literals` are (literal, owner) pairs; `examples` are log lines (the patterns' own
    /// examples), from which the anchors are chosen: a window found in few of them is taken
    /// to be rare in logs too.
    fn new(literals: Vec<(String, u32)>, examples: &[&str]) -> Option<Literals> {
        if literals.is_empty() {
            return None;
        }
        let (distinct, owners) = dedupe(literals);
        let mut seen: FxHashMap<u32, (usize, u32)> = FxHashMap::default();
        for (n, line) in examples.iter().enumerate() {
            for w in line.as_bytes().windows(ANCHOR) {
                let e = seen.entry(window(w)).or_insert((usize::MAX, 0));
                if e.0 != n {
                    *e = (n, e.1 + 1);
                }
            }
        }
        // How often a run of windows starting at `b[0]` is expected in logs: the number of
        // examples holding each, then how common each looks.
        let rarity = |b: &[u8]| {
            b.windows(ANCHOR).take(STRIDE).fold((0, 0), |(n, c), w| {
                (
                    n + seen.get(&window(w)).map_or(0, |e| e.1),
                    c + commonness(w),
                )
            })
        };
        let mut filter = Box::new([0u64; FILTER_WORDS]);
        let mut anchors: FxHashMap<u32, Vec<(u32, u32)>> = FxHashMap::default();
        let mut short = Vec::new();
        for (i, lit) in distinct.iter().enumerate() {
            let b = lit.as_bytes();
            if b.len() < LONG {
                short.push((memmem::Finder::new(b).into_owned(), i as u32));
                continue;
            }
            let Some(off) = (0..=b.len() - LONG).min_by_key(|&o| rarity(&b[o..])) else {
                continue;
            };
            for k in off..off + STRIDE {
                let w = window(&b[k..k + ANCHOR]);
                anchors.entry(w).or_default().push((i as u32, k as u32));
                for slot in filter_slots(w) {
                    filter[slot >> 6] |= 1 << (slot & 63);
                }
            }
        }
        Some(Literals {
            text: distinct
                .into_iter()
                .map(|l| l.into_bytes().into_boxed_slice())
                .collect(),
            owners,
            filter,
            anchors,
            short,
        })
    }

    /// Adds every literal `line` holds to `out`: once per owner and place, with its place
    /// (see [`Found`]).
    fn candidates(&self, line: &[u8], out: &mut Vec<Found>) {
        for (finder, lit) in &self.short {
            if finder.find(line).is_some() {
                let owners = &self.owners[*lit as usize];
                out.extend(owners.iter().map(|&o| (o, 0, ANYWHERE)));
            }
        }
        let Some(last) = line.len().checked_sub(ANCHOR) else {
            return;
        };
        let mut at = 0;
        while at <= last {
            let w = window(&line[at..at + ANCHOR]);
            let [a, b] = filter_slots(w);
            if has_bit(&self.filter, a) && has_bit(&self.filter, b) {
                self.verify(line, at, w, out);
            }
            at += STRIDE;
        }
    }

    /// The literals anchored by `w`, found at `at` in `line`, checked in full.
    #[inline(never)]
    fn verify(&self, line: &[u8], at: usize, w: u32, out: &mut Vec<Found>) {
        let Some(list) = self.anchors.get(&w) else {
            return;
        };
        for &(lit, off) in list {
            let text = &self.text[lit as usize];
            let Some(start) = at.checked_sub(off as usize) else {
                continue;
            };
            let end = start + text.len();
            if line.get(start..end) == Some(&text[..]) {
                let owners = &self.owners[lit as usize];
                out.extend(owners.iter().map(|&o| (o, start as u32, end as u32)));
            }
        }
    }
}

/// A literal found in a line: the pattern it belongs to, and where it starts and ends
/// ([`ANYWHERE`] as the end where the search did not say).
type Found = (u32, u32, u32);

/// The end of a [`Found`] whose place is not known: it counts as inside every part of the line.
const ANYWHERE: u32 = u32::MAX;

/// Where `part` lies in `line`, when it is a piece of it (a record's message usually is).
fn span_in(line: &[u8], part: &[u8]) -> Option<(usize, usize)> {
    let from = (part.as_ptr() as usize).checked_sub(line.as_ptr() as usize)?;
    let to = from + part.len();
    (to <= line.len()).then_some((from, to))
}

/// Four bytes as one number.
fn window(w: &[u8]) -> u32 {
    let four: [u8; ANCHOR] = w[..ANCHOR].try_into().unwrap_or_default();
    u32::from_le_bytes(four)
}

/// How common a window looks in log text, for choosing between windows no example line has:
/// runs of lower-case letters (words) and spaces are common, upper case, digits next to
/// letters and punctuation less so.
fn commonness(w: &[u8]) -> u32 {
    let byte = |b: u8| match b {
        b' ' => 10,
        b'0'..=b'9' | b'e' | b't' | b'a' | b'o' | b'i' | b'n' | b's' | b'r' | b'l' | b'c' => 8,
        b'd' => 8,
        b'a'..=b'z' | b':' | b'.' | b'-' | b'/' | b'=' | b',' | b'[' | b']' | b'_' => 6,
        b'A'..=b'Z' => 3,
        0x80..=0xff => 1,
        _ => 2,
    };
    let pairs: u32 = w
        .windows(2)
        .map(|p| {
            let (a, b) = (p[0].is_ascii_lowercase(), p[1].is_ascii_lowercase());
            if a && b {
                24
            } else if (a && p[1] == b' ') || (p[0] == b' ' && b) {
                16
            } else {
                8
            }
        })
        .sum();
    pairs + w.iter().map(|&b| byte(b)).sum::<u32>()
}

/// The distinct literals, each with the patterns it belongs to.
fn dedupe(literals: Vec<(String, u32)>) -> (Vec<String>, Vec<Vec<u32>>) {
    let mut distinct: Vec<String> = Vec::new();
    let mut owners: Vec<Vec<u32>> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (lit, owner) in literals {
        match index.get(&lit) {
            Some(&i) => {
                if !owners[i].contains(&owner) {
                    owners[i].push(owner)
                }
            }
            None => {
                index.insert(lit.clone(), distinct.len());
                distinct.push(lit);
                owners.push(vec![owner]);
            }
        }
    }
    (distinct, owners)
}

/// All loaded patterns, compiled into one matcher. Cheap to share between threads.
#[derive(Debug, Clone)]
pub struct PatternSet {
    patterns: Vec<Pattern>,
    exact: Option<Literals>,
}

impl PatternSet {
    pub(crate) fn new(patterns: Vec<Pattern>) -> Result<PatternSet, String> {
        let mut exact = Vec::new();
        let mut folded = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            for l in &p.literals {
                if p.case_insensitive {
                    folded.push((l.clone(), i as u32));
                } else {
                    exact.push((l.clone(), i as u32));
                }
            }
        }
        // Case-insensitive literals enter in their usual spellings (as written, lower case,
        // upper case, capitalised), so that one automaton serves all: one pass over a line
        // instead of two. The regexes themselves still ignore case entirely.
        for (l, owner) in folded {
            let lower = l.to_ascii_lowercase();
            let mut cap = lower.clone();
            if let Some(first) = cap.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            exact.extend([
                (l.to_ascii_uppercase(), owner),
                (cap, owner),
                (lower, owner),
                (l, owner),
            ]);
        }
        let examples: Vec<&str> = patterns
            .iter()
            .flat_map(|p| {
                let e = &p.examples;
                e.matches
                    .iter()
                    .map(|(l, _)| l.as_str())
                    .chain(e.no_match.iter().map(String::as_str))
            })
            .collect();
        Ok(PatternSet {
            exact: Literals::new(exact, &examples),
            patterns,
        })
    }

    /// No patterns at all (`--no-builtin-patterns` and no user folders).
    pub fn empty() -> PatternSet {
        PatternSet {
            patterns: Vec::new(),
            exact: None,
        }
    }

    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The index of the pattern with this id.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.patterns.iter().position(|p| p.id == id)
    }

    /// Every pattern matching a line. Each is tried on `texts` in order (the record's message,
    /// then the raw line) and matches on the first it fits; `line` is what the prefilter reads.
    pub fn match_line(&self, line: &[u8], texts: &[&[u8]], out: &mut Vec<Hit>) {
        self.match_line_with(line, texts, out, |_| true);
        for hit in out.iter_mut() {
            if let Some(c) = hit.capture.take() {
                hit.fields = self.fields(hit.pattern, &c);
            }
        }
    }

    /// [`match_line`](Self::match_line) without capturing: every hit's `fields` are empty, and
    /// the hits whose pattern `wants_capture` asks for keep in `capture` what to capture them
    /// from ([`fields`](Self::fields)).
    pub fn match_line_with(
        &self,
        line: &[u8],
        texts: &[&[u8]],
        out: &mut Vec<Hit>,
        wants_capture: impl Fn(u32) -> bool,
    ) {
        out.clear();
        let Some(literals) = &self.exact else {
            return;
        };
        // One buffer per thread: most lines find nothing, and the rest should not allocate.
        thread_local! {
            static FOUND: std::cell::RefCell<Vec<Found>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        FOUND.with_borrow_mut(|found| {
            found.clear();
            literals.candidates(line, found);
            found.sort_unstable();
            self.try_candidates(found, line, texts, out, &wants_capture);
        });
    }

    /// Tries each pattern of `found` (sorted by pattern) on `texts`
    /// ([`match_line_with`](Self::match_line_with)).
    fn try_candidates(
        &self,
        found: &[Found],
        line: &[u8],
        texts: &[&[u8]],
        out: &mut Vec<Hit>,
        wants_capture: &impl Fn(u32) -> bool,
    ) {
        for group in found.chunk_by(|a, b| a.0 == b.0) {
            let idx = group[0].0;
            let pattern = &self.patterns[idx as usize];
            let mut tried: Option<&[u8]> = None;
            for &text in texts {
                // The same bytes twice (a line that is all message) cannot match the second time.
                if tried == Some(text) {
                    continue;
                }
                // Nor can a part of the line that holds none of the pattern's literals (a JSON
                // entry's message, when the literal was in another field).
                if let Some((from, to)) = span_in(line, text) {
                    let inside = |&(_, start, end): &Found| {
                        end == ANYWHERE || (start as usize >= from && end as usize <= to)
                    };
                    if !group.iter().any(inside) {
                        continue;
                    }
                }
                tried = Some(text);
                if let Some(regex) = pattern.matching(text) {
                    let capture = wants_capture(idx).then(|| Capture {
                        regex,
                        text: text.into(),
                    });
                    out.push(Hit {
                        pattern: idx,
                        fields: Vec::new(),
                        capture,
                    });
                    break;
                }
            }
        }
    }

    /// The fields of a hit of pattern `pattern`, captured from `capture`.
    pub fn fields(&self, pattern: u32, capture: &Capture) -> Vec<(String, String)> {
        self.patterns
            .get(pattern as usize)
            .map_or_else(Vec::new, |p| p.fields(capture.regex, &capture.text))
    }

    /// Every pattern matching one line of text (for `patterns explain` and self-tests).
    pub fn match_text(&self, text: &[u8]) -> Vec<Hit> {
        let mut out = Vec::new();
        self.match_line(text, &[text], &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the prefilter finds in `line`, sorted, each once.
    fn found(set: &Literals, line: &str) -> Vec<Found> {
        let mut found = Vec::new();
        set.candidates(line.as_bytes(), &mut found);
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Every place of every literal in `line`, as the prefilter must report it: a long literal
    /// at each of its places, a short one once, with no place.
    fn occurrences(literals: &[&str], line: &str) -> Vec<Found> {
        let mut all = Vec::new();
        for (i, lit) in literals.iter().enumerate() {
            if lit.len() < LONG {
                if line.contains(lit) {
                    all.push((i as u32, 0, ANYWHERE));
                }
                continue;
            }
            for at in 0..line.len() {
                if line.as_bytes()[at..].starts_with(lit.as_bytes()) {
                    all.push((i as u32, at as u32, (at + lit.len()) as u32));
                }
            }
        }
        all.sort_unstable();
        all
    }

    /// The literals found are exactly the literals the line contains, wherever they are, however
    /// they overlap, whatever their length.
    #[test]
    fn the_prefilter_finds_exactly_the_literals_a_line_holds() {
        let literals = [
            "No space left",
            "space left on",
            "left",
            "\u{25cf}",
            "abc",
            "aaaa",
            "aaaaaa",
            "refused",
            "Connection refused",
            "ed: ",
        ];
        let pairs = literals
            .iter()
            .enumerate()
            .map(|(i, l)| (l.to_string(), i as u32))
            .collect();
        let examples = [
            "write /x: No space left on device",
            "dial tcp: connection refused",
        ];
        let set = Literals::new(pairs, &examples).unwrap();
        let lines = [
            "",
            "abc",
            "ab",
            "xabc",
            "left",
            "lef",
            "No space left on device",
            "No space left",
            "no space left",
            "\u{25cf} test",
            "x \u{25cf}",
            "aaaaaaaa",
            "aaa",
            "aaaaa",
            "dial: Connection refused",
            "Connection refuse",
            "failed: refused",
            "ed: ed: ed:",
        ];
        for line in lines {
            assert_eq!(found(&set, line), occurrences(&literals, line), "{line:?}");
        }
    }

    /// A part of the line without the pattern's literals is not tried, and nothing is lost by
    /// it: the line itself is still tried, and a message that holds the literal still matches
    /// first (its fields come from the message).
    #[test]
    fn parts_of_the_line_without_a_literal_are_skipped_without_losing_hits() {
        let toml = r#"
[[pattern]]
id = "test.deadlock"
title = "Deadlock"
category = "database"
severity = "high"
role = "cause"
literals = ["deadlock detected"]
regex = ['(?:^app\[1\]: )?deadlock detected(?P<rest>.*)']
explanation = "Deadlock."
remediation = ["Retry."]
examples.match = ["deadlock detected", "app[1]: deadlock detected"]
examples.no_match = ["no deadlock"]
"#;
        let set = crate::patterns::load_texts(&[("d.toml".to_string(), toml.to_string())])
            .expect("loads");
        let hit_text = |line: &[u8], message: &[u8]| {
            let mut out = Vec::new();
            set.match_line_with(line, &[message, line], &mut out, |_| true);
            out.into_iter()
                .map(|h| String::from_utf8_lossy(&h.capture.expect("capture").text).into_owned())
                .collect::<Vec<_>>()
        };
        // The literal is in another field of a JSON entry: the whole line matches.
        let json = br#"{"msg":"batch failed","err":"deadlock detected"}"#;
        let msg = &json[8..20];
        assert_eq!(msg, b"batch failed");
        assert_eq!(hit_text(json, msg), [String::from_utf8_lossy(json)]);
        // The message holds it: the message matches first.
        let line = b"app[1]: deadlock detected at x";
        assert_eq!(hit_text(line, &line[8..]), ["deadlock detected at x"]);
        // A message that is not a piece of the line (unescaped, say) is always tried.
        assert_eq!(hit_text(json, b"deadlock detected"), ["deadlock detected"]);
    }

    proptest::proptest! {
        /// The same on random literals and lines over a small alphabet, where they overlap a lot.
        #[test]
        fn the_prefilter_agrees_with_a_plain_search(
            literals in proptest::collection::vec("[ab c]{3,12}", 1..12),
            lines in proptest::collection::vec("[ab c]{0,40}", 1..20),
        ) {
            let pairs = literals.iter().enumerate().map(|(i, l)| (l.clone(), i as u32)).collect();
            let set = Literals::new(pairs, &["a b c", "abc abc"]).unwrap();
            let literals: Vec<&str> = literals.iter().map(String::as_str).collect();
            for line in &lines {
                proptest::prop_assert_eq!(found(&set, line), occurrences(&literals, line));
            }
        }
    }
}
