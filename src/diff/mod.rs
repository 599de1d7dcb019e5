//! `culprit diff`: what is new or grew in a failing run compared with passing ones.
//!
//! The baseline ([`Model`]) holds every line shape of the passing runs: the masked message
//! (`templates::signature`, so timestamps, ids, temporary paths and durations do not count)
//! with how many lines of it each run and file had, a key per line shape that ignores words with digits for a
//! fast look-up, and an index of their words. Every target line is then one of:
//!
//! * **known**: its shape is in the baseline (the cheap key, or failing that the signature,
//!   is found);
//! * **similar**: not in the baseline as such, but its nearest baseline line by token-set
//!   Jaccard similarity shares at least [`novelty::SIMILAR`] of its words (a variant, such as
//!   `FAILED` where the baseline said `ok`);
//! * **new**: far from every baseline line.
//!
//! The ranking is `analyze`'s ([`crate::rank`]), with two additions: the new lines, folded into
//! templates, and the shapes whose rate grew [`novelty::GROWTH_FACTOR`] times or more are
//! candidates too; and every candidate gets a novelty signal from its evidence line: new
//! raises it, similar a little, grew raises it, known lowers it strongly (noise the passing
//! runs had too, even when it is an error). This module does not read input or print.

pub mod features;
pub mod model;
pub mod novelty;

pub use model::Model;
pub use novelty::{Class, Classifier, Novelty};
use std::cell::RefCell;

use crate::engine::SourceReport;
use crate::patterns::{PatternSet, Role, Severity};
use crate::rank::{self, Confidence, Evidence, Ranked, Ranking};
use crate::record::{Format, Level, Parser, TimeContext, Timestamp};
use crate::summary::signatures::Clustering;
use crate::summary::Summary;

/// Contributions of the novelty signal, in log-odds.
pub mod weight {
    pub const NEW: f64 = 2.5;
    pub const SIMILAR: f64 = 0.5;
    pub const GREW: f64 = 1.5;
    pub const KNOWN: f64 = -3.0;
    /// A candidate made of new lines starts where `rank` starts any candidate, less what an
    /// unknown message costs there.
    pub const RANK_BASE: f64 = -2.0;
    pub const UNKNOWN_MESSAGE: f64 = -0.5;
    pub const LEVEL_CRITICAL: f64 = 1.0;
    pub const LEVEL_ERROR: f64 = 0.5;
    pub const NO_PROBLEM_LEVEL: f64 = -0.5;
}

/// Candidates made of new lines, and of grown shapes, at most.
const NEW_CANDIDATES: usize = 200;
const GROWN_CANDIDATES: usize = 50;

/// How a cause stands to the baseline, for the report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CauseNovelty {
    /// `new`, `changed` (similar to a baseline line), `grew` or `known`.
    pub status: &'static str,
    /// Baseline runs that had its shape (known, grew).
    pub baseline_runs: Option<u32>,
    /// Lines per 1,000 in the baseline and in the target (known, grew).
    pub baseline_rate: Option<f64>,
    pub rate: Option<f64>,
    /// The nearest baseline line's signature and its similarity (changed, new).
    pub nearest: Option<String>,
    pub similarity: Option<f64>,
}

/// What the report says about the comparison as a whole.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BaselineReport {
    pub runs: u32,
    pub lines: u64,
    pub signatures: usize,
    pub target_lines: u64,
    pub new_lines: u64,
    pub similar_lines: u64,
    /// Templates the new lines fold into.
    pub new_templates: usize,
    pub grown: usize,
    /// New lines not kept in a template (the cap was reached).
    pub new_other: u64,
    pub thresholds: Thresholds,
    /// Novelty of each cause, by cause id.
    #[serde(skip)]
    pub causes: Vec<(String, CauseNovelty)>,
}

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Thresholds {
    pub similar: f64,
    pub growth_factor: f64,
    pub growth_min: u64,
}

