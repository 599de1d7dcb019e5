//! Stage 2: grouping distinct signatures into templates.
//!
//! 1. Signatures are split on spaces and grouped by token count.
//! 2. Within one token count, each (position, token) pair is counted over the distinct signatures.
//!    The tokens of one template share its frequency, while a variable's values split it; so for
//!    each signature the frequency carried by most of its tokens marks its constant tokens (the
//!    "longest common pattern" of Brain, Yu et al. 2023). Signatures with the same constant
//!    tokens at the same positions form a first group.
//! 3. In a group, a position holding one value is constant. A position with several values is
//!    variable if the values look variable (one is already masked, or there are many of them);
//!    otherwise its values are constants of different templates and the group is split on them.
//! 4. A template keeps the constant tokens and writes `<*>` for a variable position, keeping the
//!    punctuation the values share at both ends (`user=alice`, `user=bob` give `user=<*>`).
//!    Groups that end with the same template text are one template.

use super::mask::WILD;
use rustc_hash::FxHashMap;

/// A position with more distinct values than this (within one group) is variable.
const MAX_CONSTANT_VALUES: usize = 3;
/// The most values a position of constants may have when other signs say they are constants.
const MAX_SPLIT_VALUES: usize = 12;

/// Groups signatures; returns the template texts and, per signature, its template index.
pub fn group(signatures: &[(&str, u64)]) -> (Vec<String>, Vec<u32>) {
    let toks: Vec<Vec<&str>> = signatures
        .iter()
        .map(|(s, _)| s.split(' ').collect())
        .collect();

    // Token counts in order of first occurrence.
    let mut by_len: FxHashMap<usize, usize> = FxHashMap::default();
    let mut lens: Vec<Vec<usize>> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let k = *by_len.entry(t.len()).or_insert_with(|| {
            lens.push(Vec::new());
            lens.len() - 1
        });
        lens[k].push(i);
    }

    let mut templates: Vec<String> = Vec::new();
    let mut template_index: FxHashMap<String, u32> = FxHashMap::default();
    let mut of = vec![0u32; signatures.len()];

    for members in &lens {
        for part in first_groups(&toks, members) {
            let mut subs = Vec::new();
            refine(&toks, part, &mut subs);
            for sub in subs {
                let text = template_of(&toks, &sub);
                let t = *template_index.entry(text.clone()).or_insert_with(|| {
                    templates.push(text);
                    (templates.len() - 1) as u32
                });
                for &s in &sub {
                    of[s] = t;
                }
            }
        }
    }
    // Renumber templates by first occurrence of their signatures, for a stable order.
    let mut order = vec![u32::MAX; templates.len()];
    let mut next = 0u32;
    for t in of.iter_mut() {
        if order[*t as usize] == u32::MAX {
            order[*t as usize] = next;
            next += 1;
        }
        *t = order[*t as usize];
    }
    let mut sorted = vec![String::new(); templates.len()];
    for (old, text) in templates.into_iter().enumerate() {
        if order[old] != u32::MAX {
            sorted[order[old] as usize] = text;
        }
    }
    sorted.truncate(next as usize);
    (sorted, of)
}

/// Splits the signatures of one token count into first groups by their common pattern.
fn first_groups(toks: &[Vec<&str>], members: &[usize]) -> Vec<Vec<usize>> {
    let mut freq: FxHashMap<(usize, &str), u32> = FxHashMap::default();
    for &s in members {
        for (p, &t) in toks[s].iter().enumerate() {
            *freq.entry((p, t)).or_insert(0) += 1;
        }
    }
    let mut key_index: FxHashMap<Vec<(usize, &str)>, usize> = FxHashMap::default();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut counts: Vec<(u32, u32)> = Vec::new();
    for &s in members {
        // The frequency shared by most of this signature's unmasked tokens (ties: the higher).
        counts.clear();
        for (p, &t) in toks[s].iter().enumerate() {
            if only_masks(t) {
                continue;
            }
            let f = freq[&(p, t)];
            match counts.iter_mut().find(|(g, _)| *g == f) {
                Some((_, n)) => *n += 1,
                None => counts.push((f, 1)),
            }
        }
        let best = counts
            .iter()
            .max_by_key(|&&(f, n)| (n, f))
            .map(|&(f, _)| f)
            .unwrap_or(0);
        let key: Vec<(usize, &str)> = toks[s]
            .iter()
            .enumerate()
            .filter(|&(p, &t)| !only_masks(t) && freq[&(p, t)] >= best)
            .map(|(p, &t)| (p, t))
            .collect();
        let g = *key_index.entry(key).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(s);
    }
    groups
}

/// Splits a first group on positions whose few values are constants of different templates:
/// the position with the fewest values first, then again within each part.
fn refine(toks: &[Vec<&str>], group: Vec<usize>, out: &mut Vec<Vec<usize>>) {
    let width = toks[group[0]].len();
    let mut best: Option<(usize, usize)> = None; // (values, position)
    let mut values: Vec<&str> = Vec::new();
    let mut shapes: Vec<String> = Vec::new();
    for p in 0..width {
        if !column_values(toks, &group, p, &mut values) || values.len() <= 1 {
            continue;
        }
        // Values with masks differ as constants only by their words: `exception...<*>` and
        // `operation..<*>` may be two templates, `<*>.<*>` and `<*>` are one value.
        shapes.clear();
        // A mask next to a plain value, or a value that is only a mask, marks a variable.
        let masked = values.iter().filter(|v| v.contains(WILD)).count();
        let mut plain_mask =
            masked > 0 && (masked < values.len() || !values.iter().all(|v| labelled_mask(v)));
        for v in &values {
            let shape = shape(v);
            plain_mask |= shape.is_empty() && v.contains(WILD);
            if !shapes.contains(&shape) {
                shapes.push(shape);
            }
        }
        if plain_mask || shapes.len() <= 1 || shapes.len() > MAX_SPLIT_VALUES {
            continue;
        }
        if !constant_like(&values, shapes.len(), p) {
            continue;
        }
        if best.is_none_or(|(n, _)| shapes.len() < n) {
            best = Some((shapes.len(), p));
        }
    }
    let Some((_, p)) = best else {
        out.push(group);
        return;
    };
    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    let mut parts: Vec<Vec<usize>> = Vec::new();
    for &s in &group {
        let g = *index.entry(shape(toks[s][p])).or_insert_with(|| {
            parts.push(Vec::new());
            parts.len() - 1
        });
        parts[g].push(s);
    }
    for part in parts {
        refine(toks, part, out);
    }
}

