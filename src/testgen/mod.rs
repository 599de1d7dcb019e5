//! Deterministic generator of production-like logs, for benchmarks and ranking tests.
//!
//! This module owns synthetic log output: a catalogue of ~30 programs writing 16 layouts
//! (syslog, journalctl, RFC 5424, zap/logrus/pino/bunyan/ECS JSON, logfmt, access and error logs
//! of nginx, klog, log4j/logback with Java stack traces, Python with tracebacks, Go and Rust
//! panics, GitHub Actions), levels in realistic proportions, occasional bursts, and optional
//! incident [`Scenario`]s whose cause lines are reported as ground truth. It must not read
//! logs or depend on the analysis modules beyond `record::Level`.
//!
//! Output is a pure function of the [`Config`]: same config, same bytes, on every platform
//! (the RNG is in-tree SplitMix64, the clock is synthetic). It streams to any `io::Write`
//! through one reusable buffer, so memory stays flat whatever the size.
//!
//! ```no_run
//! use culprit::testgen::{generate, Config, Layout, Scenario};
//! let mut cfg = Config::new(64 << 20, 7);
//! cfg.layout = Layout::Mix;
//! cfg.scenario = Some(Scenario::Oom);
//! let file = std::fs::File::create("big.log")?;
//! let summary = generate(&cfg, file)?;
//! let truth = summary.truth.expect("a scenario was asked for");
//! println!("cause on line {}", truth.cause_line);
//! # Ok::<(), std::io::Error>(())
//! ```

mod catalog;
mod emit;
mod format;
mod render;
mod rng;
mod scenario;
mod template;

use std::collections::VecDeque;
use std::io::{self, Write};

use memchr::memchr_iter;
use memchr::memmem;
use serde::Serialize;

pub use format::Format;
pub use scenario::Scenario;

use catalog::{service_index, Service, SERVICES};
use emit::Clock;
use render::{CBody, Compiled, Writer};
use rng::Rng;
use scenario::{Role, Step, SYMPTOM_EVENTS, SYMPTOM_SHARE};
use template::Message;

use crate::record::Level;

/// Which layouts a file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Every program in its own layout, interleaved: a stress file for detection.
    Mix,
    /// One layout, written by the programs that use it (one source file = one format).
    Single(Format),
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::Mix => "mix",
            Layout::Single(f) => f.name(),
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub seed: u64,
    /// Upper bound on the output in bytes; generation stops at the last whole event that fits
    /// (at most one event, a few KiB at worst, below it).
    pub size: u64,
    pub layout: Layout,
    pub scenario: Option<Scenario>,
    /// Where the incident's cause is written, as a fraction of `size` (0.0 ..= 1.0).
    pub incident_at: f64,
    /// Unix seconds of the first line.
    pub start: i64,
}

/// 2026-11-26T08:00:00Z: a fixed start keeps output independent of when it is generated.
pub const DEFAULT_START: i64 = 1_795_680_000;

impl Config {
    /// `size` bytes of syslog, no incident, starting at [`DEFAULT_START`].
    pub fn new(size: u64, seed: u64) -> Config {
        Config {
            seed,
            size,
            layout: Layout::Single(Format::Syslog),
            scenario: None,
            incident_at: 0.6,
            start: DEFAULT_START,
        }
    }

    fn validate(&self) -> io::Result<()> {
        let bad = |msg: String| Err(io::Error::new(io::ErrorKind::InvalidInput, msg));
        if !(0.0..=1.0).contains(&self.incident_at) {
            return bad(format!(
                "incident position {} is not between 0 and 1",
                self.incident_at
            ));
        }
        if let (Some(s), Layout::Single(f)) = (self.scenario, self.layout) {
            if !f.carries_incidents() {
                return bad(format!(
                    "scenario {s} needs messages from several programs; format {f} cannot carry them (use --mix or a syslog, JSON, logfmt or application layout)"
                ));
            }
        }
        Ok(())
    }
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub bytes: u64,
    pub lines: u64,
    /// Events (a stack trace with its message is one event).
    pub events: u64,
    /// Events per level, indexed like `Level::ALL`.
    pub by_level: [u64; 7],
    pub truth: Option<GroundTruth>,
}

/// Where an injected incident's cause is, for scoring a ranking. Line numbers are 1-based and
/// count `\n` like `wc -l` (DESIGN §2.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroundTruth {
    pub schema: &'static str,
    pub scenario: &'static str,
    pub seed: u64,
    pub layout: &'static str,
    /// Pattern id a ranker is expected to name.
    pub cause_id: &'static str,
    /// Literal found on every cause line.
    pub cause_text: &'static str,
    /// The first line of the cause: the answer a ranking should put first.
    pub cause_line: u64,
    /// Every line written as cause evidence (repeats by other programs included), ascending.
    pub cause_lines: Vec<u64>,
    pub first_symptom_line: Option<u64>,
    pub last_symptom_line: Option<u64>,
    /// Symptom events written (each may span several lines).
    pub symptom_events: u64,
}

