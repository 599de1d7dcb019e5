//! Template mining: similar messages folded into templates with `<*>` for their variable parts.
//!
//! Two stages, so that mining is parallel, mergeable and deterministic:
//!
//! 1. [`signature`] is a pure function of one message: it masks the parts that are variable on
//!    their own (numbers, addresses, ids ...) and returns the masked text. Workers call it on every
//!    line; equal signatures are counted in a map, and maps merge by adding counts, so the set of
//!    signatures does not depend on how the input was cut or how many threads read it.
//! 2. [`mine`] runs once over the merged, distinct signatures (with their counts) and groups them
//!    into templates, deciding which of the remaining tokens vary. Its input is small (distinct
//!    signatures, not lines) and given in a canonical order, so its result is deterministic.

mod group;
mod mask;

/// Writes the signature of `message` into `out` (cleared first).
///
/// Pure: the same message always gives the same signature. See [`mask`] for what is masked.
pub fn signature(message: &str, out: &mut String) {
    mask::signature(message, out);
}

/// The templates found over a set of signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mined {
    /// The template texts, `<*>` for variable parts.
    pub templates: Vec<String>,
    /// For each input signature, the index of its template in `templates`.
    pub of: Vec<u32>,
}

/// Groups distinct signatures (with how many lines had each) into templates.
///
/// `signatures` holds each distinct signature once, in the order of first occurrence in the
/// input. The result depends only on this slice.
pub fn mine(signatures: &[(&str, u64)]) -> Mined {
    let (templates, of) = group::group(signatures);
    Mined { templates, of }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mines raw messages the way the engine does: signatures counted, then mined.
    fn templates_of(lines: &[&str]) -> Vec<String> {
        let mut sigs: Vec<(String, u64)> = Vec::new();
        let mut per_line = Vec::new();
        let mut buf = String::new();
        for line in lines {
            signature(line, &mut buf);
            let i = match sigs.iter().position(|(s, _)| *s == buf) {
                Some(i) => i,
                None => {
                    sigs.push((buf.clone(), 0));
                    sigs.len() - 1
                }
            };
            sigs[i].1 += 1;
            per_line.push(i);
        }
        let view: Vec<(&str, u64)> = sigs.iter().map(|(s, c)| (s.as_str(), *c)).collect();
        let mined = mine(&view);
        per_line
            .iter()
            .map(|&i| mined.templates[mined.of[i] as usize].clone())
            .collect()
    }

    #[test]
    fn numbers_are_masked() {
        let mut s = String::new();
        signature("took 12 ms", &mut s);
        assert_eq!(s, "took <*> ms");
    }

    #[test]
    fn messages_that_differ_in_many_user_names_share_one_template() {
        let t = templates_of(&[
            "session closed for user alice",
            "session closed for user bob",
            "session closed for user carol",
            "session closed for user dave",
            "session closed for user erin",
        ]);
        assert!(
            t.iter().all(|x| x == "session closed for user <*>"),
            "{t:?}"
        );
    }

    #[test]
    fn different_states_are_different_templates() {
        let t = templates_of(&[
            "task_1 Transitioned from NEW to SCHEDULED",
            "task_2 Transitioned from SCHEDULED to RUNNING",
            "task_3 Transitioned from RUNNING to SUCCEEDED",
            "task_4 Transitioned from NEW to SCHEDULED",
            "task_5 Transitioned from SCHEDULED to RUNNING",
            "task_6 Transitioned from RUNNING to KILLED",
        ]);
        assert_eq!(t[0], "task_<*> Transitioned from NEW to SCHEDULED");
        assert_eq!(t[0], t[3]);
        assert_ne!(t[0], t[1]);
        assert_ne!(t[2], t[5]);
    }

    #[test]
    fn different_first_words_are_different_templates() {
        let t = templates_of(&[
            "boot (command 1911)",
            "wait (command 1912)",
            "halt (command 1913)",
            "reset (command 1914)",
            "boot (command 2001)",
        ]);
        assert_eq!(t[0], "boot (command <*>)");
        assert_eq!(t[0], t[4]);
        assert_ne!(t[0], t[1]);
        assert_ne!(t[2], t[3]);
    }

    #[test]
    fn a_variable_keeps_the_punctuation_its_values_share() {
        let t = templates_of(&[
            "login failed user=alice tries=3",
            "login failed user=bob tries=1",
            "login failed user=carol tries=2",
            "login failed user=dave tries=2",
        ]);
        assert!(
            t.iter().all(|x| x == "login failed user=<*> tries=<*>"),
            "{t:?}"
        );
    }

    #[test]
    fn labelled_counters_of_different_events_are_not_merged() {
        let t = templates_of(&[
            "program interrupt: illegal instruction......0",
            "program interrupt: privileged instruction...0",
            "program interrupt: imprecise exception......1",
            "program interrupt: unimplemented operation..0",
            "program interrupt: trap instruction.........0",
        ]);
        assert_eq!(t[0], "program interrupt: illegal instruction......<*>");
        let distinct: std::collections::HashSet<_> = t.iter().collect();
        assert_eq!(distinct.len(), 5, "{t:?}");
    }

    #[test]
    fn mining_is_deterministic_and_every_signature_has_a_template() {
        let sigs = [
            ("a <*> b", 3),
            ("a x b", 1),
            ("c d", 2),
            ("a y b", 1),
            ("a z b", 1),
            ("a w b", 1),
        ];
        let one = mine(&sigs);
        let two = mine(&sigs);
        assert_eq!(one, two);
        assert_eq!(one.of.len(), sigs.len());
        assert!(one.of.iter().all(|&t| (t as usize) < one.templates.len()));
        assert_eq!(one.templates[one.of[0] as usize], "a <*> b");
        assert_eq!(one.of[0], one.of[1]);
    }

    #[test]
    fn empty_input_gives_no_templates() {
        let m = mine(&[]);
        assert!(m.templates.is_empty() && m.of.is_empty());
        let m = mine(&[("", 1)]);
        assert_eq!(m.templates, vec![String::new()]);
    }
}
