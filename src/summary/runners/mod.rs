//! Failing tests, compiler errors and dependency failures, as test runners and build tools
//! print them.
//!
//! Every line is looked at once by [`lines::classify`] (a literal automaton, then the hand
//! parser of the form it found). What a line means often depends on the lines before it: a
//! panic message belongs to the test whose `---- name stdout ----` header came last, and a
//! rustc error's place is on the ` --> ` line after it. A chunk does not know what came
//! before it, so workers only collect *facts* (each telling line with its form, and the few
//! lines after a form that asks for them); the merge replays the facts in input order through
//! one [`Machine`], which puts the failures together. A chunk also keeps its first
//! [`CONTEXT`] lines as facts, in case the previous chunk's last lines asked for them; the
//! machine ignores context lines that nothing asked for. So the result is the same for every
//! chunk size and thread count. Memory: a chunk's facts are at most its own lines (cut at
//! [`TEXT_CAP`] bytes), and the machine keeps at most [`TESTS_KEPT`] tests,
//! [`BUILDS_KEPT`] compiler errors and [`BUILDS_KEPT`] dependency failures.
//!
//! Facts cost no allocation of their own. A service's stack traces make thousands of facts
//! (every `\tat` frame and `File "…", line N` is a [`Form::Location`]), made on a worker thread
//! and nearly all dropped by the machine on the merge thread, where freeing what another
//! thread allocated is the allocator's dearest path. So a fact shares its form (an [`Arc`],
//! from the memo of classified messages in `summary`) and keeps its text in its chunk's byte
//! arena; the machine borrows both and copies only what it keeps.
//!
//! This module does not rank (`rank` turns failures into causes) or print.

pub mod lines;

use std::sync::Arc;

use crate::record::junit::TestCase;
use crate::record::Record;

use super::literals::Hits;
use super::Pos;
pub use lines::{Form, Tool, Verdict};

/// Lines kept at the start of a chunk in case the line before it asked for them: at least
/// what any form asks for (see [`asks`]).
pub const CONTEXT: u8 = if SCALAC_LINES > TASTY_OUTPUT {
    SCALAC_LINES
} else {
    TASTY_OUTPUT
};
/// Lines after a Scala compiler's error read for the rest of its message, the source line
/// and the caret under it.
const SCALAC_LINES: u8 = 12;
/// Text kept per line.
pub const TEXT_CAP: usize = 400;
/// Failing tests kept with their details; more are only counted.
pub const TESTS_KEPT: usize = 100;
/// Compiler errors (and dependency failures) kept; more are only counted.
pub const BUILDS_KEPT: usize = 50;

/// A line as it stands in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub pos: Pos,
    pub text: Box<[u8]>,
}

impl Line {
    fn of(pos: Pos, text: &[u8]) -> Line {
        Line {
            pos,
            text: text.into(),
        }
    }
}

/// A telling line, or a line a telling one asked for (`form: None`). Its text is
/// `texts[text]` of the trail that holds it ([`RunnerTrail::texts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fact {
    pos: Pos,
    text: std::ops::Range<usize>,
    form: Option<Arc<Form>>,
}

/// A fact as the machine reads it: a line with its text borrowed, made into a [`Line`] only
/// where the machine keeps it.
#[derive(Debug, Clone, Copy)]
struct Seen<'a> {
    pos: Pos,
    text: &'a [u8],
}

impl Seen<'_> {
    fn line(self) -> Line {
        Line::of(self.pos, self.text)
    }

    fn is_blank(self) -> bool {
        self.text.iter().all(u8::is_ascii_whitespace)
    }
}

/// A test that failed, with what its runner said about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedTest {
    pub tool: Tool,
    /// The most complete name the output gives (`tests/test_x.py::test_y`,
    /// `total › counts quantity`).
    pub name: String,
    /// The test file (Jest), package (Go) or binary the test belongs to, where printed.
    pub suite: Option<String>,
    /// Where the test or its failure is in the source tree.
    pub file: Option<String>,
    pub file_line: Option<u64>,
    /// The assertion or exception that failed it.
    pub message: Option<Line>,
    /// The line that goes on with a message ending in a colon (Go's
    /// `t.Errorf("…:\n%v", err)` prints `x_test.go:86: … got:` and the error on the next line).
    pub more: Option<Line>,
    /// The header of its failure report.
    pub header: Option<Line>,
    /// The line that named its file and line.
    pub location: Option<Line>,
    pub expected: Option<(String, Line)>,
    pub actual: Option<(String, Line)>,
    /// Rust's `left`/`right`: which is expected is not said.
    pub left: Option<(String, Line)>,
    pub right: Option<(String, Line)>,
    /// The runner's one-line listing of it (`FAILED tests/x.py::y - msg`).
    pub listing: Option<Line>,
    pub listed_message: Option<String>,
    /// The lines of its failure report: the header to its last telling line.
    pub block: Option<(u64, u64)>,
    /// Its runner said it warned, not failed (`R CMD check`'s `WARNING`): that fails a run
    /// only where warnings are made errors, and a failure beside it comes first.
    pub warning: bool,
    /// What its runner printed to rerun just it (tasty's `-p` argument, quoted as printed).
    pub rerun: Option<String>,
}

