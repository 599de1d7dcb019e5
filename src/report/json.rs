//! The JSON report (DESIGN §2.2, schema `culprit.report/v1`).

use std::io::{self, Write};

use serde_json::{json, Map, Value};

use super::sanitize::lossy;
use super::{Location, Report};
use crate::record::Timestamp;

pub const SCHEMA: &str = "culprit.report/v1";

fn ts(t: Option<Timestamp>) -> Value {
    t.map_or(Value::Null, |t| Value::String(t.to_rfc3339()))
}

fn location(l: &Location) -> Value {
    json!({"source": l.source, "line": l.line, "end_line": l.end_line, "timestamp": ts(l.timestamp)})
}

/// The report as a JSON value.
pub fn to_value(r: &Report) -> Value {
    let inputs: Vec<Value> = r
        .inputs
        .iter()
        .map(|i| {
            json!({
                "source": i.name,
                "format": i.format,
                "compression": i.compression,
                "lines": i.lines,
                "bytes": i.bytes,
                "skipped": i.skipped,
                "error": i.error,
                "truncated_lines": i.truncated_lines,
                "truncated_bytes": i.truncated_bytes,
            })
        })
        .collect();
    let mut by_level = Map::new();
    for (name, n) in &r.by_level {
        by_level.insert((*name).to_string(), json!(n));
    }
    let clusters: Vec<Value> = r
        .clusters
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "template": lossy(&c.template),
                "level": c.level.name(),
                "count": c.count,
                "first_seen": location(&c.first_seen),
                "last_seen": location(&c.last_seen),
                "example": lossy(&c.example),
                "patterns": [],
            })
        })
        .collect();
    let buckets: Vec<Value> = r
        .timeline
        .iter()
        .map(|(start, c)| {
            json!({
                "start": Timestamp::from_unix_seconds(*start).to_rfc3339(),
                "events": c.events,
                "error": c.error,
                "warn": c.warn,
            })
        })
        .collect();
    json!({
        "schema": SCHEMA,
        "tool": {"name": "culprit", "version": env!("CARGO_PKG_VERSION")},
        "inputs": inputs,
        "summary": {
            "lines": r.lines,
            "bytes": r.bytes,
            "events": r.events,
            "by_level": by_level,
            "first_timestamp": ts(r.first_timestamp),
            "last_timestamp": ts(r.last_timestamp),
            "excluded_events": r.excluded,
            "unclustered_problems": r.other_problems,
        },
        "causes": [],
        "clusters": clusters,
        "timeline": {"bucket_seconds": r.timeline_width, "buckets": buckets},
    })
}

pub fn write(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(r))?;
    out.write_all(b"\n")
}
