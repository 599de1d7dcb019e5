//! Reading pattern files: the built-in library, then users' folders on top.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::schema::{ExampleSpec, FileSpec, PatternSpec};
use super::{Examples, Pattern, PatternSet, CATEGORIES};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_patterns.rs"));
}

/// A regex may compile to at most this much memory: a pattern with a runaway repetition is
/// refused with an error instead of exhausting memory.
pub const REGEX_SIZE_LIMIT: usize = 2 << 20;

/// Where patterns come from.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Load the library embedded in the binary.
    pub builtin: bool,
    /// Users' pattern folders (or single files), in order; a later pattern with an earlier
    /// one's id replaces it.
    pub dirs: Vec<PathBuf>,
}

impl LoadOptions {
    /// The built-in library plus the user folders culprit looks in by itself:
    /// `$XDG_CONFIG_HOME/culprit/patterns` (or `~/.config/culprit/patterns`) and
    /// `.culprit/patterns` in the current directory, where they exist, then `extra`.
    pub fn standard(builtin: bool, extra: &[PathBuf]) -> LoadOptions {
        let mut dirs = Vec::new();
        let config = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")));
        if let Some(c) = config {
            let d = c.join("culprit/patterns");
            if d.is_dir() {
                dirs.push(d);
            }
        }
        let local = PathBuf::from(".culprit/patterns");
        if local.is_dir() {
            dirs.push(local);
        }
        dirs.extend(extra.iter().cloned());
        LoadOptions { builtin, dirs }
    }
}

