//! Ranking: from the merged summary to likely causes, most likely first, with reasons.
//!
//! A pure, deterministic function of the summary, the problem clusters and the pattern set
//! ([`rank`]). Candidates are the known-failure patterns that matched, the problem clusters no
//! pattern explains, and, in a CI job's log, the steps that failed. Each signal adds a
//! contribution (in log-odds) to a candidate and says so in its `why`; the sum is turned into a
//! score in [0, 1] by the logistic function, and the score into a confidence word. This module
//! does not read input (`engine`) or print (`report`).

mod runners;
#[cfg(test)]
mod tests;

pub use runners::{rerun, TestsSummary};

use std::collections::HashMap;

use crate::patterns::{Pattern, PatternSet, Role, Severity};
use crate::record::{Level, Timestamp};
use crate::summary::ci::{CiLine, Failure};
use crate::summary::signatures::Clustering;
use crate::summary::{Pos, Summary};

/// How sure the ranking is of a cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn name(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// What the caller knows beyond the summary.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Treat the input as a CI job's log even without runner markers (`--ci`).
    pub ci: bool,
}

/// A line that shows a cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub pos: Pos,
    pub text: Box<[u8]>,
}

/// A ranked cause, before locations are named (`report` does that).
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// `pattern`, `cluster`, `ci-step`, `test-failure` or `build-error`.
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    pub category: String,
    pub severity: Severity,
    pub role: Role,
    pub count: u64,
    pub first: Pos,
    pub last: Pos,
    /// The line that best shows the cause first.
    pub evidence: Vec<Evidence>,
    pub fields: Vec<(String, String)>,
    pub explanation: String,
    pub remediation: Vec<String>,
    /// Each signal's contribution, in words.
    pub why: Vec<String>,
    /// `(id, relation, count)`: `symptom` when the other is usually a consequence of this one,
    /// `cause` when it usually causes this one.
    pub related: Vec<(String, &'static str, u64)>,
    /// The sum of the contributions (log-odds).
    pub logit: f64,
    pub score: f64,
    pub confidence: Confidence,
    /// First seen where the error rate jumped.
    pub at_onset: bool,
}

/// Where the error rate jumped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Onset {
    pub at: Timestamp,
    /// Problem events per bucket before and after.
    pub rate_before: f64,
    pub rate_after: f64,
    pub bucket_seconds: i64,
}

/// The ranking of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub causes: Vec<Ranked>,
    /// The input was read as a CI job's log.
    pub ci: bool,
    pub onset: Option<Onset>,
    /// How sure the ranking is of its first cause (`Low` also when there is none).
    pub confidence: Confidence,
    /// The failing tests the runners reported.
    pub tests: TestsSummary,
}

/// Contributions, in log-odds. Named so that tests and the `why` texts agree.
mod weight {
    pub const BASE: f64 = -2.0;
    pub const SEVERITY_CRITICAL: f64 = 1.5;
    pub const SEVERITY_HIGH: f64 = 1.0;
    pub const SEVERITY_MEDIUM: f64 = 0.5;
    pub const SEVERITY_INFO: f64 = -0.5;
    pub const ROLE_CAUSE: f64 = 0.5;
    pub const ROLE_SYMPTOM: f64 = -0.5;
    pub const HAS_SYMPTOMS: f64 = 1.0;
    pub const IS_SYMPTOM: f64 = -1.5;
    pub const LEVEL_CRITICAL: f64 = 1.0;
    pub const LEVEL_ERROR: f64 = 0.5;
    pub const LEVEL_WARN: f64 = -0.5;
    pub const UNKNOWN_MESSAGE: f64 = -0.5;
    pub const RARITY_PER_DECADE: f64 = -0.3;
    pub const ROUTINE: f64 = -1.5;
    pub const BEFORE_ONSET: f64 = -1.0;
    pub const ONLY_BEFORE_ONSET: f64 = -0.5;
    pub const AT_ONSET: f64 = 2.0;
    pub const FIRST_AT_ONSET: f64 = 1.0;
    pub const ROOT_EXCEPTION: f64 = 0.3;
    pub const FAILED_STEP_LAST: f64 = 4.5;
    pub const FAILED_STEP_EARLIER: f64 = 3.5;
    pub const LOG_END: f64 = 3.0;
    pub const PER_LINE_WEIGHT: f64 = 0.15;
    pub const IN_FAILED_STEP: f64 = 3.0;
    pub const NEAR_FAILURE: f64 = 3.5;
    pub const OUTSIDE_FAILED_STEP: f64 = -1.0;
    pub const TEST_FAILED: f64 = 5.0;
    /// A check that only warned (`R CMD check`'s `WARNING`) comes after those that failed.
    pub const ONLY_WARNED: f64 = -1.0;
    pub const WITH_MESSAGE: f64 = 0.5;
    pub const BUILD_ERROR: f64 = 4.5;
    pub const FOLDED: f64 = -2.5;
}

