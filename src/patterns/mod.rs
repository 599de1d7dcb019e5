//! The known-failure library: patterns loaded from TOML, compiled once into one matcher.
//!
//! This module owns reading pattern files (the built-in library embedded at build time, and
//! users' folders layered on top), checking them, and matching lines against all of them at
//! once: one prefilter over every pattern's literals (4-byte anchor windows, looked up in a
//! small Bloom filter at every second offset of a line) finds the few lines that can match, and
//! only the candidate patterns' regexes run, on only those lines. It does not rank (`rank`) or
//! print (`report`).

mod load;
mod matcher;
mod schema;
mod selftest;

use std::collections::BTreeMap;

pub use load::{load, load_texts, LoadOptions, PatternError};
pub use matcher::{Capture, Hit, PatternSet};
pub use schema::{Role, Severity};
pub use selftest::{selftest, ExampleFailure};

/// The categories a pattern may name (`patterns/README.md` lists what each covers).
pub const CATEGORIES: &[&str] = &[
    "memory",
    "disk",
    "filesystem",
    "resources",
    "process",
    "kernel",
    "hardware",
    "systemd",
    "network",
    "dns",
    "tls",
    "auth",
    "security",
    "database",
    "cache",
    "queue",
    "search",
    "webserver",
    "proxy",
    "runtime",
    "container",
    "kubernetes",
    "cloud",
    "time",
    "config",
    "dependency",
    "build",
    "test",
    "ci",
];

/// One compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub id: String,
    pub title: String,
    pub category: String,
    pub severity: Severity,
    pub role: Role,
    pub literals: Vec<String>,
    pub case_insensitive: bool,
    /// The regexes as written; compiled on first use (`compiled`), since most patterns never
    /// see a candidate line and compiling all of them took most of a short run's time.
    pub regex_sources: Vec<String>,
    pub exclude_sources: Vec<String>,
    pub(crate) compiled: std::sync::Arc<std::sync::OnceLock<Result<Compiled, String>>>,
    /// The same regexes compiled for ASCII text (`ascii`), on first use.
    pub(crate) ascii: std::sync::Arc<std::sync::OnceLock<Option<Compiled>>>,
    /// Plain words with `{field}` placeholders.
    pub explanation: String,
    pub remediation: Vec<String>,
    pub symptoms: Vec<String>,
    pub symptom_of: Vec<String>,
    pub references: Vec<String>,
    pub examples: Examples,
    /// The file it came from (`patterns/linux.toml` for a built-in one).
    pub source: String,
    /// The line of its `id` in that file.
    pub line: usize,
}

/// A pattern's compiled regexes.
#[derive(Debug)]
pub struct Compiled {
    pub regexes: Vec<regex::bytes::Regex>,
    pub excludes: Vec<regex::bytes::Regex>,
}

#[derive(Debug, Clone, Default)]
pub struct Examples {
    /// Lines that must match, with the fields each must yield (possibly none).
    pub matches: Vec<(String, BTreeMap<String, String>)>,
    pub no_match: Vec<String>,
}

impl Pattern {
    /// The first regex alternative that matches `text` and no exclusion does, with its named
    /// captures as fields.
    pub fn confirm(&self, text: &[u8]) -> Option<Vec<(String, String)>> {
        self.matching(text).map(|re| self.fields(re, text))
    }

    /// Whether the pattern matches `text`: the index of the first regex alternative that
    /// matches it, unless an exclusion matches it too.
    pub fn matching(&self, text: &[u8]) -> Option<usize> {
        let compiled = self.compiled_for(text)?;
        let re = compiled.regexes.iter().position(|re| re.is_match(text))?;
        if compiled.excludes.iter().any(|x| x.is_match(text)) {
            return None;
        }
        Some(re)
    }