impl FailedTest {
    fn new(tool: Tool, name: String) -> FailedTest {
        FailedTest {
            tool,
            name,
            suite: None,
            file: None,
            file_line: None,
            message: None,
            more: None,
            header: None,
            location: None,
            expected: None,
            actual: None,
            left: None,
            right: None,
            listing: None,
            listed_message: None,
            block: None,
            warning: false,
            rerun: None,
        }
    }

    /// The source this test was reported in.
    pub fn source(&self) -> u32 {
        self.message
            .as_ref()
            .or(self.header.as_ref())
            .or(self.listing.as_ref())
            .map_or(0, |l| l.pos.source)
    }

    /// The assertion message, in the runner's words.
    pub fn message_text(&self) -> Option<String> {
        self.message
            .as_ref()
            .map(|l| {
                let text = match &self.more {
                    Some(m) => format!("{} {}", clean(&l.text), clean(&m.text)),
                    None => clean(&l.text),
                };
                // xcpretty's `testX, XCTAssertTrue failed`: the name is the test's own.
                let method = self.name.rsplit('.').next().unwrap_or(&self.name);
                match text.strip_prefix(method).and_then(|r| r.strip_prefix(", ")) {
                    Some(m) if self.tool == Tool::Xctest => m.to_string(),
                    _ if self.tool == Tool::Pester => {
                        lines::pester_inline(&text).map_or(text.clone(), str::to_string)
                    }
                    _ => text,
                }
            })
            .or_else(|| self.listed_message.clone())
    }

    /// Fills what `other` knows and `self` does not.
    fn merge(&mut self, other: FailedTest) {
        if other.name.len() > self.name.len() {
            self.name = other.name;
        }
        // The tool that printed a report knows the test better than a listing's.
        if self.header.is_none() && other.header.is_some() {
            self.tool = other.tool;
        }
        macro_rules! fill {
            ($($f:ident),*) => { $( if self.$f.is_none() { self.$f = other.$f; } )* };
        }
        // A message and the line that goes on with it come together.
        if self.message.is_none() {
            self.message = other.message;
            self.more = other.more;
        }
        fill!(
            suite,
            file,
            file_line,
            header,
            location,
            expected,
            actual,
            left,
            right,
            listing,
            listed_message,
            block,
            rerun
        );
    }
}

/// A compiler error, or a dependency resolver's failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    pub tool: Tool,
    pub file: Option<String>,
    pub file_line: Option<u64>,
    pub message: String,
    pub line: Line,
    /// The line that gave its place, when another than `line` (rustc's ` --> `).
    pub location: Option<Line>,
    /// A dependency resolver's failure rather than a compiler's.
    pub dependency: bool,
}

/// What the runners and build tools of a run said went wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    pub tests: Vec<FailedTest>,
    /// Failing tests reported, including those past [`TESTS_KEPT`].
    pub tests_failed: u64,
    pub builds: Vec<BuildError>,
    pub builds_failed: u64,
}

/// A Scala compiler's error and the lines after it so far. scalac prints a message of several
/// lines (`type mismatch;`, ` found   : Int`, ` required: String`), then the source line and
/// a caret under the column; sbt and Maven put their level column before each of them. Only
/// the caret tells where the message ends, so the lines wait for it.
#[derive(Debug, Clone)]
struct Scalac {
    error: BuildError,
    /// The level column the error's line began with (`[error]`), empty for scalac alone.
    prefix: String,
    /// The lines after it, each without that column.
    lines: Vec<(u64, String)>,
}

/// The block of the test being reported.
#[derive(Debug, Clone)]
struct Block {
    test: FailedTest,
    failed: bool,
    message_weight: u8,
    last: u64,
}

/// Puts facts together, in input order.
#[derive(Debug, Clone, Default)]
struct Machine {
    source: Option<u32>,
    block: Option<Block>,
    /// A message is expected on a line up to this one (after `panicked at …:` or a Jest
    /// header), with this weight.
    expect: Option<(u64, u8)>,
    /// A numbered failure list is being printed, by this tool.
    numbered: Option<Tool>,
    /// The Jest test file being reported.
    suite: Option<String>,
    /// A rustc error waiting for its ` --> ` line, up to this line.
    rustc: Option<(BuildError, u64)>,
    /// A Scala compiler's error whose message may go on over the next lines.
    scalac: Option<Scalac>,
    /// The line that may go on with the open block's message (see [`FailedTest::more`]).
    more: Option<u64>,
    /// The failed check of `R CMD check` whose output is being printed: it is recorded when
    /// the next check starts, unless a test was named in its output (`checking tests` only
    /// wraps the failing tests it ran).
    check: Option<FailedTest>,
    /// A test was named since the check that is `check` (or the open block) began.
    check_named: bool,
    /// The open tasty test's output goes on at most to this line, while its lines are
    /// indented under the test's.
    tasty_output: Option<u64>,
    /// Go tests whose block closed with a message but without a verdict: `go test -v` prints
    /// a subtest's (or a parallel test's) `--- FAIL:` after the `=== RUN` lines of the tests
    /// that followed it. At most [`TESTS_KEPT`], the oldest dropped first.
    go_waiting: Vec<Block>,
    findings: Findings,
}