/// Candidates from clusters: at most this many (gravest and earliest first) are scored.
const CLUSTER_CANDIDATES: usize = 200;
/// Evidence lines kept per cause.
const EVIDENCE_MAX: usize = 5;
/// One-off clusters near an onset up to which each is still read as a possible trigger.
const LONE_SINGLES: usize = 2;
/// Timeline buckets the onset is looked for in.
const ONSET_BUCKETS: usize = 240;

/// A candidate being scored.
struct Cand {
    ranked: Ranked,
}

impl Cand {
    fn add(&mut self, w: f64, why: String) {
        self.ranked.logit += w;
        if w != 0.0 {
            self.ranked.why.push(format!("{why} ({w:+.1})"));
        } else {
            self.ranked.why.push(why);
        }
    }
}

/// Ranks the candidates of a summary. `clusters` is `summary.problems.cluster()` (passed in so
/// that the report and the ranking share one clustering).
pub fn rank(summary: &Summary, clusters: &Clustering, set: &PatternSet, opts: Options) -> Ranking {
    rank_with(summary, clusters, set, opts, Vec::new(), &|_| {})
}

/// [`rank`] with candidates found elsewhere (`diff`'s new lines), which get the common signals
/// too, and one more signal applied to every candidate last (`diff`'s baseline comparison).
pub fn rank_with(
    summary: &Summary,
    clusters: &Clustering,
    set: &PatternSet,
    opts: Options,
    extra: Vec<Ranked>,
    signal: &dyn Fn(&mut Ranked),
) -> Ranking {
    let ci = opts.ci || summary.ci.is_ci();
    let onset = find_onset(summary);
    let span = Span::of(summary, clusters);
    let mut cands: Vec<Cand> = Vec::new();

    // Known-failure patterns.
    let found: Vec<(&Pattern, &crate::summary::PatternStats)> = summary
        .patterns
        .iter()
        .filter_map(|(&i, s)| set.patterns().get(i as usize).map(|p| (p, s)))
        .collect();
    let count_of = |id: &str| found.iter().find(|(p, _)| p.id == id).map(|(_, s)| s.count);
    let first_of = |id: &str| found.iter().find(|(p, _)| p.id == id).map(|(_, s)| s.first);
    let causes_of = |id: &str| -> Vec<(String, u64)> {
        found
            .iter()
            .filter(|(p, _)| p.symptoms.iter().any(|s| s == id))
            .map(|(p, s)| (p.id.clone(), s.count))
            .collect()
    };
    for (p, stats) in &found {
        let fields = stats
            .capture
            .as_ref()
            .map(|c| p.fields(c.regex, &c.text))
            .unwrap_or_default();
        let mut c = Cand {
            ranked: Ranked {
                kind: "pattern",
                id: p.id.clone(),
                title: p.title.clone(),
                category: p.category.clone(),
                severity: p.severity,
                role: p.role,
                count: stats.count,
                first: stats.first,
                last: stats.last,
                evidence: stats
                    .evidence
                    .iter()
                    .map(|e| Evidence {
                        pos: e.pos,
                        text: e.text.clone(),
                    })
                    .collect(),
                explanation: Pattern::fill(&p.explanation, &fields),
                remediation: p
                    .remediation
                    .iter()
                    .map(|r| Pattern::fill(r, &fields))
                    .collect(),
                fields,
                why: Vec::new(),
                related: Vec::new(),
                logit: weight::BASE,
                score: 0.0,
                confidence: Confidence::Low,
                at_onset: false,
            },
        };
        let lines = if stats.count == 1 { "line" } else { "lines" };
        c.add(
            0.0,
            format!("known failure '{}' matched {} {lines}", p.id, stats.count),
        );
        let sev = match p.severity {
            Severity::Critical => weight::SEVERITY_CRITICAL,
            Severity::High => weight::SEVERITY_HIGH,
            Severity::Medium => weight::SEVERITY_MEDIUM,
            Severity::Low => 0.0,
            Severity::Info => weight::SEVERITY_INFO,
        };
        c.add(sev, format!("severity {}", p.severity.name()));
        // Known role, and the relations to the other findings.
        // A symptom follows its cause: one that was there first is not this one's.
        let mut symptoms: Vec<(String, u64)> = p
            .symptoms
            .iter()
            .filter(|id| first_of(id).is_some_and(|f| !before(&f, &stats.first)))
            .filter_map(|id| count_of(id).map(|n| (id.clone(), n)))
            .collect();
        symptoms.sort();
        symptoms.dedup();
        let mut causes: Vec<(String, u64)> = p
            .symptom_of
            .iter()
            .filter_map(|id| count_of(id).map(|n| (id.clone(), n)))
            .chain(causes_of(&p.id))
            .collect();
        causes.sort();
        causes.dedup();
        match p.role {
            Role::Cause => c.add(weight::ROLE_CAUSE, String::from("known to be a cause")),
            Role::Symptom => c.add(
                weight::ROLE_SYMPTOM,
                String::from("usually a symptom of something else"),
            ),
            _ => {}
        }
        if !symptoms.is_empty() && p.role != Role::Symptom {
            let names: Vec<String> = symptoms
                .iter()
                .map(|(id, n)| format!("'{id}' ({n})"))
                .collect();
            c.add(
                weight::HAS_SYMPTOMS,
                format!("its usual symptoms were found too: {}", names.join(", ")),
            );
        }

        for (id, n) in symptoms {
            c.ranked.related.push((id, "symptom", n));
        }
        for (id, n) in causes {
            c.ranked.related.push((id, "cause", n));
        }
        cands.push(c);
    }

    // Problem clusters that no pattern explains.
    let explained: Vec<bool> = clusters
        .templates
        .iter()
        .map(|t| !set.is_empty() && !set.match_text(&t.example).is_empty())
        .collect();
    let mut order: Vec<usize> = (0..clusters.templates.len())
        .filter(|&i| !explained[i])
        .collect();
    order.sort_by_key(|&i| {
        let t = &clusters.templates[i];
        (std::cmp::Reverse(t.level), t.first.source, t.first.line, i)
    });
    order.truncate(CLUSTER_CANDIDATES);
    let traces: HashMap<(u32, u64), &crate::summary::Trace> = summary
        .traces
        .iter()
        .map(|t| ((t.pos.source, t.pos.line), t))
        .collect();
    for i in order {
        let t = &clusters.templates[i];
        let level = t.level.unwrap_or(Level::Warn);
        let text = String::from_utf8_lossy(&t.example).into_owned();
        let mut c = Cand {
            ranked: Ranked {
                kind: "cluster",
                id: format!("cluster:{}", i + 1),
                title: one_line(&text, 120),
                category: String::from("log"),
                severity: match level {
                    Level::Critical => Severity::Critical,
                    Level::Error => Severity::High,
                    _ => Severity::Medium,
                },
                role: Role::Either,
                count: t.count,
                first: t.first,
                last: t.last,
                evidence: vec![Evidence {
                    pos: t.first,
                    text: t.example.clone(),
                }],
                fields: Vec::new(),
                explanation: format!(
                    "{} {} lines like this one: {}",
                    t.count,
                    level.name(),
                    t.text
                ),
                remediation: Vec::new(),
                why: Vec::new(),
                related: Vec::new(),
                logit: weight::BASE + weight::UNKNOWN_MESSAGE,
                score: 0.0,
                confidence: Confidence::Low,
                at_onset: false,
            },
        };
        c.ranked.why.push(format!(
            "{} {} lines of one template, no known pattern ({:+.1})",
            t.count,
            level.name(),
            weight::UNKNOWN_MESSAGE
        ));
        let lw = match level {
            Level::Critical => weight::LEVEL_CRITICAL,
            Level::Error => weight::LEVEL_ERROR,
            _ => weight::LEVEL_WARN,
        };
        c.add(lw, format!("level {}", level.name()));
        if let Some(tr) = traces.get(&(t.first.source, t.first.line)) {
            if let Some(root) = &tr.root {
                let root_text = String::from_utf8_lossy(root).into_owned();
                c.add(
                    weight::ROOT_EXCEPTION,
                    format!("its trace's root exception: {}", one_line(&root_text, 100)),
                );
                c.ranked.title = one_line(&root_text, 120);
            } else if tr.kind == crate::event::EventKind::PythonTraceback {
                c.add(
                    weight::ROOT_EXCEPTION,
                    String::from("the final exception of a Python traceback"),
                );
            }
        }
        cands.push(c);
    }

    cands.extend(extra.into_iter().map(|ranked| Cand { ranked }));

    // Signals common to patterns and clusters: rarity, routine noise, onset.
    for c in cands.iter_mut() {
        rarity_and_routine(c, &span);
    }
    if let Some(o) = onset {
        onset_signal(&mut cands, o);
    }
    symptom_signal(&mut cands, onset.is_some());

    // Failing tests and build errors, as their runners and compilers reported them.
    let findings = summary.runners.findings();
    cands.extend(runners::candidates(&findings));

    // CI: the failed steps, and where each other candidate stands to them.
    if ci {
        ci_signals(summary, &mut cands);
    }
    fold_into_reports(&mut cands);

    let mut ranked: Vec<Ranked> = cands.into_iter().map(|c| c.ranked).collect();
    for r in ranked.iter_mut() {
        signal(r);
        r.score = logistic(r.logit);
    }
    ranked.sort_by(|a, b| {
        b.logit
            .total_cmp(&a.logit)
            .then(a.first.source.cmp(&b.first.source))
            .then(a.first.line.cmp(&b.first.line))
            .then(a.id.cmp(&b.id))
    });
    let mut cap = Confidence::High;
    for i in 0..ranked.len() {
        let next = ranked.get(i + 1).map_or(0.0, |n| n.score);
        // A cause ranked below another is never surer than it.
        cap = cap.min(confidence(ranked[i].score, ranked[i].score - next));
        ranked[i].confidence = cap;
    }
    let confidence = ranked.first().map_or(Confidence::Low, |r| r.confidence);
    Ranking {
        causes: ranked,
        ci,
        onset,
        confidence,
        tests: TestsSummary::of(&findings),
    }
}

