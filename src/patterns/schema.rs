//! The pattern file format, as serde reads it (`patterns/README.md` documents it for authors).
//! Unknown keys are errors, so that a typo never silently disables part of a pattern.

use std::collections::BTreeMap;

use serde::Deserialize;

/// One pattern file: any number of patterns, and (in users' files) built-in ids to turn off.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileSpec {
    #[serde(default)]
    pub disable: Vec<String>,
    #[serde(default)]
    pub pattern: Vec<PatternSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PatternSpec {
    pub id: toml::Spanned<String>,
    pub title: String,
    pub category: String,
    pub severity: Severity,
    pub role: Role,
    /// Byte strings, at least one of which occurs in every line the pattern matches: the
    /// prefilter that keeps regexes off the lines that cannot match.
    pub literals: Vec<String>,
    pub regex: OneOrMany,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub case_insensitive: bool,
    pub explanation: String,
    pub remediation: Vec<String>,
    #[serde(default)]
    pub symptoms: Vec<String>,
    #[serde(default)]
    pub symptom_of: Vec<String>,
    #[serde(default)]
    pub references: Vec<String>,
    pub examples: ExamplesSpec,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExamplesSpec {
    #[serde(rename = "match")]
    pub matches: Vec<ExampleSpec>,
    pub no_match: Vec<String>,
}

/// A line that must match, optionally with the fields it must yield.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum ExampleSpec {
    Line(String),
    WithFields {
        line: String,
        #[serde(default)]
        fields: BTreeMap<String, String>,
    },
}

/// How bad a known failure is (also what `--fail-on` takes).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    serde::Serialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// How ranking treats a pattern: a root cause, a consequence of one, or either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Cause,
    Symptom,
    Either,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Cause => "cause",
            Role::Symptom => "symptom",
            Role::Either => "either",
        }
    }
}
