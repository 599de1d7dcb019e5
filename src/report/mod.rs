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
use crate::patterns::{PatternSet, Role, Severity};
use crate::rank::{self, Confidence, Ranking};
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

/// A likely cause: a known-failure pattern, a problem cluster, or a CI step that failed.
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
    /// How sure the ranking is of this cause.
    pub confidence: Confidence,
    /// First seen where the problem rate jumped (`Report::onset`).
    pub at_onset: bool,
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
    /// The input was read as a CI job's log (runner markers, or `--ci`).
    pub ci: bool,
    /// Where the problem rate jumped, when it did.
    pub onset: Option<rank::Onset>,
    /// How sure the ranking is of its first cause; `Low` when nothing stands out.
    pub confidence: Confidence,
    /// One sentence saying what most likely happened, for renderers to show first.
    pub headline: String,
    /// `culprit diff`: how the input stands to the baseline, and each cause's novelty.
    pub baseline: Option<crate::diff::BaselineReport>,
}

impl Report {
    pub fn new(
        summary: &Summary,
        inputs: Vec<SourceReport>,
        top: usize,
        patterns: &PatternSet,
    ) -> Report {
        Report::with_options(summary, inputs, top, patterns, rank::Options::default())
    }

    /// As [`Report::new`], with ranking options (`--ci`).
    pub fn with_options(
        summary: &Summary,
        inputs: Vec<SourceReport>,
        top: usize,
        patterns: &PatternSet,
        options: rank::Options,
    ) -> Report {
        Report::ranked_by(summary, inputs, top, patterns, |summary, clustering| {
            rank::rank(summary, clustering, patterns, options)
        })
    }

    /// As [`Report::new`], ranked by `rank_fn` (`diff` ranks with its baseline).
    pub fn ranked_by(
        summary: &Summary,
        inputs: Vec<SourceReport>,
        top: usize,
        patterns: &PatternSet,
        rank_fn: impl FnOnce(&Summary, &crate::summary::signatures::Clustering) -> Ranking,
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
        let clustering = summary.problems.cluster();
        let ranking = rank_fn(summary, &clustering);
        let headline = headline(&ranking);
        let causes = causes(&ranking, &location);
        let Ranking {
            ci,
            onset,
            confidence,
            ..
        } = ranking;
        let mut clusters: Vec<Cluster> = clustering
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
            ci,
            onset,
            confidence,
            headline,
            baseline: None,
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

/// The ranked causes with their places named.
fn causes(ranking: &Ranking, location: &dyn Fn(&Pos) -> Location) -> Vec<Cause> {
    ranking
        .causes
        .iter()
        .enumerate()
        .map(|(i, r)| Cause {
            rank: i + 1,
            score: r.score,
            kind: r.kind,
            id: r.id.clone(),
            title: r.title.clone(),
            category: r.category.clone(),
            severity: r.severity,
            role: r.role,
            count: r.count,
            first_seen: location(&r.first),
            last_seen: location(&r.last),
            evidence: r
                .evidence
                .iter()
                .map(|e| EvidenceLine {
                    at: location(&e.pos),
                    text: e.text.to_vec(),
                })
                .collect(),
            fields: r.fields.clone(),
            explanation: r.explanation.clone(),
            remediation: r.remediation.clone(),
            why: r.why.clone(),
            related: r
                .related
                .iter()
                .map(|(id, relation, count)| Related {
                    id: id.clone(),
                    relation,
                    count: *count,
                })
                .collect(),
            confidence: r.confidence,
            at_onset: r.at_onset,
        })
        .collect()
}

/// What most likely happened, in one sentence; honest when nothing stands out.
fn headline(ranking: &Ranking) -> String {
    let Some(top) = ranking.causes.first() else {
        return String::from("Nothing stands out: no known failure and no problem messages.");
    };
    if top.confidence == Confidence::Low {
        return format!(
            "Nothing stands out clearly; the best guess is: {} (score {:.2}).",
            top.title, top.score
        );
    }
    let mut s = format!("Most likely cause: {}", top.title);
    if let Some(t) = top.first.timestamp {
        s.push_str(&format!(" at {}", t.to_rfc3339()));
    }
    let symptoms: u64 = top
        .related
        .iter()
        .filter(|r| r.1 == "symptom")
        .map(|r| r.2)
        .sum();
    if symptoms > 0 {
        s.push_str(&format!("; {symptoms} symptom lines followed"));
    }
    s.push_str(&format!(" ({} confidence).", top.confidence.name()));
    s
}