/// A failing test's or build error's report says what a failed CI step, a matching pattern
/// or a cluster of its lines would say again: the step is dropped, the others are ranked
/// below it.
fn fold_into_reports(cands: &mut Vec<Cand>) {
    let covered = runners::covered(cands);
    if covered.is_empty() {
        return;
    }
    cands.retain(|c| {
        c.ranked.kind != "ci-step"
            || !c
                .ranked
                .evidence
                .first()
                .is_some_and(|e| runners::is_covered(&covered, e.pos.source, e.pos.line))
    });
    for c in cands
        .iter_mut()
        .filter(|c| matches!(c.ranked.kind, "pattern" | "cluster" | "ci-step"))
    {
        let inside = !c.ranked.evidence.is_empty()
            && c.ranked
                .evidence
                .iter()
                .all(|e| runners::is_covered(&covered, e.pos.source, e.pos.line));
        if inside {
            let line = runners::short(&c.ranked.evidence[0].text);
            c.add(
                weight::FOLDED,
                format!("part of a failing test's or build error's report ({line})"),
            );
        }
    }
}

/// Whether `a` comes before `b` in the input (by time when both have one, else by line).
fn before(a: &Pos, b: &Pos) -> bool {
    match (a.timestamp, b.timestamp) {
        (Some(x), Some(y)) if x != y => x < y,
        _ => (a.source, a.line) < (b.source, b.line),
    }
}