impl BaselineReport {
    pub fn novelty(&self, id: &str) -> Option<&CauseNovelty> {
        self.causes.iter().find(|(i, _)| i == id).map(|(_, n)| n)
    }

    /// The comparison in one sentence, for the renderers.
    pub fn sentence(&self) -> String {
        let runs = if self.runs == 1 { "run" } else { "runs" };
        format!(
            "Compared with {} baseline {runs} ({} lines, {} line shapes): {} of {} lines are new ({:.2}%) in {} template{}; {} line shape{} grew {}× or more; {} line{} changed slightly.",
            self.runs,
            self.lines,
            self.signatures,
            self.new_lines,
            self.target_lines,
            100.0 * self.new_share(),
            self.new_templates,
            if self.new_templates == 1 { "" } else { "s" },
            self.grown,
            if self.grown == 1 { "" } else { "s" },
            self.thresholds.growth_factor,
            self.similar_lines,
            if self.similar_lines == 1 { "" } else { "s" },
        )
    }

    /// New lines as a share of the target's lines.
    pub fn new_share(&self) -> f64 {
        self.new_lines as f64 / self.target_lines.max(1) as f64
    }
}

/// Ranks the target's summary with the baseline comparison; `inputs` are the target's.
pub fn rank(
    summary: &Summary,
    clusters: &Clustering,
    set: &PatternSet,
    opts: rank::Options,
    novelty: &Novelty,
    groups: &[Option<u32>],
    inputs: &[SourceReport],
) -> (Ranking, BaselineReport) {
    let model = novelty.model();
    let runs = model.runs;
    let new_clusters = novelty.novel.cluster();
    let grown = novelty.grown();
    let mut extra: Vec<Ranked> = Vec::new();
    // New lines, folded into templates: the gravest and earliest first.
    let mut order: Vec<usize> = (0..new_clusters.templates.len()).collect();
    order.sort_by_key(|&i| {
        let t = &new_clusters.templates[i];
        (std::cmp::Reverse(t.level), t.first.source, t.first.line)
    });
    // Lines that are already a candidate's evidence (a pattern's, a problem cluster's) get the
    // novelty signal there.
    let taken: std::collections::HashSet<(u32, u64)> = summary
        .patterns
        .values()
        .flat_map(|p| p.evidence.iter().map(|e| (e.pos.source, e.pos.line)))
        .chain(
            clusters
                .templates
                .iter()
                .map(|t| (t.first.source, t.first.line)),
        )
        .collect();
    order.retain(|&i| {
        let f = &new_clusters.templates[i].first;
        !taken.contains(&(f.source, f.line))
    });
    order.truncate(NEW_CANDIDATES);
    for i in order {
        let t = &new_clusters.templates[i];
        let text = String::from_utf8_lossy(&t.example).into_owned();
        let mut r = candidate(
            format!("new:{}", i + 1),
            &text,
            t.level,
            t.count,
            (t.first, t.last),
            t.example.clone(),
        );
        r.explanation = format!(
            "{} line{} absent from the baseline, like: {}",
            t.count,
            if t.count == 1 { "" } else { "s" },
            t.text
        );
        extra.push(r);
    }
    for (i, g) in grown.iter().take(GROWN_CANDIDATES).enumerate() {
        let text = String::from_utf8_lossy(&g.example).into_owned();
        let mut r = candidate(
            format!("grew:{}", i + 1),
            &text,
            None,
            g.count,
            (g.first, g.first),
            g.example.clone(),
        );
        r.explanation = format!(
            "{} lines like this one, {:.0} times the baseline's rate: {}",
            g.count, g.factor, model.signatures[g.signature as usize].text
        );
        extra.push(r);
    }

    let parsers: Vec<Option<Format>> = inputs
        .iter()
        .map(|i| i.format.as_deref().and_then(Format::from_name))
        .collect();
    let notes: RefCell<Vec<(String, CauseNovelty)>> = RefCell::new(Vec::new());
    let classifier = RefCell::new(novelty.classifier());
    let signal = |r: &mut Ranked| {
        let Some(ev) = r.evidence.first() else {
            return;
        };
        let mut cl = classifier.borrow_mut();
        let marked = match r.kind {
            "pattern" => novelty.marked(ev.pos.source, ev.pos.line),
            _ => None,
        };
        let class = match (marked, r.kind, parsers.get(ev.pos.source as usize)) {
            (Some(c), ..) => c,
            // A pattern's evidence is the whole line: take its message as the engine would.
            (None, "pattern", Some(Some(f))) => {
                let mut p = Parser::new(
                    f.clone(),
                    TimeContext::new(jiff::tz::TimeZone::UTC, Timestamp(0)),
                );
                cl.classify(&p.parse(&ev.text).message)
            }
            _ => cl.classify(&ev.text),
        };
        let group = groups.get(ev.pos.source as usize).copied().flatten();
        let (w, why, note) = judge(class, model, novelty, group, runs);
        drop(cl);
        r.logit += w;
        r.why.push(format!("{why} ({w:+.1})"));
        notes.borrow_mut().push((r.id.clone(), note));
    };
    let ranking = rank::rank_with(summary, clusters, set, opts, extra, &signal);
    let report = BaselineReport {
        runs,
        lines: model.lines,
        signatures: model.signatures.len(),
        target_lines: novelty.lines,
        new_lines: novelty.new_lines,
        similar_lines: novelty.similar_lines,
        new_templates: new_clusters.templates.len(),
        grown: grown.len(),
        new_other: novelty.novel.other_lines,
        thresholds: Thresholds {
            similar: novelty::SIMILAR,
            growth_factor: novelty::GROWTH_FACTOR,
            growth_min: novelty::GROWTH_MIN,
        },
        causes: notes.into_inner(),
    };
    (ranking, report)
}