impl GroundTruth {
    /// One line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain data serialises")
    }
}

/// Parses a size such as `1G`, `300M`, `64K`, `1.5G`, `2GiB` or `4096`. Multiples are binary
/// (`1K` = 1024): a "1G" file is what `ls -lh` shows as 1.0G.
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let s = s.strip_suffix(['b', 'B']).unwrap_or(s);
    let s = s.strip_suffix(['i', 'I']).unwrap_or(s);
    let (num, mult) = match s.char_indices().last()? {
        (i, 'k' | 'K') => (&s[..i], 1u64 << 10),
        (i, 'm' | 'M') => (&s[..i], 1 << 20),
        (i, 'g' | 'G') => (&s[..i], 1 << 30),
        (i, 't' | 'T') => (&s[..i], 1 << 40),
        _ => (s, 1),
    };
    if let Ok(n) = num.parse::<u64>() {
        return n.checked_mul(mult);
    }
    let f: f64 = num.parse().ok()?;
    (f.is_finite() && f >= 0.0).then_some((f * mult as f64) as u64)
}

/// Writes `config.size` bytes (at most) of logs to `out`.
pub fn generate<W: Write>(config: &Config, out: W) -> io::Result<Summary> {
    config.validate()?;
    Gen::new(config, out).run()
}

/// Shares of levels in the background, per mille: ~85% info+debug, 7% warn, 3% error.
const LEVEL_PER_MILLE: [u64; 7] = [20, 160, 690, 29, 70, 30, 1];
/// Mean gap between events in microseconds (~250 events a second, ~8 h per GiB).
const MEAN_GAP_MICROS: u64 = 4000;
/// Chance per background event that a burst starts (about one per 6 MiB).
const BURST_PER_MILLION: u64 = 25;
const FLUSH_AT: usize = 1 << 20;

/// Weighted choice among compiled entries.
#[derive(Debug, Default)]
struct Table {
    cum: Vec<u64>,
    items: Vec<usize>,
}

impl Table {
    fn push(&mut self, item: usize, weight: u64) {
        if weight == 0 {
            return;
        }
        let total = self.cum.last().copied().unwrap_or(0) + weight;
        self.cum.push(total);
        self.items.push(item);
    }

    fn pick(&self, rng: &mut Rng) -> usize {
        let x = rng.below(*self.cum.last().expect("non-empty table"));
        self.items[self.cum.partition_point(|&c| c <= x)]
    }

    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

struct Incident {
    scenario: Scenario,
    /// (byte position, entry, role), in order.
    queue: VecDeque<(u64, usize, Role)>,
    symptoms: Table,
    /// Role of each symptom-table entry, by entry index.
    symptom_roles: Vec<(usize, Role)>,
    symptoms_left: u32,
    started: bool,
    cause_lines: Vec<u64>,
    first_symptom: Option<u64>,
    last_symptom: Option<u64>,
    symptom_events: u64,
}

struct Gen<'c, W: Write> {
    cfg: &'c Config,
    out: W,
    w: Writer,
    entries: Vec<Compiled>,
    /// Background choice per level (index into `tables`, after fallbacks).
    level_table: [usize; 7],
    tables: Vec<Table>,
    /// Warn and error entries a burst can repeat.
    burst_table: Table,
    burst: Option<(usize, u32)>,
    pids: Vec<u32>,
    incident: Option<Incident>,
    flushed: u64,
    /// Newlines in the flushed output and in `w.buf[..counted]`. Counted lazily, a block at a
    /// time: counting per event costs more than generating it.
    lines: u64,
    counted: usize,
    events: u64,
    by_level: [u64; 7],
}

fn level_index(l: Level) -> usize {
    Level::ALL
        .iter()
        .position(|&x| x == l)
        .expect("every level is in ALL")
}

fn compile(svc: usize, e: &catalog::Entry) -> Compiled {
    Compiled {
        svc,
        level: e.level,
        msg: Message::compile(e.text),
        origin: e.origin,
        host: "",
        body: CBody::compile(&e.body),
    }
}