/// What the runners say of a run or of one chunk of it (see the module doc).
#[derive(Debug, Clone, Default)]
pub struct RunnerTrail {
    /// Facts not yet put together, in input order, in segments that are never grown (see
    /// [`push_fact`]): a chunk of stack frames makes thousands of facts, and growing one
    /// vector copies them all again at every doubling.
    facts: Vec<Vec<Fact>>,
    /// The texts of `facts`, one after the other (see the module doc).
    texts: Vec<u8>,
    machine: Machine,
    /// Put facts together as they are absorbed (the run's own trail).
    settle: bool,
    /// Lines still asked for by the last telling line.
    want: u8,
    /// Lines seen, up to [`CONTEXT`].
    seen: u8,
    source: Option<u32>,
}

impl RunnerTrail {
    /// The trail of a whole run: absorbed chunks are put together at once, so that only
    /// chunks in flight hold facts.
    pub fn global() -> RunnerTrail {
        RunnerTrail {
            settle: true,
            ..RunnerTrail::default()
        }
    }

    /// Reads one line of source `source`; a service's log line (a header naming its origin,
    /// or a routine level) is not a runner's output.
    pub fn add(&mut self, source: u32, line: u64, rec: &Record<'_>) {
        let mut hits = Hits::default();
        if super::ci::reads(rec) {
            hits.scan(&rec.message);
        }
        self.add_scanned(source, line, rec, &hits);
    }

    /// [`RunnerTrail::add`] with the line's literals already found (by [`Hits::scan`] of its
    /// message, or not at all if the line is not read).
    pub fn add_scanned(&mut self, source: u32, line: u64, rec: &Record<'_>, hits: &Hits) {
        if !super::ci::reads(rec) {
            return;
        }
        let form = lines::classify_hits(&rec.message, &hits.runners).map(Arc::new);
        self.add_formed(source, line, rec, form);
    }

    /// [`RunnerTrail::add`] with the form of the line's message already read
    /// ([`lines::classify_hits`] of it, which depends on the message alone; a `go test -json`
    /// line is read here instead).
    pub fn add_formed(
        &mut self,
        source: u32,
        line: u64,
        rec: &Record<'_>,
        form: Option<Arc<Form>>,
    ) {
        if !super::ci::reads(rec) {
            return;
        }
        if self.source != Some(source) {
            self.source = Some(source);
            self.seen = 0;
            self.want = 0;
        }
        let msg: &[u8] = &rec.message;
        let pos = Pos {
            source,
            line,
            end_line: line,
            timestamp: rec.timestamp,
        };
        let (form, text): (Option<Arc<Form>>, std::borrow::Cow<'_, [u8]>) =
            if msg.starts_with(b"{\"") && memchr::memmem::find(msg, b"\"Action\":\"").is_some() {
                match go_json(msg) {
                    Some((form, text)) => (
                        form.map(Arc::new),
                        std::borrow::Cow::Owned(text.into_bytes()),
                    ),
                    None => (None, std::borrow::Cow::Borrowed(msg)),
                }
            } else {
                (form, std::borrow::Cow::Borrowed(msg))
            };
        let asked = self.want > 0 || self.seen < CONTEXT;
        self.seen = self.seen.saturating_add(1).min(CONTEXT);
        self.want = self.want.saturating_sub(1);
        if let Some(f) = &form {
            self.want = self.want.max(asks(f));
        }
        if form.is_none() && !asked {
            return;
        }
        self.push(pos, super::cut_text(&text, TEXT_CAP), form);
    }

    /// Adds the fact that line `pos` reads `text` (already cut) and has form `form`.
    fn push(&mut self, pos: Pos, text: &[u8], form: Option<Arc<Form>>) {
        if self.settle {
            self.machine.feed(Seen { pos, text }, form.as_deref());
        } else {
            let start = self.texts.len();
            if self.texts.capacity() == 0 {
                self.texts.reserve(FIRST_TEXTS);
            }
            self.texts.extend_from_slice(text);
            push_fact(
                &mut self.facts,
                Fact {
                    pos,
                    text: start..self.texts.len(),
                    form,
                },
            );
        }
    }

    /// Adds a failing test case of JUnit XML report `source`: its case line is the header,
    /// its failure's message the message, and its failure's text is read like a runner's
    /// output for the place and values.
    pub fn add_test_case(&mut self, source: u32, case: &TestCase) {
        let pos = |line: u64| Pos {
            source,
            line,
            end_line: line,
            timestamp: None,
        };
        let text = |s: &str| -> Vec<u8> { super::cut_text(s.as_bytes(), TEXT_CAP).to_vec() };
        let name = case.full_name();
        self.push(
            pos(case.line),
            &text(&format!("<testcase name=\"{}\">", case.name)),
            Some(Arc::new(Form::Header {
                tool: Tool::Junit,
                name,
                failed: true,
            })),
        );
        let message = case
            .message
            .as_deref()
            .and_then(|m| m.lines().find(|l| !l.trim().is_empty()))
            .map(str::to_string)
            .or_else(|| case.error_type.clone())
            .or_else(|| {
                case.body
                    .iter()
                    .find(|(_, l)| !l.trim().is_empty())
                    .map(|(_, l)| l.clone())
            });
        if let Some(m) = message {
            self.push(
                pos(case.failure_line),
                &text(&m),
                Some(Arc::new(Form::Message {
                    text: m.clone(),
                    weight: 9,
                })),
            );
        }
        if let (Some(file), Some(line)) = (&case.file, case.file_line) {
            self.push(
                pos(case.line),
                &text(&format!("{file}:{line}")),
                Some(Arc::new(Form::Location {
                    file: file.clone(),
                    line,
                    thread: None,
                    message: None,
                    wants_message: false,
                })),
            );
        }
        for (n, l) in &case.body {
            let form = lines::classify(l.as_bytes()).filter(|f| {
                matches!(
                    f,
                    Form::Location { .. }
                        | Form::Expected(_)
                        | Form::Actual(_)
                        | Form::Left(_)
                        | Form::Right(_)
                )
            });
            if let Some(form) = form {
                self.push(pos(*n), &text(l), Some(Arc::new(form)));
            }
        }
        self.push(
            pos(case.body.last().map_or(case.failure_line, |(n, _)| *n)),
            &[],
            Some(Arc::new(Form::End)),
        );
    }

    /// Adds what `later` saw, which covers input after everything `self` covers.
    pub fn absorb(&mut self, mut later: RunnerTrail) {
        if self.settle {
            for f in later.facts.iter().flatten() {
                self.machine.feed(later.seen(f), f.form.as_deref());
            }
        } else {
            let base = self.texts.len();
            self.texts.extend_from_slice(&later.texts);
            for f in later.facts.iter_mut().flatten() {
                f.text = f.text.start + base..f.text.end + base;
            }
            self.facts.extend(later.facts);
        }
        if later.source.is_some() {
            if later.source != self.source {
                self.seen = later.seen;
                self.want = later.want;
            } else {
                self.seen = self.seen.max(later.seen);
                self.want = later.want;
            }
            self.source = later.source;
        }
    }

    /// What was found: the facts so far put together, the open reports closed.
    pub fn findings(&self) -> Findings {
        let mut m = self.machine.clone();
        for f in self.facts.iter().flatten() {
            m.feed(self.seen(f), f.form.as_deref());
        }
        m.finish();
        m.findings
    }

    /// Fact `f` of this trail with its text.
    fn seen(&self, f: &Fact) -> Seen<'_> {
        Seen {
            pos: f.pos,
            text: &self.texts[f.text.clone()],
        }
    }
}

