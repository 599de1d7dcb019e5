//! Matching many patterns at the cost of a few: a literal prefilter over the whole chunk, then
//! only the candidate patterns' regexes on only the candidate lines (style rule 3 of the design
//! notes: search the chunk, not the lines).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::Pattern;

/// A pattern that matched a line, with the fields its regex captured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`PatternSet::patterns`].
    pub pattern: u32,
    pub fields: Vec<(String, String)>,
}

/// One automaton over a set of literals, and which patterns each literal belongs to: on a
/// candidate line, every literal it holds (overlapping), to know every candidate pattern.
#[derive(Debug, Clone)]
struct Literals {
    all: AhoCorasick,
    owners: Vec<Vec<u32>>,
}

impl Literals {
    fn new(
        literals: Vec<(String, u32)>,
        case_insensitive: bool,
    ) -> Result<Option<Literals>, String> {
        if literals.is_empty() {
            return Ok(None);
        }
        let (distinct, owners) = dedupe(literals, case_insensitive);
        let all = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(case_insensitive)
            .build(&distinct)
            .map_err(|e| e.to_string())?;
        Ok(Some(Literals { all, owners }))
    }

    fn candidates(&self, line: &[u8], out: &mut Vec<u32>) {
        for m in self.all.find_overlapping_iter(line) {
            out.extend_from_slice(&self.owners[m.pattern().as_usize()]);
        }
    }
}

fn dedupe(literals: Vec<(String, u32)>, case_insensitive: bool) -> (Vec<String>, Vec<Vec<u32>>) {
    let mut distinct: Vec<String> = Vec::new();
    let mut owners: Vec<Vec<u32>> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (lit, owner) in literals {
        let key = if case_insensitive {
            lit.to_ascii_lowercase()
        } else {
            lit
        };
        match index.get(&key) {
            Some(&i) => {
                if !owners[i].contains(&owner) {
                    owners[i].push(owner)
                }
            }
            None => {
                index.insert(key.clone(), distinct.len());
                distinct.push(key);
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
        Ok(PatternSet {
            exact: Literals::new(exact, false)?,
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
        out.clear();
        let mut candidates: Vec<u32> = Vec::new();
        if let Some(p) = &self.exact {
            p.candidates(line, &mut candidates);
        }
        if candidates.is_empty() {
            return;
        }
        candidates.sort_unstable();
        candidates.dedup();
        for idx in candidates {
            let pattern = &self.patterns[idx as usize];
            if let Some(fields) = texts.iter().find_map(|t| pattern.confirm(t)) {
                out.push(Hit {
                    pattern: idx,
                    fields,
                });
            }
        }
    }

    /// Every pattern matching one line of text (for `patterns explain` and self-tests).
    pub fn match_text(&self, text: &[u8]) -> Vec<Hit> {
        let mut out = Vec::new();
        self.match_line(text, &[text], &mut out);
        out
    }
}
