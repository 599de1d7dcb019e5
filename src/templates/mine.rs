//! Stage 2: grouping distinct signatures into templates by position statistics.
//!
//! No similarity threshold and no parse tree: only counts of distinct values per token position,
//! taken over distinct signatures (not lines, so a busy template does not outvote a rare one).
//!
//! 1. Signatures are cut into space-separated tokens. Side notes on quantities (an amount
//!    restated in brackets after a unit, `<*> bytes (<*>)`, and a unit of time after a number)
//!    are left out of the grouping key, since some lines of one message carry them and others do
//!    not. Keys are grouped by token count.
//! 2. Each length group is split recursively. For a set of signatures every position gets its
//!    number of distinct values `k`. A position is a *variable* when
//!    * some signatures have a masked number there and the others a word (`user 0`, `user admin`),
//!    * or its values are many for the set: `k >= 3` and `2k >= m`, where `m` counts the
//!      signatures that still differ once the positions already found variable are ignored (so one
//!      busy variable does not hide another); upper-case names (`RUNNING`) never are, and in
//!      messages of three tokens or fewer plain words are not either.
//!
//!    Among the other positions with more than one value, the one with the fewest values tells
//!    templates apart and the set is split on it. When none is left, the set is one template,
//!    unless as many of its words vary as stay constant: then it is split on its least varied
//!    variable anyway (a template is mostly constant).
//! 3. A variable position keeps what its values share: punctuation (`user=<*>`, `<*>:<*>`,
//!    `(<*>)`) and a package prefix (`org.example.<*>`).
//! 4. Templates whose texts coincide once runs of `<*>` are folded are merged (when mostly
//!    constant): a variable that spans a different number of words gives different lengths.
//!
//! The cost is about linear in the number of tokens times the depth of splitting (at most the
//! width of the message): distinct values are counted with a stamp per token, not with maps.

use std::collections::HashMap;

use super::mask::WILDCARD;
use super::Mined;

/// Groups distinct signatures into templates (see the module documentation).
pub fn mine(signatures: &[(&str, u64)]) -> Mined {
    let mut interner: HashMap<&str, u32> = HashMap::new();
    let mut names: Vec<&str> = Vec::new();
    let mut toks: Vec<Vec<u32>> = Vec::with_capacity(signatures.len());
    for (sig, _) in signatures {
        let row = sig
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(|t| {
                *interner.entry(t).or_insert_with(|| {
                    names.push(t);
                    (names.len() - 1) as u32
                })
            })
            .collect();
        toks.push(row);
    }
    // Signatures are grouped on their tokens without side notes on quantities: a quantity
    // restated in brackets (`<*> bytes (<*>)`) and a unit of time after a number (`<*> sec`),
    // which some lines of a message carry and others do not.
    let full = toks;
    let toks: Vec<Vec<u32>> = full
        .iter()
        .map(|row| {
            let name = |j: usize| names[row[j] as usize];
            (0..row.len())
                .filter(|&j| {
                    let side_note = j >= 2
                        && is_bracketed_number(name(j))
                        && is_wordlike(name(j - 1))
                        && is_number_like(name(j - 2))
                        || j >= 1 && is_time_unit(name(j)) && is_number_like(name(j - 1));
                    !side_note
                })
                .map(|j| row[j])
                .collect()
        })
        .collect();

    // Length groups, in order of first occurrence.
    let mut group_of_len: HashMap<usize, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, row) in toks.iter().enumerate() {
        let g = *group_of_len.entry(row.len()).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }

    let mut leaves: Vec<Vec<usize>> = Vec::new();
    let vocab = Vocab::new(names);
    for group in groups {
        split_group(group, &toks, &vocab, &mut leaves);
    }
    let names = vocab.names;
    // Leaves in order of their first signature, so template numbering follows the input.
    leaves.sort_by_key(|l| l[0]);

    let mut templates: Vec<String> = Vec::new();
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut of = vec![0u32; signatures.len()];
    let leaf_texts: Vec<String> = leaves
        .iter()
        .map(|leaf| {
            let n = full[leaf[0]].len();
            if leaf.iter().all(|&i| full[i].len() == n) {
                leaf_template(leaf, &full, &names)
            } else {
                leaf_template(leaf, &toks, &names)
            }
        })
        .collect();
    // Folded text -> how many distinct token counts produce it.
    let mut folded_lens: HashMap<String, Vec<usize>> = HashMap::new();
    for (leaf, text) in leaves.iter().zip(&leaf_texts) {
        let lens = folded_lens.entry(fold(text)).or_default();
        let n = toks[leaf[0]].len();
        if !lens.contains(&n) {
            lens.push(n);
        }
    }
    for (leaf, text) in leaves.iter().zip(leaf_texts) {
        let folded = fold(&text);
        let key = if folded_lens[&folded].len() > 1 && mostly_constant(&folded) {
            folded
        } else {
            text
        };
        let t = *index.entry(key.clone()).or_insert_with(|| {
            templates.push(key);
            (templates.len() - 1) as u32
        });
        for &i in leaf {
            of[i] = t;
        }
    }
    Mined { templates, of }
}