fn logistic(x: f64) -> f64 {
    let s = 1.0 / (1.0 + (-x).exp());
    (s * 1000.0).round() / 1000.0
}

/// High when the cause is likely and clearly ahead of the next; low when nothing stands out.
fn confidence(score: f64, lead: f64) -> Confidence {
    if score >= 0.8 && lead >= 0.1 {
        Confidence::High
    } else if score >= 0.5 {
        Confidence::Medium
    } else {
        Confidence::Low
    }
}

fn one_line(text: &str, max: usize) -> String {
    let t: String = text.trim().chars().take(max).collect();
    t.replace(['\n', '\r', '\t'], " ")
}

/// The extent of the input, for telling a steady rate from a burst.
struct Span {
    first_ts: Option<Timestamp>,
    last_ts: Option<Timestamp>,
    last_line: u64,
}

impl Span {
    fn of(summary: &Summary, clusters: &Clustering) -> Span {
        let last_line = clusters
            .templates
            .iter()
            .map(|t| t.last.line)
            .chain(summary.patterns.values().map(|s| s.last.line))
            .max()
            .unwrap_or(0);
        Span {
            first_ts: summary.first_timestamp,
            last_ts: summary.last_timestamp,
            last_line,
        }
    }

    /// Where `p` lies in the input, from 0 (start) to 1 (end).
    fn fraction(&self, p: &Pos) -> f64 {
        if let (Some(a), Some(b), Some(t)) = (self.first_ts, self.last_ts, p.timestamp) {
            let len = (b.0 - a.0) as f64;
            if len > 0.0 {
                return ((t.0 - a.0) as f64 / len).clamp(0.0, 1.0);
            }
        }
        if self.last_line > 0 {
            return (p.line as f64 / self.last_line as f64).clamp(0.0, 1.0);
        }
        0.0
    }
}

/// Rarity on a log scale; a message present from start to end at a steady rate is routine.
fn rarity_and_routine(c: &mut Cand, span: &Span) {
    let n = c.ranked.count.max(1) as f64;
    let w = weight::RARITY_PER_DECADE * n.log10();
    if w != 0.0 {
        let lines = if c.ranked.count == 1 { "time" } else { "times" };
        c.add(w, format!("seen {} {lines}", c.ranked.count));
    }
    let from = span.fraction(&c.ranked.first);
    let to = span.fraction(&c.ranked.last);
    if c.ranked.count >= 5 && from < 0.15 && to > 0.85 {
        c.add(
            weight::ROUTINE,
            String::from("routine: present from start to end of the log"),
        );
    }
}

