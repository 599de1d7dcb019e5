//! Cheap keys and token features of a line, and the bounded nearest-neighbour index over the
//! baseline's signatures.
//!
//! Hashes here are written out rather than taken from a hashing crate: they are stored in
//! saved baselines, so they must not change when a dependency does.

use rustc_hash::FxHashMap;

/// A hash of a message's words with every word that holds a digit replaced by one marker: two
/// lines that differ only in such words (timestamps, counts, durations, ports, hex ids, UUIDs)
/// have the same key. A line whose key the baseline holds is known without masking it; the
/// others are masked (`templates::signature`), which is what costs.
pub fn cheap_key(message: &[u8]) -> u64 {
    const K: u64 = 0x0000_0100_0000_01b3;
    const SEED: u64 = 0xcbf2_9ce4_8422_2325;
    const MARKER: u64 = 0x5bd1_e995;
    // Bytes are gathered eight at a time and mixed with one multiplication: a multiplication
    // per byte made this loop the slowest part of reading a baseline.
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut word = SEED;
    let mut acc: u64 = 0;
    let mut n: u32 = 0;
    let mut len: u32 = 0;
    let mut digit = false;
    let end_word = |h: &mut u64,
                    word: &mut u64,
                    acc: &mut u64,
                    n: &mut u32,
                    len: &mut u32,
                    digit: &mut bool| {
        let w = if *digit {
            MARKER
        } else {
            (*word ^ *acc ^ (u64::from(*n) << 59)).wrapping_mul(K)
        };
        *h = (*h ^ w).wrapping_mul(K).rotate_left(23);
        *word = SEED;
        *acc = 0;
        *n = 0;
        *len = 0;
        *digit = false;
    };
    for &b in message {
        if b == b' ' || b == b'\t' {
            if len > 0 {
                end_word(&mut h, &mut word, &mut acc, &mut n, &mut len, &mut digit);
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
        end_word(&mut h, &mut word, &mut acc, &mut n, &mut len, &mut digit);
    }
    // Fold the high bits down so that the low bits, which hash tables use, depend on them.
    h ^ (h >> 29)
}

/// A stable 64-bit hash of a signature's text (FNV-1a with a final mix).
pub fn text_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in text.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^ (h >> 31)
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
    /// any shares a token with it. Deterministic: ties go to the lower id.
    pub fn nearest(&self, query: &[u32]) -> Option<(u32, f64)> {
        let mut lists: Vec<&Vec<u32>> = query.iter().filter_map(|t| self.postings.get(t)).collect();
        if lists.is_empty() {
            return None;
        }
        lists.sort_by_key(|l| (l.len(), l.first().copied()));
        let mut shared: FxHashMap<u32, u32> = FxHashMap::default();
        for list in lists.iter().take(QUERY_TOKENS) {
            for &id in list.iter().take(QUERY_SCAN) {
                *shared.entry(id).or_insert(0) += 1;
            }
        }
        let mut cands: Vec<(u32, u32)> = shared.into_iter().collect();
        cands.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        cands.truncate(QUERY_EXACT);
        let mut best: Option<(u32, f64)> = None;
        for (id, _) in cands {
            let j = jaccard(query, &self.sets[id as usize]);
            if best.is_none_or(|(bid, bj)| j > bj || (j == bj && id < bid)) {
                best = Some((id, j));
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let (id, j) = n.nearest(&q).unwrap();
        assert_eq!(id, 0);
        assert!(j > 0.5 && j < 1.0, "{j}");
        tokens("segmentation fault", &mut q);
        assert_eq!(n.nearest(&q), None);
    }
}
