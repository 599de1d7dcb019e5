//! Reports: the analysis as plain data, and its renderers.
//!
//! [`Report`] is built once from the merged summary and the inputs; renderers (`human`,
//! `json`) only present it and never compute. Log text is kept as bytes up to here and turned
//! into text only at the edge (`sanitize`).

pub mod context;
pub mod github;
pub mod gitlab;
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

/// How many failing tests the summary line names.
pub const TEST_NAMES_SHOWN: usize = 10;

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
    /// Lines just before and after it, with their numbers, when the report asked for context
    /// (`context::fill`); empty otherwise.
    pub before: Vec<(u64, Vec<u8>)>,
    pub after: Vec<(u64, Vec<u8>)>,
    /// The line as it stands in the source (`text` may be only its message), when context
    /// was read.
    pub raw: Option<Vec<u8>>,
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
    /// What the report could not show, in words (renderers print them last).
    pub notes: Vec<String>,
    /// Problem clusters over time, on the `timeline`'s buckets: those of the top causes first,
    /// then the most frequent, at most [`SERIES_MAX`].
    pub series: Vec<Series>,
    /// The failing tests the runners reported.
    pub tests: rank::TestsSummary,
    /// `3 tests failed: a::b, c::d, e::f`, when tests failed.
    pub tests_line: Option<String>,
    /// `culprit diff`: how the input stands to the baseline, and each cause's novelty.
    pub baseline: Option<crate::diff::BaselineReport>,
}

/// Clusters charted over time at most.
pub const SERIES_MAX: usize = 6;

/// One problem cluster's counts per timeline bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// The cluster's id (`t3`).
    pub cluster: String,
    pub template: Vec<u8>,
    /// The rank of the cause this cluster shows, if it shows one.
    pub cause: Option<usize>,
    /// Lines per bucket of `Report::timeline`.
    pub counts: Vec<u64>,
}

/// The clusters worth charting: those that show the top three causes, then the most frequent
/// (`clusters` is sorted most frequent first; `hists` is by template index, `t1` first).
fn series(
    causes: &[Cause],
    clusters: &[Cluster],
    hists: &[crate::summary::Hist],
    width: i64,
    timeline: &[(i64, BucketCounts)],
) -> Vec<Series> {
    let Some(&(first, _)) = timeline.first() else {
        return Vec::new();
    };
    if width <= 0 {
        return Vec::new();
    }
    let mut chosen: Vec<(usize, Option<usize>)> = Vec::new();
    for cause in causes.iter().take(3) {
        let found = match cause.kind {
            "cluster" => cause
                .id
                .strip_prefix("cluster:")
                .map(|n| format!("t{n}"))
                .and_then(|id| clusters.iter().position(|c| c.id == id)),
            "pattern" => clusters.iter().position(|c| c.patterns.contains(&cause.id)),
            _ => None,
        };
        if let Some(i) = found {
            if !chosen.iter().any(|(c, _)| *c == i) {
                chosen.push((i, Some(cause.rank)));
            }
        }
    }
    for i in 0..clusters.len() {
        if chosen.len() >= SERIES_MAX {
            break;
        }
        if !chosen.iter().any(|(c, _)| *c == i) {
            chosen.push((i, None));
        }
    }
    chosen
        .into_iter()
        .filter_map(|(i, cause)| {
            let c = &clusters[i];
            let index: usize =
                c.id.strip_prefix('t')?
                    .parse::<usize>()
                    .ok()?
                    .checked_sub(1)?;
            let hist = hists.get(index)?;
            let mut counts = vec![0u64; timeline.len()];
            for &(start, n) in hist.buckets() {
                let b = (start.div_euclid(width) * width - first).div_euclid(width);
                if let Some(slot) = usize::try_from(b).ok().and_then(|b| counts.get_mut(b)) {
                    *slot += n;
                }
            }
            counts.iter().any(|&n| n > 0).then(|| Series {
                cluster: c.id.clone(),
                template: c.template.clone(),
                cause,
                counts,
            })
        })
        .collect()
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
            tests,
            ..
        } = ranking;
        let hists: Vec<crate::summary::Hist> = clustering
            .templates
            .iter()
            .map(|t| t.hist.clone())
            .collect();
        let tests_line = tests.line(TEST_NAMES_SHOWN);
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
        let series = series(&causes, &clusters, &hists, timeline_width, &timeline);
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
            notes: Vec::new(),
            series,
            tests,
            tests_line,
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
                    before: Vec::new(),
                    after: Vec::new(),
                    raw: None,
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