/// Finds where the problem rate jumps: the bucket after which the mean rate of the next few
/// buckets most exceeds the mean rate of all buckets before it (at least threefold).
fn find_onset(summary: &Summary) -> Option<Onset> {
    let (width, buckets) = summary.timeline.resample(ONSET_BUCKETS);
    let rates: Vec<f64> = buckets
        .iter()
        .map(|(_, c)| (c.error + c.warn) as f64)
        .collect();
    let n = rates.len();
    if n < 6 {
        return None;
    }
    let look = (n / 20).max(3);
    let mut prefix = vec![0.0; n + 1];
    for i in 0..n {
        prefix[i + 1] = prefix[i] + rates[i];
    }
    let mut best: Option<(f64, usize, f64, f64)> = None;
    for k in 2..n.saturating_sub(1) {
        let before = prefix[k] / k as f64;
        let end = (k + look).min(n);
        let after = (prefix[end] - prefix[k]) / (end - k) as f64;
        if after < 3.0 * before.max(0.5) || after - before < 3.0 {
            continue;
        }
        let gain = after - before;
        if best.is_none_or(|(g, ..)| gain > g) {
            best = Some((gain, k, before, after));
        }
    }
    let (_, mut k, before, after) = best?;
    // The burst starts where the rate first rose well above the rate before it.
    let rising = before + (after - before) * 0.25;
    while k > 1 && rates[k - 1] >= rising {
        k -= 1;
    }
    Some(Onset {
        at: Timestamp::from_unix_seconds(buckets[k].0),
        rate_before: before,
        rate_after: after,
        bucket_seconds: width,
    })
}

/// How long after the jump in the error rate counts as at it, and the most before it that
/// does.
const NEAR_ONSET_MICROS: i64 = 30_000_000;
/// Buckets before the jump that count as at it (up to [`NEAR_ONSET_MICROS`]).
const NEAR_ONSET_BUCKETS: i64 = 5;

/// Candidates first seen where the error rate jumped are suspects; the earliest of them most;
/// those seen well before it were there already.
fn onset_signal(cands: &mut [Cand], o: Onset) {
    let w = o.bucket_seconds * 1_000_000;
    // A few buckets before it, up to half a minute: in a short log a bucket is a second or
    // two, and a disk that filled three seconds before the storm is no error "seen well
    // before" it. Not more: in a dense log a minute and a half long, an error 24 seconds
    // before the jump was there before it.
    let from = o.at.0 - w.max((NEAR_ONSET_BUCKETS * w).min(NEAR_ONSET_MICROS));
    let to = o.at.0 + (2 * w).max(NEAR_ONSET_MICROS);
    let mut near: Vec<usize> = Vec::new();
    for (i, c) in cands.iter_mut().enumerate() {
        let Some(t) = c.ranked.first.timestamp else {
            continue;
        };
        if t.0 >= from && t.0 < to {
            near.push(i);
        } else if t.0 < from && c.ranked.last.timestamp.is_some_and(|l| l.0 >= o.at.0) {
            c.add(
                weight::BEFORE_ONSET,
                String::from("already present before the error rate jumped"),
            );
        } else if t.0 < from {
            c.add(
                weight::ONLY_BEFORE_ONSET,
                String::from("seen only well before the error rate jumped"),
            );
        }
    }
    // A one-off error is as likely noise as a cause where several one-offs start near the
    // jump; where it is one of very few, it is the classic trigger (the store that vanished
    // one second before every request failed).
    let is_single = |r: &Ranked| r.kind == "cluster" && r.count < 3;
    let singles = near
        .iter()
        .filter(|&&i| is_single(&cands[i].ranked))
        .count();
    let lone = |r: &Ranked| singles <= LONE_SINGLES && is_single(r) && r.severity >= Severity::High;
    let first = near
        .iter()
        .copied()
        .filter(|&i| sustained_or_grave(&cands[i].ranked) || lone(&cands[i].ranked))
        .min_by_key(|&i| {
            let f = &cands[i].ranked.first;
            (f.timestamp, f.source, f.line)
        });
    for i in near {
        let at = o.at.to_rfc3339();
        let c = &mut cands[i];
        c.ranked.at_onset = true;
        // A message seen once among many unknown ones is as likely noise as a cause, and so
        // is one that came well after the jump began.
        let single = is_single(&c.ranked) && !lone(&c.ranked);
        let late = c
            .ranked
            .first
            .timestamp
            .is_some_and(|t| t.0 >= o.at.0 + 2 * w);
        c.add(
            if single || late {
                weight::AT_ONSET / 2.0
            } else {
                weight::AT_ONSET
            },
            format!(
                "first seen where the problem rate jumped ({:.0} to {:.0} per {} s, at {at})",
                o.rate_before, o.rate_after, o.bucket_seconds
            ),
        );
        if Some(i) == first {
            c.add(
                weight::FIRST_AT_ONSET,
                String::from("the first new problem of the burst"),
            );
        }
    }
}