/// Capacity of the first and of the largest segment of [`RunnerTrail::facts`].
const FIRST_SEGMENT: usize = 16;
const MAX_SEGMENT: usize = 1024;
/// Bytes reserved for a trail's first fact texts: a chunk of stack frames makes hundreds.
const FIRST_TEXTS: usize = 4096;

/// Appends `fact` to the segments `facts`: into the last segment while it has room, else into
/// a new one twice as large (up to [`MAX_SEGMENT`]), so that no fact is ever moved again.
fn push_fact(facts: &mut Vec<Vec<Fact>>, fact: Fact) {
    if let Some(last) = facts.last_mut() {
        if last.len() < last.capacity() {
            last.push(fact);
            return;
        }
    }
    let cap = facts
        .last()
        .map_or(FIRST_SEGMENT, |s| (2 * s.capacity()).min(MAX_SEGMENT));
    let mut segment = Vec::with_capacity(cap);
    segment.push(fact);
    facts.push(segment);
}

/// How many lines after a form it asks for.
fn asks(form: &Form) -> u8 {
    match form {
        Form::Location {
            wants_message: true,
            ..
        } => 1,
        Form::Header {
            tool: Tool::Jest | Tool::Testthat,
            ..
        } => 2,
        // tasty prints a test's output under it, perhaps after a blank line and a rule, and
        // HUnit its place first.
        Form::Header {
            tool: Tool::Tasty, ..
        } => TASTY_OUTPUT,
        // A failed check's details: the first line, and the one that goes on with it.
        Form::Check {
            verdict: Some(Verdict::Error | Verdict::Warning),
            ..
        }
        | Form::Verdict(_) => 2,
        Form::Header {
            tool: Tool::Pester, ..
        } => 1,
        Form::GoLog { text, .. } if text.trim_end().ends_with(':') => 1,
        Form::Build {
            tool: Tool::Scalac, ..
        } => SCALAC_LINES,
        _ => 0,
    }
}

/// Lines after a failing tasty test's line in which its output's first line is looked for.
const TASTY_LINES: u8 = 5;
/// Lines after a failing tasty test's line read as its output while they are indented under
/// it (a golden test's diff).
const TASTY_OUTPUT: u8 = 20;

/// A line of `go test -json`: its output line's form and text, or its verdict.
fn go_json(msg: &[u8]) -> Option<(Option<Form>, String)> {
    #[derive(serde::Deserialize)]
    struct GoEvent {
        #[serde(rename = "Action")]
        action: String,
        #[serde(rename = "Package")]
        package: Option<String>,
        #[serde(rename = "Test")]
        test: Option<String>,
        #[serde(rename = "Output")]
        output: Option<String>,
    }
    let ev: GoEvent = serde_json::from_slice(msg).ok()?;
    match (ev.action.as_str(), ev.test, ev.output) {
        ("output", _, Some(out)) => {
            let out = out.trim_end_matches(['\n', '\r']).to_string();
            Some((lines::classify(out.as_bytes()), out))
        }
        ("fail", Some(test), _) => Some((
            Some(Form::Failed {
                tool: Tool::Go,
                name: test.clone(),
                message: None,
                file: None,
                line: None,
            }),
            format!("--- FAIL: {test}"),
        )),
        ("fail", None, _) => {
            let pkg = ev.package?;
            Some((
                Some(Form::Suite {
                    tool: Tool::Go,
                    name: pkg.clone(),
                }),
                format!("FAIL\t{pkg}"),
            ))
        }
        _ => None,
    }
}