    /// The named captures of regex alternative `re` on `text`, which it matches.
    pub fn fields(&self, re: usize, text: &[u8]) -> Vec<(String, String)> {
        let Some(re) = self.compiled_for(text).and_then(|c| c.regexes.get(re)) else {
            return Vec::new();
        };
        if re.capture_names().flatten().next().is_none() {
            return Vec::new();
        }
        let Some(caps) = re.captures(text) else {
            return Vec::new();
        };
        re.capture_names()
            .flatten()
            .filter_map(|name| {
                caps.name(name).map(|m| {
                    (
                        name.to_string(),
                        String::from_utf8_lossy(m.as_bytes()).into_owned(),
                    )
                })
            })
            .collect()
    }

    /// The regexes as written (Unicode-aware), compiled on first use. Loading compiles a
    /// user's pattern at once and refuses it if a regex fails.
    pub fn compiled(&self) -> Result<&Compiled, &str> {
        self.compiled
            .get_or_init(|| self.compile(true))
            .as_ref()
            .map_err(|e| e.as_str())
    }

    /// The regexes to run on `text`. On ASCII text (nearly every log line) they are the same
    /// regexes compiled without Unicode: `\w`, `\d`, `\s`, `\b`, `.`, negated classes and
    /// case folding agree with their Unicode meaning on ASCII, and the automata are several
    /// times smaller, so they build faster and stay in the CPU's caches. A regex that needs
    /// Unicode to compile at all (`\p{L}`) is kept as written there too.
    fn compiled_for(&self, text: &[u8]) -> Option<&Compiled> {
        if !text.is_ascii() {
            return self.compiled().ok();
        }
        self.ascii
            .get_or_init(|| {
                let narrow = |sources: &[String]| {
                    sources
                        .iter()
                        .map(|src| self.build(src, false).or_else(|_| self.build(src, true)))
                        .collect::<Result<Vec<_>, _>>()
                };
                Some(Compiled {
                    regexes: narrow(&self.regex_sources).ok()?,
                    excludes: narrow(&self.exclude_sources).ok()?,
                })
            })
            .as_ref()
    }

    fn compile(&self, unicode: bool) -> Result<Compiled, String> {
        let all = |sources: &[String]| {
            sources
                .iter()
                .map(|src| self.build(src, unicode))
                .collect::<Result<Vec<_>, _>>()
        };
        Ok(Compiled {
            regexes: all(&self.regex_sources)?,
            excludes: all(&self.exclude_sources)?,
        })
    }

    fn build(&self, src: &str, unicode: bool) -> Result<regex::bytes::Regex, String> {
        regex::bytes::RegexBuilder::new(src)
            .case_insensitive(self.case_insensitive)
            .unicode(unicode)
            .size_limit(load::REGEX_SIZE_LIMIT)
            .build()
            .map_err(|e| {
                format!(
                    "bad regex {src:?}: {}",
                    e.to_string()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                )
            })
    }

    /// `text` with every `{field}` replaced by its value. A field the match did not capture
    /// is left out where the sentence reads without it, never printed as a made-up value:
    ///
    /// - a part of a parenthesis whose fields are all missing goes, and the parenthesis with
    ///   it when nothing else is left in it: `(ENOSPC; path: {path})` reads `(ENOSPC)`,
    ///   `killed {process} (pid {pid})` reads `killed postgres`;
    /// - a field glued to the word before it (`did not compile{detail}.`) goes;
    /// - elsewhere, and in commands between backticks, it reads `<field>`: a slot the reader
    ///   fills in from the evidence line (`` `namei -l <path>` ``).
    pub fn fill(text: &str, fields: &[(String, String)]) -> String {
        let value = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        substitute(&drop_missing_asides(text, &value), &value)
    }
}

/// The `{field}` placeholders of `text`, as (start, end, name).
fn placeholders(text: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|i| from + i) {
        let after = &text[open + 1..];
        match after.find('}') {
            Some(close) if is_field_name(&after[..close]) => {
                let end = open + 1 + close + 1;
                out.push((open, end, &after[..close]));
                from = end;
            }
            _ => from = open + 1,
        }
    }
    out
}