/// Whether a candidate can have started a burst: it keeps recurring, or it is a grave known
/// cause that happens once (an OOM kill). A one-off among the many messages of a busy log is
/// as likely background noise that happened to land there.
fn sustained_or_grave(r: &Ranked) -> bool {
    match r.kind {
        "pattern" => r.count >= 3 || (r.severity == Severity::Critical && r.role == Role::Cause),
        _ => r.count >= 10,
    }
}

/// A pattern whose known cause was found too is demoted below it. The cause must come first,
/// and where the error rate jumped it must be part of the jump: a cause that was there all
/// along did not start this.
fn symptom_signal(cands: &mut [Cand], with_onset: bool) {
    let firsts: HashMap<String, (Pos, bool)> = cands
        .iter()
        .filter(|c| c.ranked.kind == "pattern")
        .map(|c| (c.ranked.id.clone(), (c.ranked.first, c.ranked.at_onset)))
        .collect();
    for c in cands.iter_mut() {
        let names: Vec<String> = c
            .ranked
            .related
            .iter()
            .filter(|(_, rel, _)| *rel == "cause")
            .filter(|(id, ..)| {
                firsts.get(id).is_some_and(|(first, at_onset)| {
                    !before(&c.ranked.first, first) && (!with_onset || *at_onset)
                })
            })
            .map(|(id, ..)| format!("'{id}'"))
            .collect();
        if !names.is_empty() {
            c.add(
                weight::IS_SYMPTOM,
                format!("usually a symptom of {}, found before it", names.join(", ")),
            );
        }
    }
}

/// The failed steps of a CI log as candidates, and every other candidate placed against them.
fn ci_signals(summary: &Summary, cands: &mut Vec<Cand>) {
    let failures = &summary.ci.failures;
    let mut blocks: Vec<(u32, u64, u64)> = Vec::new();
    let mut window: std::collections::HashSet<(u32, u64)> = std::collections::HashSet::new();
    let mut last_lines: std::collections::HashSet<(u32, u64)> = std::collections::HashSet::new();
    let last_index = failures.len().checked_sub(1);
    // The step candidates so far: their index in `cands`, and their failure.
    let mut steps: Vec<(usize, &Failure)> = Vec::new();
    for (i, f) in failures.iter().enumerate() {
        let last = Some(i) == last_index;
        let Some(mut c) = step_candidate(f, last) else {
            continue;
        };
        note_block(f, f.marker.pos.line, &mut blocks, &mut window);
        last_lines.extend(f.lines.iter().map(|l| (l.pos.source, l.pos.line)));
        // A step that failed of the same errors as an earlier one repeats it (Travis runs every
        // script command even after one failed, and a test target builds again what the build
        // target could not): the error is one cause, shown where it first appeared. The same
        // top line alone is not enough: two linters' steps end with the same summary line.
        let best = &c.ranked.evidence[0];
        let earlier = steps
            .iter()
            .find(|(k, e)| cands[*k].ranked.evidence[0].text == best.text && repeats(f, e))
            .map(|&(k, _)| k);
        if let Some(k) = earlier {
            let first = &mut cands[k];
            first.ranked.count += 1;
            first.ranked.last = c.ranked.last;
            if first.ranked.evidence.len() < EVIDENCE_MAX {
                first.ranked.evidence.push(best.clone());
            }
            if last {
                first.add(
                    weight::FAILED_STEP_LAST - weight::FAILED_STEP_EARLIER,
                    format!(
                        "the job's last failed step ended with the same error (line {})",
                        best.pos.line
                    ),
                );
            }
            continue;
        }
        c.ranked.id = format!("ci.failed-step:{}", i + 1);
        steps.push((cands.len(), f));
        cands.push(c);
    }
    if failures.is_empty() {
        // No runner marker: a CI log ends where the job died.
        let Some(end) = summary.ci.tail.back() else {
            return;
        };
        let mut tail = Failure::new(
            end.clone(),
            summary.ci.tail.iter().cloned().collect(),
            summary.ci.tail_errors.iter().cloned().collect(),
        );
        tail.from = summary.ci.step_from();
        if let Some(mut c) = block_candidate(&tail, None) {
            note_block(&tail, 0, &mut blocks, &mut window);
            last_lines.extend(tail.lines.iter().map(|l| (l.pos.source, l.pos.line)));
            c.add(
                weight::LOG_END,
                String::from("the last error output before the log ends"),
            );
            c.ranked.id = String::from("ci.log-end");
            cands.push(c);
        }
    }
    if blocks.is_empty() {
        return;
    }
    for c in cands.iter_mut().filter(|c| c.ranked.kind != "ci-step") {
        let inside = c.ranked.evidence.iter().any(|e| {
            blocks
                .iter()
                .any(|&(s, a, b)| e.pos.source == s && e.pos.line >= a && e.pos.line < b)
        });
        // A known failure among the step's last lines is near it even when the CI reading
        // gave its line no weight (awesome_bot's `Issues :-(` heads the list of broken links).
        let known = c.ranked.kind == "pattern" && c.ranked.role != Role::Symptom;
        let near = c.ranked.evidence.iter().any(|e| {
            let at = (e.pos.source, e.pos.line);
            window.contains(&at) || known && last_lines.contains(&at)
        });
        // A compiler's error anywhere in the step failed it: the step's last error lines are
        // often the errors of a later module or of a second pass (sbt compiles modules side
        // by side; the first error is the one to fix, and the later ones often follow from it).
        let compile_error = c.ranked.kind == "build-error" && c.ranked.category == "build";
        if near {
            c.add(
                weight::NEAR_FAILURE,
                String::from("among the last error lines before the step failed"),
            );
        } else if inside && compile_error {
            c.add(
                weight::NEAR_FAILURE,
                String::from("a compile error of the step that failed"),
            );
        } else if inside && c.ranked.kind == "test-failure" {
            // A test suite runs on after a failed test: a test that failed early in the step
            // is as near its failure as the last one, and is read first.
            c.add(
                weight::NEAR_FAILURE,
                String::from("a failing test of the step that failed"),
            );
        } else if inside {
            c.add(
                weight::IN_FAILED_STEP,
                String::from("in the output of the step that failed"),
            );
        } else {
            c.add(
                weight::OUTSIDE_FAILED_STEP,
                String::from("not in the output of a failed step"),
            );
        }
    }
}