/// Whether two names a runner gives name the same test: equal, or one ends the other at a
/// separator (`test_x` and `tests/a.py::test_x`, `counts quantity` and
/// `total › counts quantity`).
fn same_test(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let ends = |long: &str, short: &str| {
        long.strip_suffix(short).is_some_and(|head| {
            head.ends_with([':', '.', ' ', '/', '>', '\u{203a}', '#'])
                || head.ends_with(" \u{203a} ")
        })
    };
    // pytest's header says `TestSlug.test_x` where its id says `TestSlug::test_x`.
    ends(long, short) || ends(long, &short.replace('.', "::"))
}

impl Machine {
    /// Reads the next fact: its line and form, borrowed; what the machine keeps of them it
    /// copies (most facts of a service's log are frames outside any test's report and leave
    /// nothing).
    fn feed(&mut self, line: Seen<'_>, form: Option<&Form>) {
        if self.source != Some(line.pos.source) {
            self.close_block();
            self.flush_check();
            self.finish_rustc();
            self.finish_scalac();
            self.source = Some(line.pos.source);
            self.expect = None;
            self.numbered = None;
            self.suite = None;
            self.go_waiting.clear();
        }
        let n = line.pos.line;
        if let Some((_, until)) = &self.rustc {
            if n > *until {
                self.finish_rustc();
            }
        }
        if self.scalac.is_some() && self.scalac_goes_on(line, form) {
            return;
        }
        // A line a form asked for: the message after `panicked at …:` or a Jest header.
        if let Some((until, weight)) = self.expect {
            // A rule (tasty's golden tests print one above their diff) and a place on a line
            // of its own (HUnit's, before its message) are not the message either.
            let passed = matches!(
                form,
                Some(Form::Location { message: None, .. }) | Some(Form::End)
            ) && self
                .block
                .as_ref()
                .is_some_and(|b| b.test.tool == Tool::Tasty)
                || form.is_none() && is_rule(line.text);
            if n > until {
                self.expect = None;
            } else if !line.is_blank() && !passed {
                self.expect = None;
                let takes = match form {
                    None => true,
                    Some(Form::Message { .. }) => false,
                    Some(f) => !starts_report(f),
                };
                if takes && self.message(line, weight) {
                    // `*** Failed! Falsified (after 3 tests):`, `Undocumented code objects:`:
                    // the next line says what.
                    let goes_on = self.block.as_ref().is_some_and(|b| {
                        matches!(b.test.tool, Tool::Tasty | Tool::RCmdCheck | Tool::Testthat)
                    });
                    if goes_on && clean(line.text).ends_with(':') {
                        self.more = Some(n + 1);
                    }
                }
            }
        }
        // The line after a message that ends in a colon (asked for on this line by the
        // message above, it is the next one).
        if let Some(at) = self.more.filter(|&at| n >= at) {
            self.more = None;
            if n == at && form.is_none() && !line.is_blank() {
                if let Some(b) = self.block.as_mut() {
                    b.last = b.last.max(n);
                    b.test.more = Some(line.line());
                }
            }
        }
        if let Some(until) = self.tasty_output {
            self.tasty_output = self.tasty_output(line, until);
        }
        let Some(form) = form else { return };
        match form {
            Form::Header { tool, name, failed } => {
                let (tool, failed) = (*tool, *failed);
                if tool == Tool::Go {
                    if let Some(b) = self.block.as_mut().filter(|b| b.test.name == *name) {
                        b.failed |= failed;
                        b.last = n;
                        return;
                    }
                    // The verdict of a test whose output came before other tests ran.
                    let waiting = self.go_waiting.iter().rposition(|b| b.test.name == *name);
                    if let (true, Some(i)) = (failed, waiting) {
                        self.close_block();
                        let b = self.go_waiting.remove(i);
                        let mut t = b.test;
                        if let Some(h) = &t.header {
                            t.block = Some((h.pos.line, b.last));
                        }
                        t.listing = Some(line.line());
                        self.record_test(t);
                        return;
                    }
                }
                self.close_block();
                let mut test = FailedTest::new(tool, name.clone());
                match tool {
                    Tool::Jest => {
                        test.suite = self.suite.clone();
                        self.expect = Some((n + 2, 8));
                    }
                    // Its message is on the next line.
                    Tool::Testthat => {
                        if let Some((file, l)) =
                            lines::testthat_place(&String::from_utf8_lossy(line.text))
                        {
                            test.file = Some(file);
                            test.file_line = Some(l);
                            test.location = Some(line.line());
                        }
                        self.expect = Some((n + 2, 9));
                    }
                    Tool::Tasty => {
                        self.expect = Some((n + u64::from(TASTY_LINES), 8));
                        self.tasty_output = Some(n + u64::from(TASTY_OUTPUT));
                    }
                    _ => {}
                }
                test.header = Some(line.line());
                self.block = Some(Block {
                    test,
                    failed,
                    message_weight: 0,
                    last: n,
                });
                // xcpretty's summary says the assertion on the test's own line.
                if tool == Tool::Xctest {
                    self.message(line, 9);
                }
                // Pester says it on the next line; the script Pester tests itself with, on
                // the test's own.
                if tool == Tool::Pester {
                    if lines::pester_inline(&String::from_utf8_lossy(line.text)).is_some() {
                        self.message(line, 9);
                    } else {
                        self.expect = Some((n + 1, 8));
                    }
                }
            }
            Form::Passed { name } => {
                if self.block.as_ref().is_some_and(|b| b.test.name == *name) {
                    self.block = None;
                }
                // Pester's next test passed: the failed one's report is over.
                if self
                    .block
                    .as_ref()
                    .is_some_and(|b| b.test.tool == Tool::Pester)
                {
                    self.close_block();
                }
                self.go_waiting.retain(|b| b.test.name != *name);
            }
            Form::Failed {
                tool,
                name,
                message,
                file,
                line: file_line,
            } => {
                let mut t = FailedTest::new(*tool, name.clone());
                if *tool == Tool::Jest {
                    t.suite = self.suite.clone();
                }
                t.listed_message = message.clone();
                t.file = file.clone();
                t.file_line = *file_line;
                t.listing = Some(line.line());
                self.record_test(t);
            }
            Form::Suite { tool, name } => {
                self.close_block();
                if *tool == Tool::Go {
                    let source = self.source;
                    for t in self.findings.tests.iter_mut() {
                        if t.tool == Tool::Go && t.suite.is_none() && Some(t.source()) == source {
                            t.suite = Some(name.clone());
                        }
                    }
                } else {
                    self.suite = Some(name.clone());
                }
            }
            Form::NumberedList => {
                self.close_block();
                let t = clean(line.text);
                self.numbered = Some(if t.ends_with("failing") {
                    Tool::Mocha
                } else if t.starts_with("There w") {
                    Tool::Phpunit
                } else {
                    Tool::Rspec
                });
            }
            Form::Numbered { name } => {
                if let Some(tool) = self.numbered {
                    self.close_block();
                    let mut test = FailedTest::new(tool, name.clone());
                    test.header = Some(line.line());
                    self.block = Some(Block {
                        test,
                        failed: true,
                        message_weight: 0,
                        last: n,
                    });
                }
            }
            Form::Message { text, weight } => {
                if self.message(line, *weight) {
                    if let (Some(b), Some((e, a))) = (self.block.as_mut(), lines::values_in(text)) {
                        b.test.expected.get_or_insert_with(|| (e, line.line()));
                        b.test.actual.get_or_insert_with(|| (a, line.line()));
                    }
                }
            }
            Form::Expected(v) => self.value(line, v, |t| &mut t.expected),
            Form::Actual(v) => self.value(line, v, |t| &mut t.actual),
            Form::Left(v) => self.value(line, v, |t| &mut t.left),
            Form::Right(v) => self.value(line, v, |t| &mut t.right),
            Form::Location {
                file,
                line: file_line,
                thread,
                message,
                wants_message,
            } => {
                if let Some((mut e, _)) = self.rustc.take() {
                    e.file = Some(file.clone());
                    e.file_line = Some(*file_line);
                    e.location = Some(line.line());
                    self.record_build(e);
                    return;
                }
                let Some(b) = self.block.as_mut() else {
                    return;
                };
                // A panic on another thread than the test's is not its failure.
                if thread
                    .as_ref()
                    .is_some_and(|t| !same_test(t, &b.test.name) && t != "main" && t != "<unnamed>")
                {
                    return;
                }
                b.last = n;
                // An xcpretty summary's test fails once its place is printed under it.
                b.failed |= b.test.tool == Tool::Xctest;
                let testy = |f: &str| {
                    let f = f.to_ascii_lowercase();
                    f.contains("test") || f.contains("spec")
                };
                let better = match &b.test.file {
                    None => true,
                    Some(old) => !testy(old) && testy(file),
                };
                if better {
                    b.test.file = Some(file.clone());
                    b.test.file_line = Some(*file_line);
                    b.test.location = Some(line.line());
                }
                if message.is_some() {
                    self.message(line, 9);
                    // ScalaTest's report of a test ends with its assertion; what follows is
                    // the next tests' output.
                    if self
                        .block
                        .as_ref()
                        .is_some_and(|b| b.test.tool == Tool::Scalatest)
                    {
                        self.close_block();
                    }
                } else if *wants_message {
                    self.expect = Some((n + 1, 9));
                }
            }
            Form::GoLog {
                file,
                line: file_line,
                text,
            } => {
                if let Some(b) = self.block.as_mut() {
                    if b.test.file.is_none() {
                        b.test.file = Some(file.clone());
                        b.test.file_line = Some(*file_line);
                        b.test.location = Some(line.line());
                    }
                    if self.message(line, 7) && text.trim_end().ends_with(':') {
                        self.more = Some(n + 1);
                    }
                }
            }
            Form::End => {
                // unittest rules a line of dashes under a failure's header, and another
                // under its output.
                if let Some(b) = &self.block {
                    if b.test.tool == Tool::Unittest
                        && b.test.header.as_ref().is_some_and(|h| h.pos.line + 1 == n)
                    {
                        return;
                    }
                    // A rule in a tasty test's output (under it, indented more) is its own.
                    if b.test.tool == Tool::Tasty
                        && b.test
                            .header
                            .as_ref()
                            .is_some_and(|h| indent(&h.text) < indent(line.text))
                    {
                        return;
                    }
                }
                self.close_block();
                self.numbered = None;
            }
            Form::Build {
                tool,
                file,
                line: file_line,
                message,
            } => {
                self.close_block();
                self.finish_rustc();
                let e = BuildError {
                    tool: *tool,
                    file: file.clone(),
                    file_line: *file_line,
                    message: message.clone(),
                    line: line.line(),
                    location: None,
                    dependency: false,
                };
                if *tool == Tool::Rustc && e.file.is_none() {
                    // Its place is on the ` --> ` line that follows.
                    self.rustc = Some((e, n + 3));
                } else if *tool == Tool::Scalac {
                    let text = String::from_utf8_lossy(line.text);
                    let prefix = match text
                        .trim_start()
                        .strip_prefix('[')
                        .and_then(|r| r.split_once(']'))
                    {
                        Some((level, _)) => format!("[{level}]"),
                        None => String::new(),
                    };
                    self.scalac = Some(Scalac {
                        error: e,
                        prefix,
                        lines: Vec::new(),
                    });
                } else {
                    self.record_build(e);
                }
            }
            Form::Check { name, verdict } => {
                self.close_block();
                self.flush_check();
                let failing = !matches!(verdict, Some(Verdict::Passed));
                if failing {
                    let mut test = FailedTest::new(Tool::RCmdCheck, name.clone());
                    test.header = Some(line.line());
                    test.warning = *verdict == Some(Verdict::Warning);
                    self.block = Some(Block {
                        test,
                        failed: verdict.is_some(),
                        message_weight: 0,
                        last: n,
                    });
                    if verdict.is_some() {
                        self.expect = Some((n + 1, 4));
                    }
                }
            }
            Form::Verdict(v) => {
                let Some(b) = self
                    .block
                    .as_mut()
                    .filter(|b| b.test.tool == Tool::RCmdCheck && !b.failed)
                else {
                    return;
                };
                b.failed = true;
                b.test.warning = *v == Verdict::Warning;
                b.last = n;
                self.expect = Some((n + 1, 4));
            }
            Form::Rerun(arg) => {
                let Some(b) = self.block.as_mut().filter(|b| b.test.tool == Tool::Tasty) else {
                    return;
                };
                b.last = n;
                if let Some(path) = tasty_path(arg) {
                    // The groups it is in, where tasty names them (`custom writer.tables`).
                    if let Some(groups) = path
                        .strip_suffix(b.test.name.as_str())
                        .and_then(|g| g.strip_suffix('.'))
                        .filter(|g| !g.is_empty())
                    {
                        b.test.name = format!("{groups}/{}", b.test.name);
                    }
                }
                b.test.rerun = Some(arg.clone());
                // The last line of its report.
                self.close_block();
            }
            Form::Dependency { tool, message } => {
                self.close_block();
                self.record_build(BuildError {
                    tool: *tool,
                    file: None,
                    file_line: None,
                    message: message.clone(),
                    line: line.line(),
                    location: None,
                    dependency: true,
                });
            }
        }
    }

