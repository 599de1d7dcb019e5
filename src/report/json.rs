//! The JSON report (DESIGN §2.2, schema `culprit.report/v1`).
//!
//! The document is a tree of `Serialize` structs that borrow from the [`Report`], written
//! straight to the output: with up to 10,000 clusters, building a `serde_json::Value` first
//! (a map, a hashed index and an owned string per member) cost more than the writing. Field
//! order here is the order in the output; keep it as the contract shows it.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::Value;

use super::{Cause, Cluster, Location, Report};
use crate::engine::SourceReport;
use crate::record::Timestamp;

pub const SCHEMA: &str = "culprit.report/v1";

fn ts(t: Option<Timestamp>) -> Option<String> {
    t.map(Timestamp::to_rfc3339)
}

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    tool: Tool,
    inputs: Vec<Input<'a>>,
    summary: SummaryPart<'a>,
    analysis: AnalysisPart<'a>,
    tests: TestsPart<'a>,
    /// `culprit diff` only: how the input stands to the baseline.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'a crate::diff::BaselineReport>,
    causes: Vec<CausePart<'a>>,
    clusters: Vec<ClusterPart<'a>>,
    timeline: TimelinePart,
}

/// The failing tests the runners reported (all of them counted, the first named).
#[derive(Serialize)]
struct TestsPart<'a> {
    failed: u64,
    names: &'a [String],
    summary: Option<&'a str>,
    build_errors: u64,
}

/// What the ranking concluded as a whole.
#[derive(Serialize)]
struct AnalysisPart<'a> {
    headline: &'a str,
    confidence: &'static str,
    ci: bool,
    onset: Option<OnsetPart>,
}

#[derive(Serialize)]
struct OnsetPart {
    at: String,
    bucket_seconds: i64,
    rate_before: f64,
    rate_after: f64,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Input<'a> {
    source: &'a str,
    format: Option<&'a str>,
    compression: Option<&'static str>,
    encoding: Option<&'static str>,
    lines: u64,
    bytes: u64,
    skipped: Option<&'a str>,
    error: Option<&'a str>,
    truncated_lines: u64,
    truncated_bytes: u64,
}

impl<'a> Input<'a> {
    fn new(i: &'a SourceReport) -> Input<'a> {
        Input {
            source: &i.name,
            format: i.format.as_deref(),
            compression: i.compression,
            encoding: i.encoding,
            lines: i.lines,
            bytes: i.bytes,
            skipped: i.skipped.as_deref(),
            error: i.error.as_deref(),
            truncated_lines: i.truncated_lines,
            truncated_bytes: i.truncated_bytes,
        }
    }
}

#[derive(Serialize)]
struct SummaryPart<'a> {
    lines: u64,
    bytes: u64,
    events: u64,
    by_level: ByLevel<'a>,
    first_timestamp: Option<String>,
    last_timestamp: Option<String>,
    excluded_events: u64,
    unclustered_problems: u64,
}

/// Level counts as an object keyed by level name, in the report's order.
struct ByLevel<'a>(&'a [(&'static str, u64)]);

impl Serialize for ByLevel<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (name, n) in self.0 {
            m.serialize_entry(name, n)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct ClusterPart<'a> {
    id: &'a str,
    template: Cow<'a, str>,
    level: &'static str,
    count: u64,
    first_seen: LocationPart<'a>,
    last_seen: LocationPart<'a>,
    example: Cow<'a, str>,
    patterns: &'a [String],
}

#[derive(Serialize)]
struct CausePart<'a> {
    rank: usize,
    score: f64,
    kind: &'static str,
    id: &'a str,
    title: &'a str,
    category: &'a str,
    severity: &'static str,
    role: &'static str,
    count: u64,
    first_seen: LocationPart<'a>,
    last_seen: LocationPart<'a>,
    evidence: Vec<EvidencePart<'a>>,
    fields: Fields<'a>,
    explanation: &'a str,
    remediation: &'a [String],
    why: &'a [String],
    related: Vec<RelatedPart<'a>>,
    confidence: &'static str,
    at_onset: bool,
    /// `culprit diff` only: how the cause stands to the baseline.
    #[serde(skip_serializing_if = "Option::is_none")]
    novelty: Option<&'a crate::diff::CauseNovelty>,
}

#[derive(Serialize)]
struct EvidencePart<'a> {
    source: &'a str,
    line: u64,
    end_line: u64,
    text: Cow<'a, str>,
}

#[derive(Serialize)]
struct RelatedPart<'a> {
    id: &'a str,
    relation: &'static str,
    count: u64,
}