/// Whether failure `later` printed the same error lines as `earlier`: every error-looking
/// line of its own also among the earlier one's.
fn repeats(later: &Failure, earlier: &Failure) -> bool {
    fn errors(f: &Failure) -> Vec<&[u8]> {
        f.errors
            .iter()
            .chain(&f.lines)
            .filter(|l| l.weight >= 3)
            .map(|l| l.text.as_slice())
            .collect()
    }
    let before = errors(earlier);
    let own = errors(later);
    !own.is_empty() && own.iter().all(|t| before.contains(t))
}

/// Notes a failure's block (from its first kept line, or `fallback_from`, to its marker) and
/// its weighted lines, so that other candidates inside it can be recognised.
fn note_block(
    f: &Failure,
    fallback_from: u64,
    blocks: &mut Vec<(u32, u64, u64)>,
    window: &mut std::collections::HashSet<(u32, u64)>,
) {
    let from = f.lines.first().map_or(fallback_from, |l| l.pos.line);
    let from = f.errors.first().map_or(from, |l| l.pos.line.min(from));
    // The whole step, where the runner said where it began; its windows keep only its end.
    let from = f.from.map_or(from, |start| start.min(from));
    blocks.push((f.marker.pos.source, from, f.marker.pos.line));
    window.extend(
        f.lines
            .iter()
            .chain(&f.errors)
            .filter(|l| l.weight > 0)
            .map(|l| (l.pos.source, l.pos.line)),
    );
}

/// Lines of other output after which an error-looking line starts a new burst.
const BURST_GAP: u64 = 100;

/// The first of the heaviest lines of `lines` (in input order) that is not followed, more than
/// [`BURST_GAP`] lines later, by another of the same weight: the heaviest lines are taken in
/// bursts, and the last burst's first line is the one. Failure marks (a failed test, a
/// compiler's error) are the exception: a test suite runs on after each failed test, and the
/// first failure is the one to read first.
fn last_burst_first<'l>(lines: &[&'l CiLine]) -> Option<&'l CiLine> {
    let top = lines.iter().map(|l| l.weight).max()?;
    if top >= crate::summary::ci::FAILURE_MARK {
        return lines.iter().copied().find(|l| l.weight == top);
    }
    let mut best: Option<&CiLine> = None;
    let mut prev: Option<&CiLine> = None;
    for &l in lines.iter().filter(|l| l.weight == top) {
        let apart = prev.is_none_or(|p| {
            p.pos.source != l.pos.source || l.pos.line.saturating_sub(p.pos.line) > BURST_GAP
        });
        if apart {
            best = Some(l);
        }
        prev = Some(l);
    }
    best
}

/// The lines of `lines` (in input order) after `best` in its burst: up to the first that
/// follows the one before it by more than [`BURST_GAP`] lines.
fn burst_after<'l>(lines: &[&'l CiLine], best: &CiLine) -> Vec<&'l CiLine> {
    let mut out = Vec::new();
    let mut prev = best.pos;
    for &l in lines {
        if l.pos.source != best.pos.source || l.pos.line <= best.pos.line {
            continue;
        }
        if l.pos.line - prev.line > BURST_GAP {
            break;
        }
        prev = l.pos;
        out.push(l);
    }
    out
}

