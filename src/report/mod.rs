//! Reports: the analysis as plain data, and its renderers.
//!
//! [`Report`] is built once from the merged summary and the inputs; renderers (`human`,
//! `json`) only present it and never compute. Log text is kept as bytes up to here and turned
//! into text only at the edge (`sanitize`).

pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod markdown;
pub mod sanitize;

use crate::engine::SourceReport;
use crate::patterns::{Pattern, PatternSet, Role, Severity};
use crate::record::{Level, Timestamp};
use crate::summary::{BucketCounts, Pos, Summary, NO_LEVEL};

/// How many buckets a timeline is shown in.
pub const TIMELINE_BUCKETS: usize = 60;

/// A line of an input a report points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub source: String,
    pub line: u64,
    pub end_line: u64,
    pub timestamp: Option<Timestamp>,
}

/// A line shown as evidence, as it stands in its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceLine {
    pub at: Location,
    pub text: Vec<u8>,
}

/// Another cause in the report that this one is related to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub id: String,
    /// `symptom`: the other is usually a consequence of this one; `cause`: the other usually
    /// causes this one.
    pub relation: &'static str,
    pub count: u64,
}

/// A likely cause: for now, a known-failure pattern that matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Cause {
    pub rank: usize,
    pub score: f64,
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    pub category: String,
    pub severity: Severity,
    pub role: Role,
    pub count: u64,
    pub first_seen: Location,
    pub last_seen: Location,
    pub evidence: Vec<EvidenceLine>,
    pub fields: Vec<(String, String)>,
    pub explanation: String,
    pub remediation: Vec<String>,
    pub why: Vec<String>,
    pub related: Vec<Related>,
}

/// Warning-or-worse messages that are the same once numbers are masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    pub id: String,
    pub template: Vec<u8>,
    pub level: Level,
    pub count: u64,
    pub first_seen: Location,
    pub last_seen: Location,
    pub example: Vec<u8>,
    /// Ids of the known-failure patterns that match the example.
    pub patterns: Vec<String>,
}