/// Collects the distinct values at position `p`; false if there are more than
/// [`MAX_SPLIT_VALUES`].
fn column_values<'a>(
    toks: &[Vec<&'a str>],
    group: &[usize],
    p: usize,
    values: &mut Vec<&'a str>,
) -> bool {
    values.clear();
    for &s in group {
        let v = toks[s][p];
        if !values.contains(&v) {
            values.push(v);
            if values.len() > MAX_SPLIT_VALUES {
                return false;
            }
        }
    }
    true
}

/// Whether the distinct values of a position (more than one) look like constants of different
/// templates rather than values of a variable.
fn constant_like(values: &[&str], kinds: usize, position: usize) -> bool {
    if kinds <= MAX_CONSTANT_VALUES {
        return true;
    }
    // Words that start a message, and upper-case names (states, event types), are constants
    // even when there are more of them.
    position == 0 || values.iter().all(|v| enum_like(v))
}

/// `<*>`, `<*>:<*>`, `(<*>)`: masks and punctuation only.
fn only_masks(t: &str) -> bool {
    t.contains(WILD) && shape(t).is_empty()
}

/// `count=<*>`, `instruction......<*>`: one mask after a label and `=`, `:` or dots.
fn labelled_mask(v: &str) -> bool {
    match v.find(WILD) {
        Some(w) => {
            w > 0
                && !v[w + WILD.len()..].contains(WILD)
                && (matches!(v.as_bytes()[w - 1], b'=' | b':') || v[..w].ends_with(".."))
        }
        None => false,
    }
}

/// The letters and digits of a token outside its masks.
fn shape(v: &str) -> String {
    v.split(WILD)
        .flat_map(|p| p.chars().filter(|c| c.is_alphanumeric()))
        .collect()
}

/// `RUNNING`, `CONTAINER_LAUNCHED`: an upper-case identifier.
fn enum_like(v: &str) -> bool {
    let b = v.trim_end_matches([',', '.', ':', ';', ')']).as_bytes();
    b.len() >= 2
        && b[0].is_ascii_uppercase()
        && b.iter()
            .all(|&c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_')
}

/// The template of a final group: constant tokens kept, varying positions as `<*>` with the
/// punctuation shared by all values at both ends.
fn template_of(toks: &[Vec<&str>], group: &[usize]) -> String {
    let first = &toks[group[0]];
    let mut out = String::new();
    for (p, &t0) in first.iter().enumerate() {
        if p > 0 {
            out.push(' ');
        }
        let mut pre = t0.len();
        let mut suf = t0.len();
        let mut same = true;
        for &s in &group[1..] {
            let t = toks[s][p];
            if t != t0 {
                same = false;
                pre = pre.min(common_prefix(t0, t));
                suf = suf.min(common_suffix(t0, t));
            }
        }
        if same {
            out.push_str(t0);
            continue;
        }
        // Never cut through a mask, in any of the values.
        for &s in group {
            let v = toks[s][p];
            pre = outside_mask(v, pre);
            suf = v.len() - outside_mask(v, v.len() - suf.min(v.len()));
        }
        // Keep only punctuation-delimited ends: `user=` of `user=alice`, not `a` of `alice`.
        let b = t0.as_bytes();
        while pre > 0 && b[pre - 1].is_ascii_alphanumeric() {
            pre -= 1;
        }
        while suf > 0 && b[t0.len() - suf].is_ascii_alphanumeric() {
            suf -= 1;
        }
        // Shorter values might overlap prefix and suffix.
        let min_len = group.iter().map(|&s| toks[s][p].len()).min().unwrap_or(0);
        if pre + suf > min_len {
            suf = min_len.saturating_sub(pre);
        }
        let (head, tail) = (&t0[..pre], &t0[t0.len() - suf..]);
        out.push_str(head);
        if !head.ends_with(WILD) && !tail.starts_with(WILD) {
            out.push_str(WILD);
        }
        out.push_str(tail);
    }
    out
}

/// `at`, moved back to the start of a mask of `v` it would cut.
fn outside_mask(v: &str, at: usize) -> usize {
    let mut from = 0;
    while let Some(w) = v[from..].find(WILD) {
        let w = from + w;
        if w >= at {
            break;
        }
        if at < w + WILD.len() {
            return w;
        }
        from = w + WILD.len();
    }
    at
}

fn common_prefix(a: &str, b: &str) -> usize {
    let n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    floor_char(a, n)
}

fn common_suffix(a: &str, b: &str) -> usize {
    let n = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut k = a.len() - n;
    while !a.is_char_boundary(k) {
        k += 1;
    }
    a.len() - k
}

fn floor_char(a: &str, mut n: usize) -> usize {
    while !a.is_char_boundary(n) {
        n -= 1;
    }
    n
}