/// A pattern file that cannot be used: which file, where, which pattern, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub file: String,
    pub line: Option<usize>,
    pub id: Option<String>,
    pub reason: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(id) = &self.id {
            write!(f, ": pattern '{id}'")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Loads, checks and compiles the patterns.
pub fn load(opts: &LoadOptions) -> Result<PatternSet, PatternError> {
    let mut files: Vec<(String, String)> = Vec::new();
    if opts.builtin {
        files.extend(
            builtin::BUILTIN
                .iter()
                .map(|(p, c)| (p.to_string(), c.to_string())),
        );
    }
    let builtin_count = files.len();
    for dir in &opts.dirs {
        let mut found = Vec::new();
        collect(dir, &mut found).map_err(|reason| PatternError {
            file: dir.display().to_string(),
            line: None,
            id: None,
            reason,
        })?;
        found.sort();
        for f in found {
            let text = std::fs::read_to_string(&f).map_err(|e| PatternError {
                file: f.display().to_string(),
                line: None,
                id: None,
                reason: crate::source::io_reason(&e),
            })?;
            files.push((f.display().to_string(), text));
        }
    }
    build(&files, builtin_count)
}

/// Loads pattern files given as (name, contents) pairs, as users' files on top of no library.
/// A hook for the fuzz targets (`fuzz/`), not a stable interface.
#[doc(hidden)]
pub fn load_texts(files: &[(String, String)]) -> Result<PatternSet, PatternError> {
    build(files, 0)
}

/// Checks and compiles the files' patterns; the first `builtin_count` are the built-in library.
fn build(files: &[(String, String)], builtin_count: usize) -> Result<PatternSet, PatternError> {
    let mut patterns: Vec<Pattern> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut disabled: Vec<String> = Vec::new();
    for (i, (name, text)) in files.iter().enumerate() {
        let spec: FileSpec = toml::from_str(text).map_err(|e| PatternError {
            file: name.clone(),
            line: e.span().map(|s| line_of(text, s.start)),
            id: None,
            reason: e.message().trim().to_string(),
        })?;
        let user = i >= builtin_count;
        disabled.extend(spec.disable);
        for p in spec.pattern {
            let line = line_of(text, p.id.span().start);
            let compiled = compile(p, name, line, user)?;
            match by_id.get(&compiled.id) {
                // A user's pattern replaces a built-in (or an earlier user folder's) one.
                Some(&at) if user && patterns[at].source != compiled.source => {
                    patterns[at] = compiled
                }
                Some(&at) => {
                    return Err(PatternError {
                        file: name.clone(),
                        line: Some(line),
                        id: Some(compiled.id.clone()),
                        reason: format!(
                            "duplicate id: also defined at {}:{}",
                            patterns[at].source, patterns[at].line
                        ),
                    })
                }
                None => {
                    by_id.insert(compiled.id.clone(), patterns.len());
                    patterns.push(compiled);
                }
            }
        }
    }
    patterns.retain(|p| !disabled.contains(&p.id));
    PatternSet::new(patterns).map_err(|reason| PatternError {
        file: String::from("patterns"),
        line: None,
        id: None,
        reason,
    })
}

/// The `*.toml` files of a folder, recursively; a file named directly is taken as it is.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| crate::source::io_reason(&e))?;
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
    Ok(())
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn compile(p: PatternSpec, file: &str, line: usize, eager: bool) -> Result<Pattern, PatternError> {
    let id = p.id.into_inner();
    let err = |reason: String| PatternError {
        file: file.to_string(),
        line: Some(line),
        id: Some(id.clone()),
        reason,
    };
    if !valid_id(&id) {
        return Err(err(String::from(
            "an id is <area>.<name> in lower case letters, digits and '-'",
        )));
    }
    if !CATEGORIES.contains(&p.category.as_str()) {
        return Err(err(format!(
            "unknown category '{}'; known: {}",
            p.category,
            CATEGORIES.join(", ")
        )));
    }
    if p.literals.is_empty() {
        return Err(err(String::from(
            "no literals: give at least one byte string every match contains",
        )));
    }
    if let Some(short) = p.literals.iter().find(|l| l.len() < 3) {
        return Err(err(format!(
            "literal '{short}' is too short to filter anything (3 bytes at least)"
        )));
    }
    if p.explanation.trim().is_empty() || p.remediation.is_empty() {
        return Err(err(String::from(
            "a pattern needs an explanation and at least one remediation step",
        )));
    }
    let regex_sources = p.regex.into_vec();
    if regex_sources.is_empty() {
        return Err(err(String::from("no regex")));
    }
    // Users' patterns are checked and compiled at once, so that a syntax or size-limit error
    // names the file now rather than mid-run. The built-in library is neither: its tests
    // compile every regex, and parsing its ~800 regexes on every run cost more than reading a
    // small log (about 25 ms); each of its patterns compiles on first use.
    for src in regex_sources.iter().chain(&p.exclude).filter(|_| eager) {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(p.case_insensitive)
            .build()
            .parse(src)
            .map_err(|e| err(format!("bad regex {src:?}: {}", one_line(&e.to_string()))))?;
    }
    let examples = Examples {
        matches: p
            .examples
            .matches
            .into_iter()
            .map(|e| match e {
                ExampleSpec::Line(l) => (l, Default::default()),
                ExampleSpec::WithFields { line, fields } => (line, fields),
            })
            .collect(),
        no_match: p.examples.no_match,
    };
    let pattern = Pattern {
        id: id.clone(),
        title: p.title,
        category: p.category,
        severity: p.severity,
        role: p.role,
        literals: p.literals,
        case_insensitive: p.case_insensitive,
        regex_sources,
        exclude_sources: p.exclude,
        compiled: Default::default(),
        ascii: Default::default(),
        explanation: p.explanation.trim().to_string(),
        remediation: p.remediation,
        symptoms: p.symptoms,
        symptom_of: p.symptom_of,
        references: p.references,
        examples,
        source: file.to_string(),
        line,
    };
    if eager {
        pattern.compiled().map_err(|e| err(e.to_string()))?;
    }
    Ok(pattern)
}

fn valid_id(id: &str) -> bool {
    let Some((area, name)) = id.split_once('.') else {
        return false;
    };
    let ok = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    ok(area) && name.split('.').all(ok)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_dir(files: &[(&str, &str)], builtin: bool) -> Result<PatternSet, PatternError> {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        load(&LoadOptions {
            builtin,
            dirs: vec![dir.path().to_path_buf()],
        })
    }

    const GOOD: &str = r#"
[[pattern]]
id = "test.disk-full"
title = "Disk full"
category = "disk"
severity = "high"
role = "cause"
literals = ["No space left"]
regex = 'write (?P<path>\S+): No space left on device'
explanation = "The disk holding {path} is full."
remediation = ["Free space."]
examples.match = [{ line = "write /var/x: No space left on device", fields = { path = "/var/x" } }, "write /a: No space left on device"]
examples.no_match = ["12G space left on device"]
"#;

    #[test]
    fn a_good_file_loads() {
        let set = load_dir(&[("a.toml", GOOD)], false).unwrap();
        assert_eq!(set.patterns().len(), 1);
        assert_eq!(set.patterns()[0].line, 3);
    }

    #[test]
    fn a_bad_regex_names_file_line_id_and_reason() {
        let bad = GOOD.replace(r"(?P<path>\S+)", r"(?P<path>\S+");
        let e = load_dir(&[("a.toml", &bad)], false).unwrap_err();
        assert!(e.file.ends_with("a.toml"), "{e}");
        assert_eq!(e.line, Some(3));
        assert_eq!(e.id.as_deref(), Some("test.disk-full"));
        assert!(e.reason.starts_with("bad regex"), "{e}");
    }

    #[test]
    fn unknown_keys_and_duplicate_ids_are_errors() {
        let unknown = GOOD.replace("role = \"cause\"", "role = \"cause\"\nrolle = 1");
        let e = load_dir(&[("a.toml", &unknown)], false).unwrap_err();
        assert!(e.reason.contains("unknown field"), "{e}");
        assert_eq!(e.line, Some(8), "the line of the unknown key");
        let twice = format!("{GOOD}\n{GOOD}");
        let e = load_dir(&[("a.toml", &twice)], false).unwrap_err();
        assert!(e.reason.starts_with("duplicate id"), "{e}");
    }

    #[test]
    fn a_runaway_regex_is_refused() {
        let huge = GOOD.replace(r"write (?P<path>\S+)", r"(\w{1000}){1000}");
        let e = load_dir(&[("a.toml", &huge)], false).unwrap_err();
        assert!(e.reason.contains("bad regex"), "{e}");
    }

    #[test]
    fn users_replace_and_disable_builtins() {
        let set = load(&LoadOptions {
            builtin: true,
            dirs: vec![],
        })
        .unwrap();
        let Some(first) = set.patterns().first().map(|p| p.id.clone()) else {
            return;
        };
        let replace = GOOD.replace("test.disk-full", &first);
        let set2 = load_dir(&[("a.toml", &replace)], true).unwrap();
        let p = set2.patterns().iter().find(|p| p.id == first).unwrap();
        assert_eq!(p.title, "Disk full");
        assert_eq!(set2.patterns().len(), set.patterns().len());
        let disable = format!("disable = [\"{first}\"]\n");
        let set3 = load_dir(&[("b.toml", &disable)], true).unwrap();
        assert!(set3.patterns().iter().all(|p| p.id != first));
    }
}