/// A candidate of new or grown lines.
fn candidate(
    id: String,
    text: &str,
    level: Option<Level>,
    count: u64,
    (first, last): (crate::summary::Pos, crate::summary::Pos),
    example: Box<[u8]>,
) -> Ranked {
    let title: String = text.trim().chars().take(120).collect();
    let (severity, lw, lwhy) = match level {
        Some(Level::Critical) => (Severity::Critical, weight::LEVEL_CRITICAL, "level critical"),
        Some(Level::Error) => (Severity::High, weight::LEVEL_ERROR, "level error"),
        Some(Level::Warn) => (Severity::Medium, 0.0, "level warn"),
        _ => (
            Severity::Low,
            weight::NO_PROBLEM_LEVEL,
            "no warning or error level",
        ),
    };
    let mut why = vec![format!(
        "{count} line{} of one template (no known pattern) ({:+.1})",
        if count == 1 { "" } else { "s" },
        weight::UNKNOWN_MESSAGE
    )];
    if lw != 0.0 {
        why.push(format!("{lwhy} ({lw:+.1})"));
    } else {
        why.push(lwhy.to_string());
    }
    Ranked {
        kind: "cluster",
        id,
        title: title.replace(['\n', '\r', '\t'], " "),
        category: String::from("log"),
        severity,
        role: Role::Either,
        count,
        first,
        last,
        evidence: vec![Evidence {
            pos: first,
            text: example,
        }],
        fields: Vec::new(),
        explanation: String::new(),
        remediation: Vec::new(),
        why,
        related: Vec::new(),
        logit: weight::RANK_BASE + weight::UNKNOWN_MESSAGE + lw,
        score: 0.0,
        confidence: Confidence::Low,
        at_onset: false,
    }
}