    /// Where the open tasty test's output goes on to after `line` (see
    /// [`Machine::tasty_output`]): a line indented under the test's is its output, one that
    /// is not ends it.
    fn tasty_output(&mut self, line: Seen<'_>, until: u64) -> Option<u64> {
        let n = line.pos.line;
        let b = self.block.as_mut().filter(|b| b.test.tool == Tool::Tasty)?;
        let header = b.test.header.as_ref()?;
        if n > until || n <= header.pos.line {
            return (n <= header.pos.line).then_some(until);
        }
        if line.is_blank() {
            return Some(until);
        }
        if indent(line.text) <= indent(&header.text) {
            return None;
        }
        b.last = b.last.max(n);
        Some(until)
    }

    /// Offers a message to the open block; returns whether it was taken.
    fn message(&mut self, line: Seen<'_>, weight: u8) -> bool {
        let Some(b) = self.block.as_mut() else {
            return false;
        };
        b.last = b.last.max(line.pos.line);
        if weight > b.message_weight {
            b.message_weight = weight;
            b.test.message = Some(line.line());
            b.test.more = None;
            return true;
        }
        false
    }

    fn value(
        &mut self,
        line: Seen<'_>,
        v: &str,
        slot: impl Fn(&mut FailedTest) -> &mut Option<(String, Line)>,
    ) {
        if let Some(b) = self.block.as_mut() {
            b.last = b.last.max(line.pos.line);
            slot(&mut b.test).get_or_insert_with(|| (v.to_string(), line.line()));
        }
    }

