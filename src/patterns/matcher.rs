//! Matching many patterns at the cost of a few: a literal prefilter over the whole chunk, then
//! only the candidate patterns' regexes on only the candidate lines (style rule 3 of the design
//! notes: search the chunk, not the lines).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};

use super::Pattern;

/// A pattern that matched a line, with the fields its regex captured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`PatternSet::patterns`].
    pub pattern: u32,
    pub fields: Vec<(String, String)>,
}

/// One automaton over a group of literals, and which patterns each literal belongs to.
#[derive(Debug, Clone)]
struct Prefilter {
    /// Leftmost-first: finds the first literal of a line fast (SIMD where the set allows).
    scan: AhoCorasick,
    /// Overlapping: every literal of a candidate line, to know every candidate pattern.
    all: AhoCorasick,
    owners: Vec<Vec<u32>>,
}

impl Prefilter {
    fn new(
        literals: Vec<(String, u32)>,
        case_insensitive: bool,
    ) -> Result<Option<Prefilter>, String> {
        if literals.is_empty() {
            return Ok(None);
        }
        let mut distinct: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<u32>> = Vec::new();
        for (lit, owner) in literals {
            let key = if case_insensitive {
                lit.to_ascii_lowercase()
            } else {
                lit
            };
            match distinct.iter().position(|d| *d == key) {
                Some(i) => {
                    if !owners[i].contains(&owner) {
                        owners[i].push(owner)
                    }
                }
                None => {
                    distinct.push(key);
                    owners.push(vec![owner]);
                }
            }
        }
        let build = |kind| {
            AhoCorasickBuilder::new()
                .match_kind(kind)
                .ascii_case_insensitive(case_insensitive)
                .build(&distinct)
                .map_err(|e| e.to_string())
        };
        Ok(Some(Prefilter {
            scan: build(MatchKind::LeftmostFirst)?,
            all: build(MatchKind::Standard)?,
            owners,
        }))
    }

    /// Pushes the start offsets of the lines of `hay` holding one of the literals.
    fn candidate_lines(&self, hay: &[u8], out: &mut Vec<usize>) {
        let mut pos = 0;
        while pos < hay.len() {
            let Some(m) = self.scan.find(Input::new(hay).span(pos..hay.len())) else {
                break;
            };
            let start = memchr::memrchr(b'\n', &hay[..m.start()]).map_or(0, |p| p + 1);
            out.push(start);
            pos = match memchr::memchr(b'\n', &hay[m.end()..]) {
                Some(p) => m.end() + p + 1,
                None => hay.len(),
            };
        }
    }

    fn candidates(&self, line: &[u8], out: &mut Vec<u32>) {
        for m in self.all.find_overlapping_iter(line) {
            out.extend_from_slice(&self.owners[m.pattern().as_usize()]);
        }
    }
}

/// All loaded patterns, compiled into one matcher. Cheap to share between threads.
#[derive(Debug, Clone)]
pub struct PatternSet {
    patterns: Vec<Pattern>,
    exact: Option<Prefilter>,
    folded: Option<Prefilter>,
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
        Ok(PatternSet {
            exact: Prefilter::new(exact, false)?,
            folded: Prefilter::new(folded, true)?,
            patterns,
        })
    }

    /// No patterns at all (`--no-builtin-patterns` and no user folders).
    pub fn empty() -> PatternSet {
        PatternSet {
            patterns: Vec::new(),
            exact: None,
            folded: None,
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

    /// The start offsets of the lines of `chunk` that some pattern may match, in order.
    pub fn candidate_lines(&self, chunk: &[u8], out: &mut Vec<usize>) {
        out.clear();
        if let Some(p) = &self.exact {
            p.candidate_lines(chunk, out);
        }
        if let Some(p) = &self.folded {
            let before = out.len();
            p.candidate_lines(chunk, out);
            if before > 0 && out.len() > before {
                out.sort_unstable();
                out.dedup();
            }
        }
    }

    /// Every pattern matching a line. Each is tried on `texts` in order (the record's message,
    /// then the raw line) and matches on the first it fits; `line` is what the prefilter reads.
    pub fn match_line(&self, line: &[u8], texts: &[&[u8]], out: &mut Vec<Hit>) {
        out.clear();
        let mut candidates: Vec<u32> = Vec::new();
        if let Some(p) = &self.exact {
            p.candidates(line, &mut candidates);
        }
        if let Some(p) = &self.folded {
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