/// What the splitting needs to know of each distinct token, computed once.
struct Vocab<'a> {
    names: Vec<&'a str>,
    /// Per token: bit 0 plain word, bit 1 upper-case name, bit 2 masked number, bit 3 has a
    /// letter or digit.
    flags: Vec<u8>,
}

const PLAIN: u8 = 1;
const ENUM: u8 = 2;
const NUMBER: u8 = 4;
const ALNUM: u8 = 8;
const WILD: u8 = 16;

impl<'a> Vocab<'a> {
    fn new(names: Vec<&'a str>) -> Self {
        let flags = names
            .iter()
            .map(|t| {
                let mut f = 0;
                if is_wordlike(t) {
                    f |= PLAIN;
                }
                if is_enum_word(t) {
                    f |= ENUM;
                }
                if is_number_like(t) {
                    f |= NUMBER;
                }
                if t.bytes().any(|c| c.is_ascii_alphanumeric()) {
                    f |= ALNUM;
                }
                if t.contains(WILDCARD) {
                    f |= WILD;
                }
                f
            })
            .collect();
        Vocab { names, flags }
    }
}

/// Splits one length group into leaves (sets of signatures that form one template).
fn split_group(group: Vec<usize>, toks: &[Vec<u32>], vocab: &Vocab, leaves: &mut Vec<Vec<usize>>) {
    let width = toks[group[0]].len();
    let mut stack = vec![group];
    // Distinct values are counted with a stamp per token instead of a map.
    let mut stamp = vec![0u32; vocab.names.len()];
    let mut slot = vec![0u32; vocab.names.len()];
    let mut epoch = 0u32;
    let mut keys: Vec<u64> = Vec::new();
    while let Some(set) = stack.pop() {
        if set.len() == 1 {
            leaves.push(set);
            continue;
        }
        // Per position: its number of distinct values and what kinds of values they are.
        let mut ks = vec![0usize; width];
        let mut all_flags = vec![0u8; width];
        let mut any_flags = vec![0u8; width];
        let mut words = 0; // positions not masked in every signature
        for p in 0..width {
            epoch += 1;
            let (mut k, mut all, mut any) = (0, 0xFF, 0);
            for &i in &set {
                let t = toks[i][p] as usize;
                if stamp[t] != epoch {
                    stamp[t] = epoch;
                    k += 1;
                    all &= vocab.flags[t];
                    any |= vocab.flags[t];
                }
            }
            ks[p] = k;
            all_flags[p] = all;
            any_flags[p] = any;
            if k > 1 || vocab.names[toks[set[0]][p] as usize] != WILDCARD {
                words += 1;
            }
        }
        // Some signatures have a masked number at the position and the others a word (not a
        // marker such as `****`): the position holds a value.
        let masked = |p: usize| {
            if any_flags[p] & NUMBER != 0 {
                return set
                    .iter()
                    .all(|&i| vocab.flags[toks[i][p] as usize] & (NUMBER | ALNUM) != 0);
            }
            // The same inside tokens: `chdir(<*>)` and `chdir(pwd)`.
            if any_flags[p] & WILD == 0 || all_flags[p] & WILD != 0 || ks[p] > 16 {
                return false;
            }
            let mut values: Vec<&str> = Vec::new();
            for &i in &set {
                let v = vocab.names[toks[i][p] as usize];
                if !values.contains(&v) {
                    values.push(v);
                }
            }
            differ_only_by_masked_pieces(&values)
        };
        // Variable positions, judged against the number of signatures that still differ once the
        // positions already found variable are ignored (so one busy variable does not hide another).
        let mut var = vec![false; width];
        let mut m = set.len();
        loop {
            let mut changed = false;
            for p in 0..width {
                if ks[p] > 1
                    && !var[p]
                    && (masked(p)
                        || all_flags[p] & ENUM == 0
                            && looks_variable(ks[p], m, width, all_flags[p] & PLAIN != 0))
                {
                    var[p] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
            keys.clear();
            keys.extend(set.iter().map(|&i| {
                (0..width)
                    .filter(|&p| !var[p])
                    .fold(0xcbf2_9ce4_8422_2325u64, |h, p| {
                        (h ^ u64::from(toks[i][p])).wrapping_mul(0x0000_0100_0000_01b3)
                    })
            }));
            keys.sort_unstable();
            keys.dedup();
            m = keys.len();
        }
        let varying = ks.iter().filter(|&&k| k > 1).count();
        let pick = |want_var: bool| {
            (0..width)
                .filter(|&p| ks[p] > 1 && var[p] == want_var)
                .min_by_key(|&p| (ks[p], p))
        };
        let mut best = pick(false);
        // A template is mostly constant: when most words vary, the set holds several templates.
        if best.is_none() && (varying * 2 > words || varying * 2 == words && varying >= 2) {
            best = pick(true);
        }
        let Some(p) = best else {
            leaves.push(set);
            continue;
        };
        let mut parts: Vec<Vec<usize>> = Vec::new();
        epoch += 1;
        for &i in &set {
            let t = toks[i][p] as usize;
            if stamp[t] != epoch {
                stamp[t] = epoch;
                slot[t] = parts.len() as u32;
                parts.push(Vec::new());
            }
            parts[slot[t] as usize].push(i);
        }
        stack.extend(parts.into_iter().rev());
    }
}

/// Whether a position with `k` distinct values over `m` signatures of `width` tokens is a variable.
fn looks_variable(k: usize, m: usize, width: usize, plain: bool) -> bool {
    if k < 3 || k * 2 < m {
        return false;
    }
    // In short messages a differing word is what the message says, not a parameter.
    width >= 4 || !plain
}

/// Letters only, with at most one trailing punctuation mark.
fn is_wordlike(t: &str) -> bool {
    let t = t.strip_suffix([',', '.', ':', ';']).unwrap_or(t);
    !t.is_empty() && t.bytes().all(|c| c.is_ascii_alphabetic())
}

/// Whether `values` have the same punctuation and differ only in pieces where some hold `<*>`
/// and the others a word.
fn differ_only_by_masked_pieces(values: &[&str]) -> bool {
    let shapes: Vec<Vec<&str>> = values.iter().map(|v| pieces(v)).collect();
    let first = &shapes[0];
    if shapes.iter().any(|s| {
        s.len() != first.len()
            || s.iter()
                .zip(first)
                .any(|(a, b)| is_delim_piece(a) != is_delim_piece(b) || is_delim_piece(a) && a != b)
    }) {
        return false;
    }
    let mut met = false;
    for j in 0..first.len() {
        if shapes.iter().all(|s| s[j] == first[j]) {
            continue;
        }
        let wild = shapes.iter().any(|s| s[j] == WILDCARD);
        let words = shapes.iter().all(|s| {
            s[j] == WILDCARD || s[j].bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
        });
        if !wild || !words {
            return false;
        }
        met = true;
    }
    met
}

/// A masked value in brackets (`(<*>)`, `[<*>],`).
fn is_bracketed_number(t: &str) -> bool {
    let t = t.trim_end_matches([',', '.', ';', ':']);
    let b = t.as_bytes();
    b.len() >= 5
        && matches!((b[0], b[b.len() - 1]), (b'(', b')') | (b'[', b']'))
        && is_number_like(&t[1..t.len() - 1])
}

/// A unit of time, as written after a number.
fn is_time_unit(t: &str) -> bool {
    let t = t.trim_end_matches([',', '.', ';', ':', ')']);
    matches!(
        t,
        "ns" | "us" | "ms" | "s" | "sec" | "secs" | "min" | "mins"
    )
}

/// A token made of masked parts and punctuation only (`<*>`, `<*>,+<*>`).
fn is_number_like(t: &str) -> bool {
    t.contains(WILDCARD) && !t.bytes().any(|c| c.is_ascii_alphabetic())
}

/// An upper-case name (`LOOKING`, `FAIL_TASK_CLEANUP`): states and kinds, which logs spell
/// this way as constants of the program.
fn is_enum_word(t: &str) -> bool {
    let t = t.trim_matches(|c: char| c.is_ascii_punctuation() && c != '_');
    let b = t.as_bytes();
    b.len() >= 2
        && b[0].is_ascii_uppercase()
        && b.iter()
            .all(|&c| c.is_ascii_uppercase() || c == b'_' || c.is_ascii_digit())
}

/// The template text of one leaf.
fn leaf_template(leaf: &[usize], toks: &[Vec<u32>], names: &[&str]) -> String {
    let first = &toks[leaf[0]];
    let mut out = String::new();
    let mut values: Vec<&str> = Vec::new();
    for p in 0..first.len() {
        if p > 0 {
            out.push(' ');
        }
        values.clear();
        values.extend(leaf.iter().map(|&i| names[toks[i][p] as usize]));
        if values.iter().all(|v| *v == values[0]) {
            out.push_str(values[0]);
        } else {
            generalize(&values, &mut out);
        }
    }
    out
}

/// Writes the common form of differing values of one position: the punctuation they share is kept,
/// the pieces between that differ become `<*>`. Values with different punctuation become `<*>`.
fn generalize(values: &[&str], out: &mut String) {
    let shape = pieces(values[0]);
    let shapes: Vec<Vec<&str>> = values.iter().map(|v| pieces(v)).collect();
    let same = shapes.iter().all(|s| {
        s.len() == shape.len()
            && s.iter().zip(&shape).all(|(a, b)| {
                is_delim_piece(a) == is_delim_piece(b) && (!is_delim_piece(a) || a == b)
            })
    });
    if !same {
        // Keep the brackets and quotes around the values (`()` and `(name)` give `(<*>)`).
        let lead = common_delims(values, |v, n| v.as_bytes().get(n).copied());
        let trail = common_delims(values, |v, n| {
            v.len().checked_sub(n + 1).map(|i| v.as_bytes()[i])
        });
        let shortest = values.iter().map(|v| v.len()).min().unwrap_or(0);
        let (lead, trail) = if lead + trail > shortest {
            (0, 0)
        } else {
            (lead, trail)
        };
        if lead == 0 {
            // Or the package part of dotted names (`com.example.<*>`).
            out.push_str(dotted_prefix(values.iter().copied()));
        } else {
            out.push_str(&values[0][..lead]);
        }
        out.push_str(WILDCARD);
        out.push_str(&values[0][values[0].len() - trail..]);
        return;
    }
    for (j, piece) in shape.iter().enumerate() {
        if shapes.iter().all(|s| s[j] == *piece) {
            out.push_str(piece);
        } else if !out.ends_with(WILDCARD) {
            out.push_str(dotted_prefix(shapes.iter().map(|s| s[j])));
            out.push_str(WILDCARD);
        }
    }
}

/// The longest prefix common to all `values` that ends with a `.` and holds two dots or more
/// (`org.example.util.` of class names), or "".
fn dotted_prefix<'a>(mut values: impl Iterator<Item = &'a str>) -> &'a str {
    let Some(first) = values.next() else {
        return "";
    };
    let mut len = first.len();
    for v in values {
        len = first
            .bytes()
            .zip(v.bytes())
            .take(len)
            .take_while(|(a, b)| a == b)
            .count();
    }
    let prefix = &first[..len];
    match prefix.rfind('.') {
        Some(dot) if prefix[..dot].contains('.') && !prefix.contains(WILDCARD) => &first[..=dot],
        _ => "",
    }
}