    fn close_block(&mut self) {
        self.expect = None;
        self.more = None;
        self.tasty_output = None;
        if let Some(b) = self.block.take() {
            if !b.failed && b.test.tool == Tool::Go && b.message_weight > 0 {
                if self.go_waiting.len() >= TESTS_KEPT {
                    self.go_waiting.remove(0);
                }
                self.go_waiting.push(b);
                return;
            }
            if b.failed {
                let mut t = b.test;
                if let Some(h) = &t.header {
                    t.block = Some((h.pos.line, b.last));
                }
                if t.tool == Tool::RCmdCheck {
                    // A check's block opens only after the check before it was flushed.
                    self.check = Some(t);
                } else {
                    self.record_test(t);
                }
            }
        }
    }

    /// Records the failed check of `R CMD check` whose output ended, unless it named the
    /// failing tests it ran: they say what failed.
    fn flush_check(&mut self) {
        if let Some(c) = self.check.take() {
            if !self.check_named {
                self.record_test(c);
            }
        }
        self.check_named = false;
    }

    fn record_test(&mut self, t: FailedTest) {
        let in_check = self.check.is_some()
            || self
                .block
                .as_ref()
                .is_some_and(|b| b.test.tool == Tool::RCmdCheck);
        if t.tool != Tool::RCmdCheck && in_check {
            self.check_named = true;
        }
        let source = t.source();
        if let Some(have) = self
            .findings
            .tests
            .iter_mut()
            .find(|h| h.source() == source && same_test(&h.name, &t.name))
        {
            have.merge(t);
            return;
        }
        self.findings.tests_failed += 1;
        if self.findings.tests.len() < TESTS_KEPT {
            self.findings.tests.push(t);
        }
    }

