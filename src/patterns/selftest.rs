//! Checking patterns against their own examples: `culprit patterns test` and `cargo test` run
//! this same code.

use super::{PatternSet, Role};

/// One way a pattern failed its examples or the library's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub source: String,
    pub line: usize,
    pub id: String,
    pub what: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: pattern '{}': {}",
            self.source, self.line, self.id, self.what
        )
    }
}

/// Runs every pattern's examples through the whole matcher (prefilter included, so a literal
/// that a matching line lacks is caught), and checks the library's rules: at least two lines
/// that must match and one that must not, and relations that name existing patterns.
pub fn selftest(set: &PatternSet) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    for (i, p) in set.patterns().iter().enumerate() {
        let mut fail = |what: String| {
            failures.push(ExampleFailure {
                source: p.source.clone(),
                line: p.line,
                id: p.id.clone(),
                what,
            })
        };
        if let Err(e) = p.compiled() {
            fail(e.to_string());
        }
        if p.examples.matches.len() < 2 {
            fail(format!(
                "has {} example(s) that must match; 2 at least",
                p.examples.matches.len()
            ));
        }
        if p.examples.no_match.is_empty() {
            fail(String::from(
                "has no example that must not match (a near miss)",
            ));
        }
        for (line, fields) in &p.examples.matches {
            let hits = set.match_text(line.as_bytes());
            match hits.iter().find(|h| h.pattern as usize == i) {
                None => {
                    let reason = if p.confirm(line.as_bytes()).is_some() {
                        "contains none of the pattern's literals"
                    } else {
                        "does not match"
                    };
                    fail(format!("example {line:?} {reason}"))
                }
                Some(hit) => {
                    for (k, v) in fields {
                        let got = hit
                            .fields
                            .iter()
                            .find(|(name, _)| name == k)
                            .map(|(_, v)| v.as_str());
                        if got != Some(v.as_str()) {
                            fail(format!(
                                "example {line:?}: field {k} is {got:?}, expected {v:?}"
                            ));
                        }
                    }
                }
            }
        }
        for line in &p.examples.no_match {
            if set
                .match_text(line.as_bytes())
                .iter()
                .any(|h| h.pattern as usize == i)
            {
                fail(format!("matches {line:?}, which it must not"));
            }
        }
        for rel in p.symptoms.iter().chain(&p.symptom_of) {
            if set.find(rel).is_none() {
                fail(format!(
                    "names '{rel}' in its relations, but no pattern has that id"
                ));
            }
        }
        if p.role == Role::Symptom && !p.symptoms.is_empty() {
            fail(String::from(
                "is a symptom but lists symptoms of its own; use role = \"either\"",
            ));
        }
    }
    failures
}