/// How many delimiter characters all `values` share at the ends `at` walks from.
fn common_delims(values: &[&str], at: impl Fn(&str, usize) -> Option<u8>) -> usize {
    let mut n = 0;
    while let Some(c) = at(values[0], n) {
        if !is_delim_byte(c) || values.iter().any(|v| at(v, n) != Some(c)) {
            break;
        }
        n += 1;
    }
    n
}

fn is_delim_byte(c: u8) -> bool {
    matches!(
        c,
        b':' | b'=' | b',' | b';' | b'(' | b')' | b'[' | b']' | b'{' | b'}' | b'\'' | b'"' | b'|'
    )
}

fn is_delim_piece(p: &str) -> bool {
    p.len() == 1 && is_delim_byte(p.as_bytes()[0])
}

/// Cuts a token into single delimiter characters and the runs between them.
fn pieces(t: &str) -> Vec<&str> {
    let b = t.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        if is_delim_byte(c) {
            if start < i {
                out.push(&t[start..i]);
            }
            out.push(&t[i..i + 1]);
            start = i + 1;
        }
    }
    if start < b.len() {
        out.push(&t[start..]);
    }
    out
}

/// The template with every run of space-separated `<*>` folded into one.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_wild = false;
    for t in text.split(' ') {
        let wild = t == WILDCARD;
        if wild && last_wild {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(t);
        last_wild = wild;
    }
    out
}