/// `text` without the parts of parentheses (outside backticks) whose fields are all missing.
fn drop_missing_asides<'v>(text: &str, value: &impl Fn(&str) -> Option<&'v str>) -> String {
    // A part with a command in it stays, its fields as slots: the advice is in the command.
    let all_missing = |part: &str| {
        let found = placeholders(part);
        !part.contains('`')
            && !found.is_empty()
            && found.iter().all(|(_, _, name)| value(name).is_none())
    };
    let mut out = String::with_capacity(text.len());
    let mut code = false;
    let mut rest = text;
    while let Some(i) = rest.find(['(', '`']) {
        out.push_str(&rest[..i]);
        let c = rest.as_bytes()[i];
        let after = &rest[i + 1..];
        if c == b'`' {
            code = !code;
            out.push('`');
            rest = after;
            continue;
        }
        // Innermost parentheses only, and none in a command.
        let close = after
            .find([')', '('])
            .filter(|&j| after.as_bytes()[j] == b')');
        let Some(close) = close.filter(|_| !code) else {
            out.push('(');
            rest = after;
            continue;
        };
        let inner = &after[..close];
        rest = &after[close + 1..];
        if placeholders(inner).is_empty() {
            out.push('(');
            out.push_str(inner);
            out.push(')');
            continue;
        }
        // Parts separated by `; ` or `, `, each with the separator before it.
        let mut kept = String::new();
        let mut from = 0;
        let mut sep_before = "";
        loop {
            let next = [inner[from..].find("; "), inner[from..].find(", ")]
                .into_iter()
                .flatten()
                .min()
                .map(|j| from + j);
            let part = &inner[from..next.unwrap_or(inner.len())];
            if !all_missing(part) {
                if !kept.is_empty() {
                    kept.push_str(sep_before);
                }
                kept.push_str(part);
            }
            match next {
                Some(j) => {
                    sep_before = &inner[j..j + 2];
                    from = j + 2;
                }
                None => break,
            }
        }
        if kept.trim().is_empty() {
            if out.ends_with(' ') {
                out.pop();
            }
        } else {
            out.push('(');
            out.push_str(&kept);
            out.push(')');
        }
    }
    out.push_str(rest);
    out
}

/// `text` with each placeholder replaced by its value; a missing one glued to a word before
/// it left out, any other missing one written `<field>`.
fn substitute<'v>(text: &str, value: &impl Fn(&str) -> Option<&'v str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (start, end, name) in placeholders(text) {
        out.push_str(&text[last..start]);
        match value(name) {
            Some(v) => out.push_str(v),
            None => {
                let code = text[..start].matches('`').count() % 2 == 1;
                let glued = out.chars().next_back().is_some_and(char::is_alphanumeric);
                if code || !glued {
                    out.push('<');
                    out.push_str(name);
                    out.push('>');
                }
            }
        }
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

fn is_field_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Explanations printed "path: unknown" or "pid unknown" for a field the line did not
    /// hold, as if it were a value.
    #[test]
    fn missing_fields_are_left_out_where_the_sentence_reads_without_them() {
        let fields = vec![
            ("process".to_string(), "postgres".to_string()),
            ("file".to_string(), "a.conf".to_string()),
        ];
        let fill = |t: &str| Pattern::fill(t, &fields);
        assert_eq!(
            fill("killed {process} (pid {pid}); {not a field}"),
            "killed postgres; {not a field}"
        );
        assert_eq!(
            fill("disk full (ENOSPC; path: {path})."),
            "disk full (ENOSPC)."
        );
        assert_eq!(
            fill("refused ({file} line {line}; directive {directive}) and stopped"),
            "refused (a.conf line <line>) and stopped"
        );
        assert_eq!(
            fill("crashed (module {module}, code {code}, in {process})"),
            "crashed (in postgres)"
        );
        assert_eq!(
            fill("did not compile{detail}. Fix it"),
            "did not compile. Fix it"
        );
        assert_eq!(
            fill("access to {path} denied: run `namei -l {path}` (as root)"),
            "access to <path> denied: run `namei -l <path>` (as root)"
        );
        assert_eq!(
            fill("`f(x {pid})` and (a (b {pid}))"),
            "`f(x <pid>)` and (a)"
        );
        assert_eq!(fill("({pid}"), "(<pid>");
        // Advice in commands is kept, with slots (a review found `passwd -S` and `fsck`
        // gone from remediations).
        assert_eq!(
            fill("unlock it (`passwd -S {user}`, `faillock --user {user}`)"),
            "unlock it (`passwd -S <user>`, `faillock --user <user>`)"
        );
        assert_eq!(fill("all there: {process}"), "all there: postgres");
    }
}