fn step_candidate(f: &Failure, last: bool) -> Option<Cand> {
    let mut c = block_candidate(f, Some(&f.marker))?;
    let marker = f.marker_words();
    if last {
        c.add(
            weight::FAILED_STEP_LAST,
            format!("the job failed here: {}", one_line(&marker, 100)),
        );
    } else {
        c.add(
            weight::FAILED_STEP_EARLIER,
            format!("an earlier step failed: {}", one_line(&marker, 100)),
        );
    }
    Some(c)
}

/// A cause from the lines before a failure marker: the line that best says what went wrong
/// first, then the other telling lines of the block.
fn block_candidate(f: &Failure, marker: Option<&CiLine>) -> Option<Cand> {
    let markers: Vec<&CiLine> = marker
        .map(|m| f.command.iter().chain([m]).collect())
        .unwrap_or_default();
    let mut all: Vec<&CiLine> = f.errors.iter().chain(f.lines.iter()).collect();
    all.sort_by_key(|l| (l.pos.source, l.pos.line));
    all.dedup_by_key(|l| (l.pos.source, l.pos.line));
    let positive: Vec<&CiLine> = all.iter().copied().filter(|l| l.weight > 0).collect();
    // The best line: the heaviest; among equals the first of the last burst (the first error
    // of a burst is the one the others follow from, and an error the step ran on long after
    // is not what it died of).
    let best = last_burst_first(&positive)
        .or_else(|| {
            // Nothing looks like an error: the last output line before the marker says most,
            // unless a tool's closing words follow its report that something failed (yarn's
            // `error Command failed …` then `info Visit … for documentation`): then the last
            // one before that report.
            let report = all.iter().rposition(|l| l.weight < 0).map(|end| {
                all[..end]
                    .iter()
                    .rposition(|l| l.weight >= 0)
                    .map_or(0, |i| i + 1)
            });
            report
                .and_then(|r| all[..r].iter().copied().rev().find(|l| l.weight == 0))
                .or_else(|| all.iter().copied().rev().find(|l| l.weight == 0))
                .or(all.last().copied())
        })
        .or(marker)?;
    let mut evidence = vec![Evidence {
        pos: best.pos,
        text: best.text.as_slice().into(),
    }];
    // Then the heaviest line that follows it in its burst (what the failure printed about
    // itself), the block's first error line, the heaviest others, and the last line before the
    // marker that is not a wrapper; a line the same as one shown is not shown again.
    let mut others: Vec<&CiLine> = burst_after(&positive, best)
        .into_iter()
        .filter(|l| l.text != best.text)
        .max_by_key(|l| (l.weight, std::cmp::Reverse(l.pos.line)))
        .into_iter()
        .collect();
    if let Some(first) = positive.iter().find(|l| l.weight >= 4) {
        others.push(first);
    }
    let mut heavy: Vec<&CiLine> = positive.clone();
    heavy.sort_by(|a, b| b.weight.cmp(&a.weight).then(a.pos.line.cmp(&b.pos.line)));
    others.extend(heavy);
    if let Some(l) = all.iter().rev().find(|l| l.weight >= 0) {
        others.push(l);
    }
    for l in others {
        if evidence.len() >= EVIDENCE_MAX - markers.len() {
            break;
        }
        if evidence
            .iter()
            .all(|e| e.pos.line != l.pos.line && *e.text != *l.text)
        {
            evidence.push(Evidence {
                pos: l.pos,
                text: l.text.as_slice().into(),
            });
        }
    }
    // The runner's marker names the step that failed: its line, or the first and last of its
    // lines, each as it stands.
    for m in &markers {
        evidence.push(Evidence {
            pos: m.pos,
            text: m.text.as_slice().into(),
        });
    }
    let title = String::from_utf8_lossy(&best.text).into_owned();
    let at = marker.map(|m| m.pos).unwrap_or(best.pos);
    let mut c = Cand {
        ranked: Ranked {
            kind: "ci-step",
            id: String::from("ci.failed-step"),
            title: one_line(&title, 120),
            category: String::from("ci"),
            severity: Severity::High,
            role: Role::Cause,
            count: 1,
            first: best.pos,
            last: at,
            evidence,
            fields: Vec::new(),
            explanation: match marker {
                Some(_) => format!(
                    "The CI step that failed ({}) printed this before it ended.",
                    one_line(&f.marker_words(), 100)
                ),
                None => String::from("The job's output ends with this error."),
            },
            remediation: vec![String::from(
                "Read the evidence lines in the log; reproduce the failing step locally.",
            )],
            why: Vec::new(),
            related: Vec::new(),
            logit: weight::BASE,
            score: 0.0,
            confidence: Confidence::Low,
            at_onset: false,
        },
    };
    if best.weight > 0 {
        c.add(
            weight::PER_LINE_WEIGHT * f64::from(best.weight - 4),
            format!("its line reads like an error (weight {})", best.weight),
        );
    } else {
        c.add(
            -1.0,
            String::from("no line before the marker reads like an error"),
        );
    }
    Some(c)
}