/// At least half of the template's tokens are not `<*>`.
fn mostly_constant(text: &str) -> bool {
    let (mut wild, mut all) = (0, 0);
    for t in text.split(' ') {
        all += 1;
        if t == WILDCARD {
            wild += 1;
        }
    }
    wild * 2 <= all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mined(sigs: &[&str]) -> Mined {
        let input: Vec<(&str, u64)> = sigs.iter().map(|s| (*s, 1)).collect();
        mine(&input)
    }

    fn template_of(m: &Mined, i: usize) -> &str {
        &m.templates[m.of[i] as usize]
    }

    #[test]
    fn messages_differing_only_in_a_user_name_share_one_template() {
        let m = mined(&[
            "session opened for user alice by <*>",
            "session opened for user bob by <*>",
            "session opened for user carol by <*>",
        ]);
        assert_eq!(m.templates, vec!["session opened for user <*> by <*>"]);
        assert_eq!(m.of, vec![0, 0, 0]);
    }

    #[test]
    fn a_different_verb_is_a_different_template_even_with_variable_users() {
        let m = mined(&[
            "session opened for user alice",
            "session closed for user alice",
            "session opened for user bob",
            "session closed for user bob",
            "session opened for user carol",
            "session closed for user carol",
        ]);
        assert_eq!(template_of(&m, 0), "session opened for user <*>");
        assert_eq!(template_of(&m, 1), "session closed for user <*>");
        assert_eq!(m.templates.len(), 2);
    }

    #[test]
    fn a_word_where_other_lines_have_a_number_is_a_value() {
        let m = mined(&[
            "invalid user <*> from <*> port <*>",
            "invalid user admin from <*> port <*>",
        ]);
        assert_eq!(m.templates, vec!["invalid user <*> from <*> port <*>"]);
    }

    #[test]
    fn a_word_where_other_lines_have_a_number_inside_a_token_is_a_value() {
        let m = mined(&[
            "LOGIN chdir(<*>) failed: no such file",
            "LOGIN chdir(pwd) failed: no such file",
        ]);
        assert_eq!(m.templates, vec!["LOGIN chdir(<*>) failed: no such file"]);
    }

    #[test]
    fn upper_case_states_and_short_messages_stay_constant() {
        let m = mined(&[
            "<*> Transitioned from NEW to SCHEDULED",
            "<*> Transitioned from SCHEDULED to RUNNING",
            "<*> Transitioned from RUNNING to SUCCEEDED",
            "Link error",
            "Link ok",
            "Link down",
        ]);
        assert_eq!(m.templates.len(), 6);
        assert_eq!(
            template_of(&m, 1),
            "<*> Transitioned from SCHEDULED to RUNNING"
        );
    }

    #[test]
    fn shared_punctuation_of_a_variable_is_kept() {
        let m = mined(&[
            "connect to alpha.example:<*> failed user=ann",
            "connect to beta.example:<*> failed user=bo",
            "connect to gamma.example:<*> failed user=cy",
        ]);
        assert_eq!(m.templates, vec!["connect to <*>:<*> failed user=<*>"]);
    }

    #[test]
    fn brackets_around_a_value_are_kept_even_when_it_is_empty() {
        let m = mined(&[
            "connection from <*> () at <*>",
            "connection from <*> (a.example) at <*>",
            "connection from <*> (b.example) at <*>",
        ]);
        assert_eq!(m.templates, vec!["connection from <*> (<*>) at <*>"]);
    }

    #[test]
    fn a_value_spanning_several_words_gives_one_template() {
        let m = mined(&[
            "Saved file <*> to disk in <*> ok",
            "Saved file <*> <*> to disk in <*> ok",
            "Saved file <*> <*> <*> to disk in <*> ok",
        ]);
        assert_eq!(m.templates, vec!["Saved file <*> to disk in <*> ok"]);
    }

    #[test]
    fn a_restated_amount_or_a_time_unit_does_not_split_a_message() {
        let m = mined(&[
            "<*> close, <*> bytes sent, <*> bytes received, lifetime <*>:<*>",
            "<*> close, <*> bytes (<*>) sent, <*> bytes received, lifetime <*>:<*>",
            "<*> close, <*> bytes sent, <*> bytes (<*>) received, lifetime <<*> sec",
        ]);
        assert_eq!(m.templates.len(), 1, "{:?}", m.templates);
        // A line that always carries its unit keeps it in the template.
        let m = mined(&["took <*> ms", "took <*> ms"]);
        assert_eq!(m.templates, vec!["took <*> ms"]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let m = mined(&["", "   ", "<*>", "(<*>)", "é ü <*> ms", "a  b"]);
        assert_eq!(m.of.len(), 6);
        assert_eq!(mined(&[]).templates.len(), 0);
    }

    #[test]
    fn result_is_deterministic_and_covers_every_signature() {
        let sigs = [
            "a b c <*>",
            "job <*> done",
            "job <*> failed",
            "x y",
            "a b d <*>",
            "a b e <*>",
        ];
        let first = mined(&sigs);
        assert_eq!(first, mined(&sigs));
        assert_eq!(first.of.len(), sigs.len());
        assert!(first
            .of
            .iter()
            .all(|&t| (t as usize) < first.templates.len()));
    }
}