/// Captured fields as an object, in capture order.
struct Fields<'a>(&'a [(String, String)]);

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'a> CausePart<'a> {
    fn new(c: &'a Cause) -> CausePart<'a> {
        CausePart {
            rank: c.rank,
            score: c.score,
            kind: c.kind,
            id: &c.id,
            title: &c.title,
            category: &c.category,
            severity: c.severity.name(),
            role: c.role.name(),
            count: c.count,
            first_seen: LocationPart::new(&c.first_seen),
            last_seen: LocationPart::new(&c.last_seen),
            evidence: c
                .evidence
                .iter()
                .map(|e| EvidencePart {
                    source: &e.at.source,
                    line: e.at.line,
                    end_line: e.at.end_line,
                    text: String::from_utf8_lossy(&e.text),
                })
                .collect(),
            fields: Fields(&c.fields),
            explanation: &c.explanation,
            remediation: &c.remediation,
            why: &c.why,
            related: c
                .related
                .iter()
                .map(|r| RelatedPart {
                    id: &r.id,
                    relation: r.relation,
                    count: r.count,
                })
                .collect(),
            confidence: c.confidence.name(),
            at_onset: c.at_onset,
            novelty: None,
        }
    }
}

impl<'a> ClusterPart<'a> {
    fn new(c: &'a Cluster) -> ClusterPart<'a> {
        ClusterPart {
            id: &c.id,
            // Lossy UTF-8, nothing else changed (`sanitize::lossy`, without the copy).
            template: String::from_utf8_lossy(&c.template),
            level: c.level.name(),
            count: c.count,
            first_seen: LocationPart::new(&c.first_seen),
            last_seen: LocationPart::new(&c.last_seen),
            example: String::from_utf8_lossy(&c.example),
            patterns: &c.patterns,
        }
    }
}

#[derive(Serialize)]
struct LocationPart<'a> {
    source: &'a str,
    line: u64,
    end_line: u64,
    timestamp: Option<String>,
}

impl<'a> LocationPart<'a> {
    fn new(l: &'a Location) -> LocationPart<'a> {
        LocationPart {
            source: &l.source,
            line: l.line,
            end_line: l.end_line,
            timestamp: ts(l.timestamp),
        }
    }
}

#[derive(Serialize)]
struct TimelinePart {
    bucket_seconds: i64,
    buckets: Vec<Bucket>,
}

#[derive(Serialize)]
struct Bucket {
    start: String,
    events: u64,
    error: u64,
    warn: u64,
}

fn document(r: &Report) -> Document<'_> {
    Document {
        schema: SCHEMA,
        tool: Tool {
            name: "culprit",
            version: env!("CARGO_PKG_VERSION"),
        },
        inputs: r.inputs.iter().map(Input::new).collect(),
        summary: SummaryPart {
            lines: r.lines,
            bytes: r.bytes,
            events: r.events,
            by_level: ByLevel(&r.by_level),
            first_timestamp: ts(r.first_timestamp),
            last_timestamp: ts(r.last_timestamp),
            excluded_events: r.excluded,
            unclustered_problems: r.other_problems,
        },
        analysis: AnalysisPart {
            headline: &r.headline,
            confidence: r.confidence.name(),
            ci: r.ci,
            onset: r.onset.map(|o| OnsetPart {
                at: o.at.to_rfc3339(),
                bucket_seconds: o.bucket_seconds,
                rate_before: (o.rate_before * 100.0).round() / 100.0,
                rate_after: (o.rate_after * 100.0).round() / 100.0,
            }),
        },
        tests: TestsPart {
            failed: r.tests.failed,
            names: &r.tests.names,
            summary: r.tests_line.as_deref(),
            build_errors: r.tests.build_errors,
        },
        baseline: r.baseline.as_ref(),
        causes: r
            .causes
            .iter()
            .map(|c| CausePart {
                novelty: r.baseline.as_ref().and_then(|b| b.novelty(&c.id)),
                ..CausePart::new(c)
            })
            .collect(),
        clusters: r.clusters.iter().map(ClusterPart::new).collect(),
        timeline: TimelinePart {
            bucket_seconds: r.timeline_width,
            buckets: r
                .timeline
                .iter()
                .map(|(start, c)| Bucket {
                    start: Timestamp::from_unix_seconds(*start).to_rfc3339(),
                    events: c.events,
                    error: c.error,
                    warn: c.warn,
                })
                .collect(),
        },
    }
}

/// The report as a JSON value (for tests and callers that want to inspect it).
pub fn to_value(r: &Report) -> Value {
    serde_json::to_value(document(r)).expect("a report is always representable as JSON")
}

pub fn write(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(r))?;
    out.write_all(b"\n")
}