#[cfg(test)]
mod library {
    use super::*;

    /// The regexes run on ASCII text are compiled without Unicode; they must say exactly what
    /// the regexes as written say there, or a pattern would match (or capture) differently on
    /// a plain line. Checked for every built-in regex on every example, in upper and lower case
    /// and cut short at a few places, whether the example matches or not.
    #[test]
    fn ascii_regexes_agree_with_the_regexes_as_written_on_ascii_text() {
        let set = load(&LoadOptions {
            builtin: true,
            dirs: vec![],
        })
        .expect("the built-in library loads");
        let mut checked = 0;
        for p in set.patterns() {
            let full = p.compiled().expect("compiles");
            let narrow = p.compiled_for(b"ascii").expect("compiles");
            let examples = p.examples.matches.iter().map(|(l, _)| l);
            for line in examples.chain(&p.examples.no_match) {
                let mut texts = vec![
                    line.clone(),
                    line.to_ascii_uppercase(),
                    line.to_ascii_lowercase(),
                ];
                for cut in [line.len() / 3, line.len() / 2, line.len() * 3 / 4] {
                    texts.extend(line.get(cut..).map(str::to_string));
                    texts.extend(line.get(..cut).map(str::to_string));
                }
                for text in texts.iter().filter(|t| t.is_ascii()) {
                    let t = text.as_bytes();
                    let pairs = full.regexes.iter().zip(&narrow.regexes);
                    for (a, b) in pairs.chain(full.excludes.iter().zip(&narrow.excludes)) {
                        let caps = |re: &regex::bytes::Regex| {
                            re.captures(t)
                                .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>())
                        };
                        assert_eq!(caps(a), caps(b), "{}: /{}/ on {text:?}", p.id, a.as_str());
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10_000, "only {checked} checks");
    }

    /// Text that is not ASCII is matched by the regexes as written: `\w` takes in letters
    /// beyond ASCII.
    #[test]
    fn text_beyond_ascii_keeps_unicode_classes() {
        let toml = r#"
[[pattern]]
id = "test.user"
title = "User failed"
category = "auth"
severity = "high"
role = "cause"
literals = ["failed"]
regex = 'user (?P<name>\w+) failed'
explanation = "{name} failed."
remediation = ["Look."]
examples.match = ["user bob failed", "user josé failed"]
examples.no_match = ["user failed"]
"#;
        let set = load_texts(&[("u.toml".to_string(), toml.to_string())]).expect("loads");
        let hits = set.match_text("user josé failed".as_bytes());
        assert_eq!(hits.len(), 1);
        assert_eq!(
            hits[0].fields,
            vec![("name".to_string(), "josé".to_string())]
        );
        assert_eq!(set.match_text(b"user bob failed")[0].fields[0].1, "bob");
    }

    /// The whole built-in library passes its own examples (what `culprit patterns test` runs).
    #[test]
    fn builtin_library_passes_its_examples() {
        let set = load(&LoadOptions {
            builtin: true,
            dirs: vec![],
        })
        .expect("the built-in library loads");
        let failures = selftest(&set);
        for f in &failures {
            eprintln!("{f}");
        }
        assert!(
            failures.is_empty(),
            "{} example failures in the built-in library",
            failures.len()
        );
    }
}
