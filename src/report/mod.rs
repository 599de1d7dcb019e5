//! Reports: the analysis as plain data, and its renderers.
//!
//! [`Report`] is built once from the merged summary and the inputs; renderers (`human`,
//! `json`) only present it and never compute. Log text is kept as bytes up to here and turned
//! into text only at the edge (`sanitize`).

pub mod human;
pub mod json;
pub mod sanitize;

use crate::engine::SourceReport;
use crate::record::{Level, Timestamp};
use crate::summary::{BucketCounts, Summary, NO_LEVEL};

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
}

/// Everything a renderer shows.
#[derive(Debug, Clone)]
pub struct Report {
    pub inputs: Vec<SourceReport>,
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
    pub fn new(summary: &Summary, inputs: Vec<SourceReport>, top: usize) -> Report {
        let source_name = |i: u32| {
            inputs
                .get(i as usize)
                .map(|s| s.name.clone())
                .unwrap_or_default()
        };
        let clusters = summary
            .problems()
            .into_iter()
            .enumerate()
            .map(|(i, p)| Cluster {
                id: format!("t{}", i + 1),
                template: p.key.to_vec(),
                level: p.level,
                count: p.count,
                first_seen: Location {
                    source: source_name(p.first.source),
                    line: p.first.line,
                    end_line: p.first.end_line,
                    timestamp: p.first.timestamp,
                },
                last_seen: Location {
                    source: source_name(p.last.source),
                    line: p.last.line,
                    end_line: p.last.end_line,
                    timestamp: p.last.timestamp,
                },
                example: p.example.to_vec(),
            })
            .collect();
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
            lines: inputs.iter().map(|i| i.lines).sum(),
            bytes: inputs.iter().map(|i| i.bytes).sum(),
            inputs,
            events: summary.events,
            by_level,
            first_timestamp: summary.first_timestamp,
            last_timestamp: summary.last_timestamp,
            excluded: summary.excluded,
            clusters,
            other_problems: summary.other_problems,
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
