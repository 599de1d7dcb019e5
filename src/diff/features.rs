//! Cheap keys and token features of a line, and the bounded nearest-neighbour index over the
//! baseline's signatures.
//!
//! The cheap key is written out rather than taken from a hashing crate: keys are stored in
//! saved baselines, so they must not change when a dependency does.

use rustc_hash::FxHashMap;

/// A hash of a message's words with every word that holds a digit replaced by one marker: two
/// lines that differ only in such words (timestamps, counts, durations, ports, hex ids, UUIDs)
/// have the same key. A line whose key the baseline holds is known without masking it; the
/// others are masked (`templates::signature`), which is what costs.
pub fn cheap_key(message: &[u8]) -> u64 {
    // The words are found from a bitmap of separators built eight bytes at a time, so that
    // finding the next word does not wait on hashing the last one; a word's bytes are read
    // as big-endian 64-bit groups. This gives the same key as the byte loop it replaced (kept
    // in the tests as the reference), which matters because keys are stored in saved
    // baselines.
    if message.len() > 64 * BITMAP_WORDS {
        return cheap_key_long(message);
    }
    let n = message.len();
    let mut seps = [0u64; BITMAP_WORDS];
    let blocks = n.div_ceil(8);
    for b in 0..blocks {
        let x = load(message, 8 * b);
        let hi = exact_zero_bytes(x ^ (ONES * u64::from(b' ')))
            | exact_zero_bytes(x ^ (ONES * u64::from(b'\t')));
        let bits = ((hi >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
        seps[b / 8] |= bits << (8 * (b % 8));
    }
    let words = n.div_ceil(64);
    if !n.is_multiple_of(64) {
        // Past the end counts as a separator.
        seps[words - 1] |= u64::MAX << (n % 64);
    }
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut start = 0;
    let mut prev_sep = 1u64; // before the message: a separator
    for (k, &sep) in seps.iter().enumerate().take(words) {
        let shifted = (sep << 1) | prev_sep;
        prev_sep = sep >> 63;
        // Word starts (a byte after a separator that is none) and ends (a separator after
        // a byte that is none), in order; they alternate.
        let mut bounds = (!sep & shifted) | (sep & !shifted);
        while bounds != 0 {
            let at = 64 * k + bounds.trailing_zeros() as usize;
            bounds &= bounds - 1;
            if sep >> (at % 64) & 1 == 0 {
                start = at;
            } else {
                h = (h ^ word_hash(message, start, at))
                    .wrapping_mul(K)
                    .rotate_left(23);
            }
        }
    }
    if prev_sep == 0 {
        // The message ends inside a word (only when its length is a multiple of 64).
        h = (h ^ word_hash(message, start, n))
            .wrapping_mul(K)
            .rotate_left(23);
    }
    // Fold the high bits down so that the low bits, which hash tables use, depend on them.
    h ^ (h >> 29)
}

/// Messages up to `64 * BITMAP_WORDS` bytes take the bitmap path.
const BITMAP_WORDS: usize = 16;

/// [`cheap_key`] of a long message, a word at a time.
fn cheap_key_long(message: &[u8]) -> u64 {
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut i = 0;
    let n = message.len();
    while i < n {
        let b = message[i];
        if b == b' ' || b == b'\t' {
            i += 1;
            continue;
        }
        let end = word_end(message, i);
        h = (h ^ word_hash(message, i, end))
            .wrapping_mul(K)
            .rotate_left(23);
        i = end;
    }
    h ^ (h >> 29)
}

/// The high bit of each byte of `x` that is zero, exactly.
#[inline]
fn exact_zero_bytes(x: u64) -> u64 {
    let low = ONES * 0x7f;
    !(((x & low).wrapping_add(low)) | x | low)
}

const K: u64 = 0x0000_0100_0000_01b3;
/// A word's hash starts from this ...
const SEED: u64 = 0xcbf2_9ce4_8422_2325;
/// ... and a word holding a digit is this.
const MARKER: u64 = 0x5bd1_e995;
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Eight bytes of `s` from `at` (< `s.len()`), little-endian, padded with spaces past the end.
#[inline]
fn load(s: &[u8], at: usize) -> u64 {
    if let Some(b) = s.get(at..at + 8) {
        return u64::from_le_bytes(b.try_into().unwrap());
    }
    // The last 1..=7 bytes, without a call to copy them: from the message's last eight bytes
    // shifted down when it has eight, else byte by byte.
    let keep = 8 * (s.len() - at) as u32;
    let x = match s.len().checked_sub(8) {
        Some(last) => u64::from_le_bytes(s[last..].try_into().unwrap()) >> (64 - keep),
        None => s[at..]
            .iter()
            .enumerate()
            .fold(0, |x, (k, &c)| x | u64::from(c) << (8 * k)),
    };
    x | (ONES * u64::from(b' ')) << keep
}

/// The high bit of each byte of `x` that is zero; exact up to the lowest such byte (bytes
/// above a zero byte may be flagged too).
#[inline]
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The end of the word starting at `start` (the next space or tab, or the end).
#[inline]
fn word_end(s: &[u8], start: usize) -> usize {
    let mut at = start;
    loop {
        if at >= s.len() {
            return s.len();
        }
        let x = load(s, at);
        let seps =
            zero_bytes(x ^ (ONES * u64::from(b' '))) | zero_bytes(x ^ (ONES * u64::from(b'\t')));
        if seps != 0 {
            return (at + (seps.trailing_zeros() / 8) as usize).min(s.len());
        }
        at += 8;
    }
}

/// Whether any byte of `x` is an ASCII digit (bytes above a digit may be flagged too).
#[inline]
fn digit_bytes(x: u64) -> u64 {
    let v = x ^ (ONES * 0x30);
    v.wrapping_sub(ONES * 10) & !v & HIGHS
}

/// The contribution to the key of the word `s[start..end]`: one marker for a word holding a
/// digit.
#[inline(always)]
fn word_hash(s: &[u8], start: usize, end: usize) -> u64 {
    let mut word_h = SEED;
    let mut at = start;
    while end - at >= 8 {
        let x = load(s, at);
        if digit_bytes(x) != 0 {
            return MARKER;
        }
        word_h = (word_h ^ x.swap_bytes()).wrapping_mul(K);
        at += 8;
    }
    let rest = end - at;
    let mut acc = 0;
    if rest > 0 {
        // The last 1..=7 bytes, the ones past the word cleared (a cleared byte is no digit,
        // and a digit flag only spreads upwards, so flags in the word are exact enough).
        let x = load(s, at) & (u64::MAX >> (64 - 8 * rest));
        if digit_bytes(x) != 0 {
            return MARKER;
        }
        acc = x.swap_bytes() >> (64 - 8 * rest);
    }
    (word_h ^ acc ^ ((rest as u64) << 59)).wrapping_mul(K)
}

/// A 64-bit hash of a signature's text, for the look-up tables rebuilt on load (it is not
/// stored, so it may change between versions).
pub fn text_hash(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(text.as_bytes());
    h.finish()
}

/// The token features of a signature: its words (runs of letters, digits and `_`; the `<*>`
/// placeholders left out), hashed, sorted and deduplicated.
pub fn tokens(signature: &str, out: &mut Vec<u32>) {
    out.clear();
    for word in signature
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
    {
        let mut h: u32 = 0x811c_9dc5;
        for &b in word.as_bytes() {
            h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
        out.push(h);
    }
    out.sort_unstable();
    out.dedup();
}

/// Jaccard similarity of two sorted, deduplicated token sets.
pub fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both as f64 / (a.len() + b.len() - both) as f64
}

/// Signatures the index holds at most (the first ones of the baseline).
pub const NEIGHBOUR_CAP: usize = 50_000;
/// Entries a token's posting list holds at most.
const POSTING_CAP: usize = 2_048;
/// A query reads the posting lists of at most this many of its rarest tokens ...
const QUERY_TOKENS: usize = 12;
/// ... at most this many entries of each ...
const QUERY_SCAN: usize = 512;
/// ... and compares itself in full with at most this many of the candidates found.
const QUERY_EXACT: usize = 32;

/// An inverted index from token to baseline signatures, for finding a line's nearest
/// baseline line by token-set Jaccard similarity. Time per query and memory are bounded by the
/// caps above, whatever the size of the baseline.
#[derive(Debug, Default, Clone)]
pub struct Neighbours {
    postings: FxHashMap<u32, Vec<u32>>,
    /// Token sets by signature id (empty for ids past the cap).
    sets: Vec<Box<[u32]>>,
}

impl Neighbours {
    /// Indexes `signatures` (ids are positions in the slice; only the first
    /// [`NEIGHBOUR_CAP`] are indexed).
    pub fn build<'a>(signatures: impl Iterator<Item = &'a str>) -> Neighbours {
        let mut n = Neighbours::default();
        let mut toks = Vec::new();
        for (id, text) in signatures.take(NEIGHBOUR_CAP).enumerate() {
            tokens(text, &mut toks);
            for &t in &toks {
                let list = n.postings.entry(t).or_default();
                if list.len() < POSTING_CAP {
                    list.push(id as u32);
                }
            }
            n.sets.push(toks.as_slice().into());
        }
        n
    }

    /// The most similar indexed signature to the token set `query` and its similarity, if
    /// any shares a token with it. Deterministic: ties go to the lower id. `scratch` is reused
    /// between queries.
    pub fn nearest(&self, query: &[u32], scratch: &mut Scratch) -> Option<(u32, f64)> {
        let mut lists: Vec<&Vec<u32>> = query.iter().filter_map(|t| self.postings.get(t)).collect();
        if lists.is_empty() {
            return None;
        }
        lists.sort_by_key(|l| (l.len(), l.first().copied()));
        // Shared tokens per candidate, counted in a dense table (ids are below the cap).
        if scratch.shared.len() < self.sets.len() {
            scratch.shared.resize(self.sets.len(), 0);
        }
        scratch.touched.clear();
        for list in lists.iter().take(QUERY_TOKENS) {
            for &id in list.iter().take(QUERY_SCAN) {
                let c = &mut scratch.shared[id as usize];
                if *c == 0 {
                    scratch.touched.push(id);
                }
                *c += 1;
            }
        }
        let mut cands: Vec<(u16, u32)> = scratch
            .touched
            .iter()
            .map(|&id| (std::mem::take(&mut scratch.shared[id as usize]), id))
            .collect();
        // The most shared first, then the lower id; only the first QUERY_EXACT are compared.
        let order = |a: &(u16, u32), b: &(u16, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if cands.len() > QUERY_EXACT {
            cands.select_nth_unstable_by(QUERY_EXACT - 1, order);
            cands.truncate(QUERY_EXACT);
        }
        let mut best: Option<(u32, f64)> = None;
        for (_, id) in cands {
            let j = jaccard(query, &self.sets[id as usize]);
            if best.is_none_or(|(bid, bj)| j > bj || (j == bj && id < bid)) {
                best = Some((id, j));
            }
        }
        best
    }
}

/// Buffers [`Neighbours::nearest`] reuses.
#[derive(Debug, Default)]
pub struct Scratch {
    shared: Vec<u16>,
    touched: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte loop `cheap_key` replaced: saved baselines hold its keys.
    fn reference_key(message: &[u8]) -> u64 {
        const SEED: u64 = 0xcbf2_9ce4_8422_2325;
        const MARKER: u64 = 0x5bd1_e995;
        let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
        let (mut word, mut acc, mut n, mut len, mut digit) = (SEED, 0u64, 0u32, 0u32, false);
        let end_word = |h: &mut u64, word: &mut u64, acc: &mut u64, n: &mut u32, digit: bool| {
            let w = if digit {
                MARKER
            } else {
                (*word ^ *acc ^ (u64::from(*n) << 59)).wrapping_mul(K)
            };
            *h = (*h ^ w).wrapping_mul(K).rotate_left(23);
            (*word, *acc, *n) = (SEED, 0, 0);
        };
        for &b in message {
            if b == b' ' || b == b'\t' {
                if len > 0 {
                    end_word(&mut h, &mut word, &mut acc, &mut n, digit);
                    (len, digit) = (0, false);
                }
                continue;
            }
            digit |= b.is_ascii_digit();
            acc = (acc << 8) | u64::from(b);
            n += 1;
            len += 1;
            if n == 8 {
                word = (word ^ acc).wrapping_mul(K);
                acc = 0;
                n = 0;
            }
        }
        if len > 0 {
            end_word(&mut h, &mut word, &mut acc, &mut n, digit);
        }
        h ^ (h >> 29)
    }

    proptest::proptest! {
        #[test]
        fn saved_keys_still_match(msg in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::sample::select(b" \t0123456789/:x".to_vec()),
                proptest::num::u8::ANY,
            ],
            0..1100,
        )) {
            proptest::prop_assert_eq!(cheap_key(&msg), reference_key(&msg), "{:?}", msg);
        }
    }

    #[test]
    fn keys_of_real_lines_are_those_saved_baselines_hold() {
        for line in [
            "",
            " ",
            "a",
            "12345678",
            "abcdefgh",
            "abcdefghi j",
            "connection to db-7.internal:5432 refused after 3000 ms",
            "\ttest tests::parse_long_identifier_name_here ... ok  ",
            "Stück \u{7f}\u{80} ÿ 9",
        ] {
            assert_eq!(
                cheap_key(line.as_bytes()),
                reference_key(line.as_bytes()),
                "{line:?}"
            );
        }
        // Lengths at the edges of the bitmap's words and of the bitmap itself.
        for len in [63, 64, 65, 127, 128, 1023, 1024, 1025, 1100] {
            for unit in ["ab cd ", "x", "abcdefgh 1 ", "a\t"] {
                let line = unit.repeat(len / unit.len() + 1)[..len].to_string();
                let (got, want) = (cheap_key(line.as_bytes()), reference_key(line.as_bytes()));
                assert_eq!(got, want, "{len} {unit:?}");
            }
        }
    }

    #[test]
    fn numbers_do_not_change_the_cheap_key() {
        assert_eq!(
            cheap_key(b"took 12 ms on port 8080"),
            cheap_key(b"took 7 ms on port 9")
        );
        assert_eq!(
            cheap_key(b"job 5f3a9c2e-1b done"),
            cheap_key(b"job 77b1e0d4-9a done")
        );
        assert_ne!(cheap_key(b"took 12 ms"), cheap_key(b"took 12 s"));
        assert_ne!(cheap_key(b"a b"), cheap_key(b"b a"));
    }

    #[test]
    fn the_nearest_signature_shares_most_words() {
        let sigs = [
            "test tests::parse_a ... ok",
            "connected to <*> in <*>",
            "test result: ok. <*> passed",
        ];
        let n = Neighbours::build(sigs.iter().copied());
        let mut q = Vec::new();
        tokens("test tests::parse_a ... FAILED", &mut q);
        let (id, j) = n.nearest(&q, &mut Scratch::default()).unwrap();
        assert_eq!(id, 0);
        assert!(j > 0.5 && j < 1.0, "{j}");
        tokens("segmentation fault", &mut q);
        assert_eq!(n.nearest(&q, &mut Scratch::default()), None);
    }
}