impl<'c, W: Write> Gen<'c, W> {
    fn new(cfg: &'c Config, out: W) -> Self {
        let mut rng = Rng::new(cfg.seed);
        let pids: Vec<u32> = SERVICES
            .iter()
            .map(|s| match s.name {
                "kernel" => 0,
                "systemd" => 1,
                _ => rng.range(300, 60_000) as u32,
            })
            .collect();
        let boot_secs = cfg.start - rng.range(86_400, 40 * 86_400) as i64;
        let clock = Clock::new(cfg.start * 1_000_000 + rng.below(1_000_000) as i64);

        let mut entries = Vec::new();
        let mut tables: Vec<Table> = (0..7).map(|_| Table::default()).collect();
        let mut burst_table = Table::default();
        for (si, s) in SERVICES.iter().enumerate() {
            let in_pool = match cfg.layout {
                Layout::Mix => true,
                Layout::Single(f) => f.accepts(s.kind),
            };
            let total: u64 = s.entries.iter().map(|e| e.weight as u64).sum();
            for e in s.entries {
                let idx = entries.len();
                entries.push(compile(si, e));
                if in_pool {
                    // A program's volume is split over its entries by their weights.
                    let w = e.weight as u64 * s.volume as u64 * 1_000_000 / total.max(1);
                    tables[level_index(e.level)].push(idx, w);
                    if e.level >= Level::Warn
                        && !matches!(
                            e.body,
                            catalog::Body::GoPanic(_) | catalog::Body::RustPanic { .. }
                        )
                    {
                        burst_table.push(idx, 1);
                    }
                }
            }
        }
        // A pool without some level borrows the nearest one (access logs have no debug).
        const FALLBACK: [&[usize]; 7] = [
            &[0, 1, 2],
            &[1, 2],
            &[2, 3, 1],
            &[3, 2],
            &[4, 5, 2],
            &[5, 4, 6, 2],
            &[6, 5, 4, 2],
        ];
        let level_table = std::array::from_fn(|l| {
            *FALLBACK[l]
                .iter()
                .find(|&&t| !tables[t].is_empty())
                .unwrap_or(&2)
        });

        let mut w = Writer::new(rng, clock, boot_secs);
        let incident = cfg.scenario.map(|sc| {
            let script = sc.script();
            let victim = service_index(script.victim.0, script.victim.1)
                .expect("scenario victims are in the catalogue");
            w.victim_pid = pids[victim];
            let trigger = (cfg.size as f64 * cfg.incident_at) as u64;
            let add = |steps: &[Step], entries: &mut Vec<Compiled>| -> Vec<(usize, Role, u32)> {
                steps
                    .iter()
                    .map(|st| {
                        let si = service_index(st.service, st.kind)
                            .expect("scenario programs are in the catalogue");
                        let mut c = compile(si, &st.entry);
                        c.host = st.host;
                        entries.push(c);
                        (entries.len() - 1, st.role, st.entry.weight)
                    })
                    .collect()
            };
            let pre = add(script.precursors, &mut entries);
            let cause = add(script.cause, &mut entries);
            let after = add(script.aftermath, &mut entries);
            let symptoms = add(script.symptoms, &mut entries);
            // Precursors lead up to the trigger, spaced by up to 1% of the file each.
            let gap = (trigger / 100).clamp(1, 256 << 10);
            let mut queue = VecDeque::new();
            for (i, &(idx, role, _)) in pre.iter().enumerate() {
                let back = (pre.len() - i) as u64 * gap;
                queue.push_back((trigger.saturating_sub(back), idx, role));
            }
            for &(idx, role, _) in cause.iter().chain(&after) {
                queue.push_back((trigger, idx, role));
            }
            let mut table = Table::default();
            for &(idx, _, weight) in &symptoms {
                table.push(idx, weight as u64);
            }
            Incident {
                scenario: sc,
                queue,
                symptoms: table,
                symptom_roles: symptoms.iter().map(|&(i, r, _)| (i, r)).collect(),
                symptoms_left: SYMPTOM_EVENTS,
                started: false,
                cause_lines: Vec::new(),
                first_symptom: None,
                last_symptom: None,
                symptom_events: 0,
            }
        });

        Gen {
            cfg,
            out,
            w,
            entries,
            level_table,
            tables,
            burst_table,
            burst: None,
            pids,
            incident,
            flushed: 0,
            lines: 0,
            counted: 0,
            events: 0,
            by_level: [0; 7],
        }
    }