/// Everything a renderer shows.
#[derive(Debug, Clone)]
pub struct Report {
    pub inputs: Vec<SourceReport>,
    /// Likely causes, most likely first.
    pub causes: Vec<Cause>,
    pub lines: u64,
    pub bytes: u64,
    pub events: u64,
    /// Event counts by level name, gravest first, levels with no events left out; events
    /// without a level under `"none"`.
    pub by_level: Vec<(&'static str, u64)>,
    pub first_timestamp: Option<Timestamp>,
    pub last_timestamp: Option<Timestamp>,
    /// Events outside `--since`/`--until`.
    pub excluded: u64,
    /// Every cluster, most frequent first; renderers show the `top` first.
    pub clusters: Vec<Cluster>,
    /// Problem events not kept in a cluster (the cluster cap was reached).
    pub other_problems: u64,
    pub top: usize,
    pub timeline_width: i64,
    pub timeline: Vec<(i64, BucketCounts)>,
}

impl Report {
    pub fn new(
        summary: &Summary,
        inputs: Vec<SourceReport>,
        top: usize,
        patterns: &PatternSet,
    ) -> Report {
        let source_name = |i: u32| {
            inputs
                .get(i as usize)
                .map(|s| s.name.clone())
                .unwrap_or_default()
        };
        let location = |p: &Pos| Location {
            source: source_name(p.source),
            line: p.line,
            end_line: p.end_line,
            timestamp: p.timestamp,
        };
        let causes = causes(summary, patterns, &location);
        let mut clusters: Vec<Cluster> = summary
            .problems
            .cluster()
            .templates
            .into_iter()
            .map(|t| Cluster {
                id: String::new(),
                template: t.text.into_bytes(),
                level: t.level.unwrap_or(Level::Warn),
                count: t.count,
                first_seen: location(&t.first),
                last_seen: location(&t.last),
                patterns: patterns
                    .match_text(&t.example)
                    .iter()
                    .map(|h| patterns.patterns()[h.pattern as usize].id.clone())
                    .collect(),
                example: t.example.into_vec(),
            })
            .collect();
        // Ids follow first occurrence; the list is shown most frequent first.
        for (i, c) in clusters.iter_mut().enumerate() {
            c.id = format!("t{}", i + 1);
        }
        clusters.sort_by_key(|c| std::cmp::Reverse(c.count));
        let mut by_level: Vec<(&'static str, u64)> = Level::ALL
            .iter()
            .rev()
            .map(|l| (l.name(), summary.level_count(Some(*l))))
            .filter(|(_, n)| *n > 0)
            .collect();
        if summary.by_level[NO_LEVEL] > 0 {
            by_level.push(("none", summary.by_level[NO_LEVEL]));
        }
        let (timeline_width, timeline) = summary.timeline.resample(TIMELINE_BUCKETS);
        Report {
            causes,
            lines: inputs.iter().map(|i| i.lines).sum(),
            bytes: inputs.iter().map(|i| i.bytes).sum(),
            inputs,
            events: summary.events,
            by_level,
            first_timestamp: summary.first_timestamp,
            last_timestamp: summary.last_timestamp,
            excluded: summary.excluded,
            clusters,
            other_problems: summary.problems.other_lines,
            top,
            timeline_width,
            timeline,
        }
    }

    /// Warning-or-worse events.
    pub fn problem_events(&self) -> u64 {
        self.by_level
            .iter()
            .filter(|(name, _)| matches!(*name, "warn" | "error" | "critical"))
            .map(|(_, n)| n)
            .sum()
    }
}

/// The matched patterns as causes, gravest first, then earliest. A provisional order: the
/// ranking model (onset, rarity, roles) replaces it; `score` is the severity's weight and `why`
/// says so.
fn causes(summary: &Summary, set: &PatternSet, location: &dyn Fn(&Pos) -> Location) -> Vec<Cause> {
    let mut found: Vec<(&Pattern, &crate::summary::PatternStats)> = summary
        .patterns
        .iter()
        .filter_map(|(&i, stats)| set.patterns().get(i as usize).map(|p| (p, stats)))
        .collect();
    found.sort_by(|a, b| {
        b.0.severity
            .cmp(&a.0.severity)
            .then(a.1.first.source.cmp(&b.1.first.source))
            .then(a.1.first.line.cmp(&b.1.first.line))
            .then(a.0.id.cmp(&b.0.id))
    });
    let count_of = |id: &str| found.iter().find(|(p, _)| p.id == id).map(|(_, s)| s.count);
    found
        .iter()
        .enumerate()
        .map(|(i, (p, stats))| {
            let mut related: Vec<Related> = Vec::new();
            for id in &p.symptoms {
                if let Some(count) = count_of(id) {
                    related.push(Related {
                        id: id.clone(),
                        relation: "symptom",
                        count,
                    });
                }
            }
            for id in &p.symptom_of {
                if let Some(count) = count_of(id) {
                    related.push(Related {
                        id: id.clone(),
                        relation: "cause",
                        count,
                    });
                }
            }
            let fields = stats
                .capture
                .as_ref()
                .map(|c| p.fields(c.regex, &c.text))
                .unwrap_or_default();
            let lines = if stats.count == 1 { "line" } else { "lines" };
            let mut why = vec![
                format!("known failure '{}' matched {} {lines}", p.id, stats.count),
                format!("severity {} ({})", p.severity.name(), p.role.name()),
            ];
            if !related.is_empty() {
                let names: Vec<String> = related
                    .iter()
                    .map(|r| format!("{} ({})", r.id, r.relation))
                    .collect();
                why.push(format!("related findings: {}", names.join(", ")));
            }
            Cause {
                rank: i + 1,
                score: severity_weight(p.severity),
                kind: "pattern",
                id: p.id.clone(),
                title: p.title.clone(),
                category: p.category.clone(),
                severity: p.severity,
                role: p.role,
                count: stats.count,
                first_seen: location(&stats.first),
                last_seen: location(&stats.last),
                evidence: stats
                    .evidence
                    .iter()
                    .map(|e| EvidenceLine {
                        at: location(&e.pos),
                        text: e.text.to_vec(),
                    })
                    .collect(),
                explanation: Pattern::fill(&p.explanation, &fields),
                remediation: p
                    .remediation
                    .iter()
                    .map(|r| Pattern::fill(r, &fields))
                    .collect(),
                fields,
                why,
                related,
            }
        })
        .collect()
}

fn severity_weight(s: Severity) -> f64 {
    match s {
        Severity::Critical => 0.9,
        Severity::High => 0.75,
        Severity::Medium => 0.5,
        Severity::Low => 0.3,
        Severity::Info => 0.1,
    }
}