/// The novelty signal for an evidence line of class `class`.
fn judge(
    class: Class,
    model: &Model,
    novelty: &Novelty,
    group: Option<u32>,
    runs: u32,
) -> (f64, String, CauseNovelty) {
    let plural = |n: u32| if n == 1 { "" } else { "s" };
    match class {
        Class::New(near) => {
            let mut why = format!("new: absent from the {runs} baseline run{}", plural(runs));
            if let Some((_, j)) = near {
                why.push_str(&format!(
                    "; the nearest baseline line shares {:.0}% of its words",
                    j * 100.0
                ));
            }
            (
                weight::NEW,
                why,
                CauseNovelty {
                    status: "new",
                    baseline_runs: Some(0),
                    baseline_rate: None,
                    rate: None,
                    nearest: near.map(|(id, _)| model.signatures[id as usize].text.clone()),
                    similarity: near.map(|(_, j)| round3(j)),
                },
            )
        }
        Class::Similar(id, j) if id != u32::MAX => {
            let near = &model.signatures[id as usize].text;
            (
                weight::SIMILAR,
                format!(
                    "changed: not in the baseline as such, but {:.0}% of its words match a baseline line: {}",
                    j * 100.0,
                    one_line(near, 100)
                ),
                CauseNovelty {
                    status: "changed",
                    baseline_runs: None,
                    baseline_rate: None,
                    rate: None,
                    nearest: Some(near.clone()),
                    similarity: Some(round3(j)),
                },
            )
        }
        Class::Similar(..) => (
            weight::SIMILAR,
            String::from("changed: not in the baseline, and no word to compare it by"),
            CauseNovelty {
                status: "changed",
                baseline_runs: None,
                baseline_rate: None,
                rate: None,
                nearest: None,
                similarity: None,
            },
        ),
        Class::Known(id) => {
            let (count, rate, base) = novelty.rates(id, group);
            let seen_runs = model.signatures[id as usize].runs;
            let (rate_k, base_k) = (rate * 1000.0, base * 1000.0);
            let factor = if base > 0.0 { rate / base } else { 0.0 };
            let grew = factor >= novelty::GROWTH_FACTOR && count >= novelty::GROWTH_MIN;
            let note = CauseNovelty {
                status: if grew { "grew" } else { "known" },
                baseline_runs: Some(seen_runs),
                baseline_rate: Some(round3(base_k)),
                rate: Some(round3(rate_k)),
                nearest: None,
                similarity: None,
            };
            if grew && count >= novelty::GROWTH_MIN {
                (
                    weight::GREW,
                    format!(
                        "grew {:.0}× over the baseline rate ({} → {} per 1,000 lines)",
                        factor,
                        fmt_rate(base_k),
                        fmt_rate(rate_k)
                    ),
                    note,
                )
            } else {
                (
                    weight::KNOWN,
                    format!(
                        "known: also in {seen_runs} of the {runs} baseline run{} ({} → {} per 1,000 lines)",
                        plural(runs),
                        fmt_rate(base_k),
                        fmt_rate(rate_k)
                    ),
                    note,
                )
            }
        }
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn one_line(text: &str, max: usize) -> String {
    let t: String = text.trim().chars().take(max).collect();
    t.replace(['\n', '\r', '\t'], " ")
}

/// `0.2`, `8`, `0.004`, `1,250`: enough digits to tell the rates apart.
pub fn fmt_rate(x: f64) -> String {
    if x >= 100.0 {
        let n = x.round() as u64;
        let s = n.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    } else if x >= 10.0 {
        format!("{x:.0}")
    } else if x >= 0.1 {
        let s = format!("{x:.1}");
        s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
    } else if x > 0.0 {
        format!("{x:.1e}")
    } else {
        String::from("0")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_well() {
        assert_eq!(fmt_rate(0.2), "0.2");
        assert_eq!(fmt_rate(8.0), "8");
        assert_eq!(fmt_rate(40.4), "40");
        assert_eq!(fmt_rate(1250.0), "1,250");
        assert_eq!(fmt_rate(0.0), "0");
    }
}