    /// The next event: an incident line when one is due, else background.
    fn next(&mut self, pos: u64) -> (usize, Role) {
        if let Some(inc) = &mut self.incident {
            if let Some(&(at, idx, role)) = inc.queue.front() {
                if pos >= at {
                    inc.queue.pop_front();
                    if role == Role::Cause {
                        inc.started = true;
                    }
                    return (idx, role);
                }
            } else if inc.symptoms_left > 0 && self.w.rng.chance(SYMPTOM_SHARE) {
                inc.symptoms_left -= 1;
                let idx = inc.symptoms.pick(&mut self.w.rng);
                let role = inc
                    .symptom_roles
                    .iter()
                    .find(|r| r.0 == idx)
                    .map_or(Role::Symptom, |r| r.1);
                return (idx, role);
            }
        }
        let rng = &mut self.w.rng;
        if let Some((idx, left)) = &mut self.burst {
            if rng.chance(500_000) {
                let idx = *idx;
                *left -= 1;
                if *left == 0 {
                    self.burst = None;
                }
                return (idx, Role::Context);
            }
        } else if !self.burst_table.is_empty() && rng.chance(BURST_PER_MILLION) {
            let idx = self.burst_table.pick(rng);
            self.burst = Some((idx, rng.range(30, 600) as u32));
        }
        let mut x = rng.below(1000);
        let mut level = 0;
        while x >= LEVEL_PER_MILLE[level] {
            x -= LEVEL_PER_MILLE[level];
            level += 1;
        }
        (
            self.tables[self.level_table[level]].pick(rng),
            Role::Context,
        )
    }

    /// The 1-based line number of buffer position `pos` (at or after `counted`).
    fn line_at(&mut self, pos: usize) -> u64 {
        self.lines += memchr_iter(b'\n', &self.w.buf[self.counted..pos]).count() as u64;
        self.counted = pos;
        self.lines + 1
    }

    fn flush_buf(&mut self) -> io::Result<()> {
        self.line_at(self.w.buf.len());
        self.out.write_all(&self.w.buf)?;
        self.flushed += self.w.buf.len() as u64;
        self.w.buf.clear();
        self.counted = 0;
        Ok(())
    }

    fn run(mut self) -> io::Result<Summary> {
        let size = self.cfg.size;
        loop {
            let pos = self.flushed + self.w.buf.len() as u64;
            let (idx, role) = self.next(pos);
            let e = &self.entries[idx];
            let svc: &Service = &SERVICES[e.svc];
            let fmt = match self.cfg.layout {
                Layout::Mix => svc.native,
                Layout::Single(f) => f,
            };
            let gap = self.w.rng.below(2 * MEAN_GAP_MICROS);
            self.w.clock.advance(gap);
            if role == Role::Cause && self.w.not_after == 0 {
                // The certificate ran out on the last full minute before the first failure.
                self.w.not_after = (self.w.clock.secs() - 1).div_euclid(60) * 60;
            }
            let start = self.w.buf.len();
            self.w.render(fmt, svc, self.pids[e.svc], e);
            if self.flushed + self.w.buf.len() as u64 > size {
                self.w.buf.truncate(start);
                break;
            }
            self.events += 1;
            self.by_level[level_index(e.level)] += 1;
            if let Some(inc) = &self.incident {
                match role {
                    Role::Cause => {
                        let text = inc.scenario.cause_text().as_bytes();
                        let at = memmem::find(&self.w.buf[start..], text).unwrap_or(0);
                        let line = self.line_at(start + at);
                        self.incident
                            .as_mut()
                            .expect("checked")
                            .cause_lines
                            .push(line);
                    }
                    Role::Symptom if inc.started => {
                        let line = self.line_at(start);
                        let inc = self.incident.as_mut().expect("checked");
                        inc.first_symptom.get_or_insert(line);
                        inc.last_symptom = Some(line);
                        inc.symptom_events += 1;
                    }
                    _ => {}
                }
            }
            if self.w.buf.len() >= FLUSH_AT {
                self.flush_buf()?;
            }
        }
        self.flush_buf()?;
        self.out.flush()?;
        let truth = self.incident.as_ref().and_then(|inc| {
            let cause_line = *inc.cause_lines.first()?;
            Some(GroundTruth {
                schema: "culprit.testgen.truth/v1",
                scenario: inc.scenario.name(),
                seed: self.cfg.seed,
                layout: self.cfg.layout.name(),
                cause_id: inc.scenario.cause_id(),
                cause_text: inc.scenario.cause_text(),
                cause_line,
                cause_lines: inc.cause_lines.clone(),
                first_symptom_line: inc.first_symptom,
                last_symptom_line: inc.last_symptom,
                symptom_events: inc.symptom_events,
            })
        });
        Ok(Summary {
            bytes: self.flushed,
            lines: self.lines,
            events: self.events,
            by_level: self.by_level,
            truth,
        })
    }
}

#[cfg(test)]
mod tests;