    fn record_build(&mut self, e: BuildError) {
        let f = &mut self.findings;
        if f.builds
            .iter()
            .any(|b| b.message == e.message && b.file == e.file && b.file_line == e.file_line)
        {
            return;
        }
        f.builds_failed += 1;
        if f.builds.len() < BUILDS_KEPT {
            f.builds.push(e);
        }
    }

    fn finish_rustc(&mut self) {
        // An unplaced `error: …` is cargo's wrapper (`could not compile`), not an error.
        self.rustc = None;
    }

    /// Whether `line` goes on the pending Scala error (and is taken by it); if not, the
    /// error is recorded as it stands.
    fn scalac_goes_on(&mut self, line: Seen<'_>, form: Option<&Form>) -> bool {
        let Some(p) = self.scalac.as_mut() else {
            return false;
        };
        let n = line.pos.line;
        let next = p.error.line.pos.line + p.lines.len() as u64 + 1;
        // Other forms in its lines (a source line that reads `expected: 3`) find no test's
        // report open: the error closed it.
        let another = form.is_some_and(starts_report);
        let text = String::from_utf8_lossy(line.text);
        let body = text.trim().strip_prefix(p.prefix.as_str());
        match body {
            Some(body) if n == next && !another && p.lines.len() < SCALAC_LINES as usize => {
                let body = body.strip_prefix(' ').unwrap_or(body);
                if !body.trim().is_empty() && body.trim_matches([' ', '^']).is_empty() {
                    // The caret: the line above it is the source line, those before it the
                    // rest of the message.
                    let mut p = self.scalac.take().expect("pending");
                    p.lines.pop();
                    if !p.lines.is_empty() {
                        // scalac aligns ` found   : Int` under ` required: String`.
                        let rest: Vec<&str> = p
                            .lines
                            .iter()
                            .flat_map(|(_, l)| l.split_whitespace())
                            .collect();
                        p.error.message =
                            lines::cap_message(&format!("{} {}", p.error.message, rest.join(" ")));
                    }
                    p.error.line.pos.end_line = n;
                    self.record_build(p.error);
                } else {
                    p.lines.push((n, body.to_string()));
                }
                true
            }
            _ => {
                self.finish_scalac();
                false
            }
        }
    }

    /// Records a pending Scala error with its first line's message: no caret came under it.
    fn finish_scalac(&mut self) {
        if let Some(p) = self.scalac.take() {
            self.record_build(p.error);
        }
    }

    fn finish(&mut self) {
        self.close_block();
        self.flush_check();
        self.finish_rustc();
        self.finish_scalac();
    }
}

/// Forms that start a report of their own and so are no other test's message.
fn starts_report(f: &Form) -> bool {
    matches!(
        f,
        Form::Header { .. }
            | Form::Failed { .. }
            | Form::Suite { .. }
            | Form::End
            | Form::NumberedList
            | Form::Numbered { .. }
            | Form::Build { .. }
            | Form::Dependency { .. }
            | Form::Passed { .. }
            | Form::Check { .. }
            | Form::Verdict(_)
    )
}

/// Columns of white space a line starts with.
fn indent(text: &[u8]) -> usize {
    text.iter().take_while(|b| b.is_ascii_whitespace()).count()
}

/// A rule: a run of one punctuation mark (`-----`, `═════`) and nothing else.
fn is_rule(text: &[u8]) -> bool {
    let s = String::from_utf8_lossy(text);
    let mut chars = s.trim().chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    !first.is_alphanumeric()
        && !first.is_whitespace()
        && rest.chars().count() >= 3
        && rest.chars().all(|c| c == first)
}

/// The path of tests a tasty `-p` argument selects (`'/custom writer.tables/'`,
/// `'$0=="All.custom writer.tables"'`), where it names one.
fn tasty_path(arg: &str) -> Option<&str> {
    let inner = arg.strip_prefix('\'')?.strip_suffix('\'')?;
    inner
        .strip_prefix('/')
        .and_then(|p| p.strip_suffix('/'))
        .or_else(|| {
            inner
                .strip_prefix("$0==\"")
                .and_then(|p| p.strip_suffix('"'))
        })
        .filter(|p| !p.contains(['\'', '/', '"']))
}

/// A line's text, trimmed, for titles and messages.
pub fn clean(text: &[u8]) -> String {
    let s = String::from_utf8_lossy(text);
    let s = s.trim();
    // pytest's `E   ` and sbt's `[info]` prefixes belong to the layout, not to the message.
    let s = match s.strip_prefix('E') {
        Some(r) if r.starts_with("   ") => r.trim(),
        _ => s.strip_prefix("[info] ").map_or(s, str::trim),
    };
    s.to_string()
}

#[cfg(test)]
mod tests;
