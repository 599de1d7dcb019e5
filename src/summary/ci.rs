//! What a CI job log says about the failure it died of.
//!
//! A CI runner prints a failure marker when a step fails (`The command "make" exited with 2.`,
//! `##[error]Process completed with exit code 1.`); the lines just before it are what a
//! developer reads to learn why. This module reads every line once, cheaply: it classifies a
//! line's message with one literal automaton (shared with the runners' reader, see
//! [`super::literals`]; error words, test-runner and compiler forms,
//! wrapper lines such as `npm ERR!` or `make: ***` that only repeat that something failed), and
//! keeps two bounded windows: the last [`WINDOW`] output lines of the current step and the last
//! [`ERROR_WINDOW`] error-looking ones. At a step-failure marker both windows are copied into a
//! [`Failure`]. Memory is bounded by the windows and by keeping the first and last
//! [`FAILURES_KEPT`] failures.
//!
//! Chunks are read in parallel: a chunk's windows are only the end of what came before its
//! markers, so each [`Failure`] records whether a step boundary was seen before it in its chunk;
//! if not, the merge completes it from the earlier part's windows ([`CiTrail::absorb`]), which
//! gives the same result for every chunking. It does not rank (`rank`).

use std::collections::VecDeque;

use super::literals::{Hit, Hits};
use super::Pos;
use crate::record::{Level, Record};

/// Output lines of the current step kept before a failure marker.
pub const WINDOW: usize = 40;
/// Error-looking lines of the current step kept before a failure marker.
pub const ERROR_WINDOW: usize = 24;

/// The weight of a warning (`warning:`, a `[warn]` line).
const WARNING_WEIGHT: i8 = 2;
/// The weight from which a line marks a failure of its own: a failed test's result or
/// assertion, a compiler's `error:`, an exception, a warning `-Werror` made an error.
pub const FAILURE_MARK: i8 = 6;
/// The weight of a warning a `-Werror` line made an error.
const WERROR_WEIGHT: i8 = FAILURE_MARK;
/// Failures kept from the start and from the end of the input.
pub const FAILURES_KEPT: usize = 6;
/// Line text kept per window line.
const TEXT_CAP: usize = 400;

/// What a line is to a CI reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineClass {
    /// How much the line looks like it states an error: 0 not at all, up to 9 for a failing
    /// assertion or a compiler error. Negative for wrappers that only repeat that something
    /// failed (`npm ERR!`, `make: *** [all] Error 2`).
    pub weight: i8,
    /// The runner says a step failed here.
    pub step_failed: bool,
    /// A step starts or ends here (`$ make`, `The command … exited with 0.`).
    pub boundary: bool,
    /// A runner's step-end marker starts here and goes on over the next lines: the command it
    /// quotes spans several lines (`The command "bash -c "` … `" exited with 1.`).
    pub opens_marker: bool,
    /// The line goes on such a marker's command text and ends it (`" exited with 1.`): only
    /// such a line closes a marker that opened, not another runner's marker.
    pub closes_marker: bool,
    /// A test runner's or build tool's own failure marker (`test result: FAILED`,
    /// `BUILD FAILURE`, `--- FAIL:`): evidence that this is a CI log.
    pub tool_marker: bool,
    /// A CI runner's own line (`travis_fold:…`): evidence that this is a CI log.
    pub runner: bool,
    /// The compiler says the warnings before it fail the build (`cc1: all warnings being
    /// treated as errors`, GHC's `Failing due to -Werror.`).
    pub werror: bool,
}

/// A line kept in a window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiLine {
    pub pos: Pos,
    pub weight: i8,
    /// Classified only from its text; kept for the report.
    pub text: Vec<u8>,
}

/// A step that failed, with the lines before its marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The runner's marker line (for a marker over several lines, its last).
    pub marker: CiLine,
    /// The line a marker over several lines began on (`The command "bash -c "`).
    pub command: Option<CiLine>,
    /// The step's last output lines before the marker, in input order.
    pub lines: Vec<CiLine>,
    /// The step's last error-looking lines before the marker, in input order.
    pub errors: Vec<CiLine>,
    /// No step boundary was seen before the marker in the part of the input that recorded
    /// it: the merge prepends the earlier part's windows.
    open: bool,
    /// Its marker began on an earlier line (a command of several lines) that is inside the
    /// part of the input this trail covers: a marker an earlier part left open is not its.
    began_here: bool,
    /// The line of the step boundary the failed step began after, where one was seen: the
    /// step's output is everything between it and the marker, of which the windows keep the
    /// end.
    pub from: Option<u64>,
    /// Its marker line ends a marker that opened on an earlier line ([`LineClass::closes_marker`]).
    closes: bool,
}

impl Failure {
    /// A failure with these lines before its marker.
    pub fn new(marker: CiLine, lines: Vec<CiLine>, errors: Vec<CiLine>) -> Failure {
        Failure {
            marker,
            command: None,
            lines,
            errors,
            open: false,
            began_here: false,
            from: None,
            closes: false,
        }
    }

    /// The marker's words: its line, or the first and last of its lines.
    pub fn marker_words(&self) -> String {
        let last = String::from_utf8_lossy(&self.marker.text);
        match &self.command {
            Some(c) => format!("{} \u{2026} {last}", String::from_utf8_lossy(&c.text)),
            None => last.into_owned(),
        }
    }
}

/// The CI view of a run (or of one chunk of it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CiTrail {
    /// Lines that carried a runner's or test tool's marker.
    pub markers: u64,
    /// The first and last failures (at most `2 * FAILURES_KEPT`), in input order.
    pub failures: Vec<Failure>,
    /// The current step's last output lines, then its last error-looking ones.
    pub tail: VecDeque<CiLine>,
    pub tail_errors: VecDeque<CiLine>,
    /// A step boundary was seen: `tail` does not continue what came before.
    sealed: bool,
    /// A step-end marker that quotes a command of several lines has begun and not ended: the
    /// lines after it are the command's text, not output.
    opened: Option<Opened>,
    /// The line of the last step boundary of the current source in this part of the input.
    step_from: Option<u64>,
    /// Source of the lines in the windows (windows never span sources).
    source: Option<u32>,
    /// Lines pushed into `tail` in this part of the input before its first step boundary
    /// (counted up to [`WINDOW`]).
    pushed: usize,
    /// A `-Werror` line came before this part's first step boundary, after this many of its
    /// lines (up to [`WINDOW`]): the warnings among the last `WINDOW` lines before it, some in
    /// the part before this one, are errors.
    werror_reach: Option<usize>,
    /// Text buffers of window lines a step boundary dropped, for the next lines to take.
    spare: Spare,
}

/// Buffers kept for reuse: no part of what a trail says, so every two are equal, and a clone
/// starts with none.
#[derive(Default)]
struct Spare(Vec<Vec<u8>>);

impl PartialEq for Spare {
    fn eq(&self, _: &Spare) -> bool {
        true
    }
}

impl Eq for Spare {}

impl Clone for Spare {
    fn clone(&self) -> Spare {
        Spare::default()
    }
}

impl std::fmt::Debug for Spare {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} spare buffers", self.0.len())
    }
}

/// The start of a step-end marker whose command spans several lines, with the step's windows
/// as they were when it began: the failure, if the marker's end says so, is what came before
/// the command's text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Opened {
    line: CiLine,
    tail: VecDeque<CiLine>,
    tail_errors: VecDeque<CiLine>,
    /// No step boundary came before it in the part of the input that saw it (as
    /// [`Failure::open`]).
    open: bool,
    /// The line of the boundary its step began after ([`Failure::from`]).
    from: Option<u64>,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Adds this much error weight (the largest found counts).
    Error(i8),
    /// A wrapper: repeats that something failed.
    Wrapper,
    /// A runner's step-end line; the exit status decides.
    StepEnd,
    /// A step starts.
    StepStart,
    /// A test tool's or build tool's own failure marker, also a line worth reading.
    Tool(i8),
    /// A test or step that passed or was skipped: its name may hold error words.
    Pass,
    /// A runner's own line (`travis_fold:`, `Done. Your build exited with 1.`): evidence that
    /// this is a CI log, not output to read.
    Runner,
    /// A tool's wrapper marker (`test result: FAILED`).
    ToolWrapper,
    /// The warnings before this line are errors (`-Werror`).
    Werror,
}

const LITERALS: &[(&str, Kind)] = &[
    // Runner markers.
    ("The command \"", Kind::StepEnd),
    // The end of a multi-line command's marker.
    ("\" exited with ", Kind::StepEnd),
    ("\" failed and exited with ", Kind::StepEnd),
    ("##[error]Process completed with exit code", Kind::StepEnd),
    // The same with its `##[error]` read as the line's level (the downloaded, timestamped log).
    ("Process completed with exit code", Kind::StepEnd),
    ("ERROR: Job failed", Kind::StepEnd),
    ("Finished: FAILURE", Kind::StepEnd),
    ("travis_time:start:", Kind::StepStart),
    ("##[group]Run ", Kind::StepStart),
    ("Done. Your build exited with", Kind::Runner),
    // Compilers that fail the build on warnings.
    ("warnings being treated as errors", Kind::Werror),
    ("Failing due to -Werror", Kind::Werror),
    // scalac's `-Xfatal-warnings` (`-Werror` from Scala 2.13 on).
    ("No warnings can be incurred under", Kind::Werror),
    ("travis_fold:", Kind::Runner),
    ("##[endgroup]", Kind::Runner),
    // Test and build tools.
    ("test result: FAILED", Kind::ToolWrapper),
    ("BUILD FAILURE", Kind::ToolWrapper),
    ("BUILD FAILED", Kind::ToolWrapper),
    ("FAILURE: Build failed", Kind::ToolWrapper),
    ("error: could not compile", Kind::ToolWrapper),
    ("npm ERR!", Kind::ToolWrapper),
    ("--- FAIL:", Kind::Tool(6)),
    // ScalaTest's mark of a failing test (`- parses dates *** FAILED ***`).
    ("*** FAILED ***", Kind::Tool(7)),
    ("Dubious, test returned", Kind::Tool(7)),
    ("FAILED tests/", Kind::Tool(7)),
    ("FAILED test/", Kind::Tool(7)),
    // Wrappers that only say that something failed.
    ("make: ***", Kind::Wrapper),
    ("make[", Kind::Wrapper),
    ("recipe for target", Kind::Wrapper),
    ("error Command failed", Kind::Wrapper),
    ("Command failed", Kind::Wrapper),
    ("(See full trace", Kind::Wrapper),
    ("[Help 1]", Kind::Wrapper),
    ("-> [Help", Kind::Wrapper),
    ("Re-run Maven", Kind::Wrapper),
    ("To see the full stack trace", Kind::Wrapper),
    ("For more information about this error", Kind::Wrapper),
    ("For more information about an error", Kind::Wrapper),
    ("error: build failed", Kind::Wrapper),
    ("warning: build failed", Kind::Wrapper),
    ("errors found", Kind::Wrapper),
    ("FAILED (failures=", Kind::Wrapper),
    ("FAILED (errors=", Kind::Wrapper),
    ("Tests run:", Kind::Wrapper),
    ("tests completed", Kind::Wrapper),
    ("exited with code", Kind::Wrapper),
    ("exit status", Kind::Wrapper),
    ("exit code", Kind::Wrapper),
    ("Process exited with", Kind::Wrapper),
    ("returned non-zero exit status", Kind::Wrapper),
    ("failed with exit code", Kind::Wrapper),
    ("Error: Process completed", Kind::Wrapper),
    ("ELIFECYCLE", Kind::Wrapper),
    ("Test failed.  See above", Kind::Wrapper),
    ("aborting due to", Kind::Wrapper),
    ("Compilation failed", Kind::Wrapper),
    ("Failing tests:", Kind::Wrapper),
    ("Some tests failed", Kind::Wrapper),
    ("Failed to execute goal", Kind::Wrapper),
    ("Execution failed for task", Kind::Wrapper),
    ("What went wrong", Kind::Wrapper),
    ("Executed ", Kind::Wrapper),
    // Passing and skipped tests.
    ("\u{2713}", Kind::Pass),
    ("\u{2714}", Kind::Pass),
    (" ok ", Kind::Pass),
    ("... ok", Kind::Pass),
    ("[ OK ]", Kind::Pass),
    ("[       OK ]", Kind::Pass),
    ("PASSED", Kind::Pass),
    ("PASS ", Kind::Pass),
    (" passed", Kind::Pass),
    ("skipped", Kind::Pass),
    ("SKIPPED", Kind::Pass),
    // What went wrong, in the words of compilers, test runners and runtimes.
    (": error:", Kind::Error(8)),
    (": error ", Kind::Error(7)),
    ("error[E", Kind::Error(8)),
    ("error TS", Kind::Error(8)),
    (": fatal error:", Kind::Error(8)),
    ("AssertionError", Kind::Error(8)),
    ("AssertionFailedError", Kind::Error(8)),
    ("ComparisonFailure", Kind::Error(8)),
    ("assertion failed", Kind::Error(8)),
    ("Assertion failed", Kind::Error(8)),
    ("panicked at", Kind::Error(7)),
    ("expected:", Kind::Error(7)),
    ("Expected", Kind::Error(6)),
    ("expected", Kind::Error(5)),
    ("but was", Kind::Error(6)),
    ("but got", Kind::Error(6)),
    ("to equal", Kind::Error(6)),
    ("to be ", Kind::Error(3)),
    ("E   ", Kind::Error(6)),
    ("FAIL:", Kind::Error(7)),
    ("FAIL ", Kind::Error(6)),
    ("FAILED", Kind::Error(5)),
    ("Failure:", Kind::Error(6)),
    ("failures:", Kind::Error(3)),
    ("not ok ", Kind::Error(6)),
    ("Error:", Kind::Error(6)),
    ("ERROR:", Kind::Error(6)),
    ("error:", Kind::Error(6)),
    ("[error]", Kind::Error(5)),
    ("[ERROR]", Kind::Error(5)),
    ("ERROR", Kind::Error(4)),
    ("Error", Kind::Error(4)),
    ("error", Kind::Error(3)),
    ("Exception:", Kind::Error(6)),
    ("Exception", Kind::Error(3)),
    ("exception", Kind::Error(3)),
    ("Caused by:", Kind::Error(6)),
    ("failed on line", Kind::Error(7)),
    ("Failing", Kind::Error(4)),
    ("Traceback", Kind::Error(3)),
    ("fatal:", Kind::Error(7)),
    ("Fatal", Kind::Error(5)),
    ("FATAL", Kind::Error(5)),
    ("failed", Kind::Error(4)),
    ("Failed", Kind::Error(4)),
    ("failure", Kind::Error(3)),
    ("undefined", Kind::Error(5)),
    ("Undefined", Kind::Error(5)),
    ("not defined", Kind::Error(5)),
    ("unbound", Kind::Error(4)),
    ("cannot ", Kind::Error(5)),
    ("Cannot ", Kind::Error(5)),
    ("can't ", Kind::Error(4)),
    ("Can't ", Kind::Error(4)),
    ("could not", Kind::Error(4)),
    ("Could not", Kind::Error(5)),
    ("couldn't", Kind::Error(4)),
    ("unable to", Kind::Error(4)),
    ("Unable to", Kind::Error(5)),
    ("not found", Kind::Error(5)),
    ("No such file", Kind::Error(6)),
    ("Permission denied", Kind::Error(6)),
    ("denied", Kind::Error(4)),
    ("invalid", Kind::Error(3)),
    ("Invalid", Kind::Error(4)),
    ("unexpected", Kind::Error(4)),
    ("Unexpected", Kind::Error(4)),
    ("missing", Kind::Error(3)),
    ("Missing", Kind::Error(4)),
    ("mismatch", Kind::Error(4)),
    ("timed out", Kind::Error(4)),
    ("Segmentation fault", Kind::Error(7)),
    ("segfault", Kind::Error(6)),
    ("Killed", Kind::Error(4)),
    ("Aborted", Kind::Error(4)),
    ("incompatible", Kind::Error(4)),
    ("conflict", Kind::Error(3)),
    ("does not exist", Kind::Error(5)),
    ("doesn't exist", Kind::Error(5)),
    ("is not", Kind::Error(2)),
    ("unknown", Kind::Error(3)),
    ("Unknown", Kind::Error(3)),
    ("violation", Kind::Error(4)),
    ("\u{2716}", Kind::Error(6)),
    ("\u{2717}", Kind::Error(6)),
    ("\u{2718}", Kind::Error(6)),
    ("\u{00d7} ", Kind::Error(5)),
    ("warning:", Kind::Error(2)),
    ("Warning:", Kind::Error(2)),
    ("WARNING", Kind::Error(1)),
];

/// The literals, in priority order, for the shared automaton of [`super::literals`].
pub(crate) fn literals() -> impl Iterator<Item = &'static str> {
    LITERALS.iter().map(|(l, _)| *l)
}

/// Classifies one line's message.
pub fn classify(msg: &[u8]) -> LineClass {
    let mut hits = Hits::default();
    hits.scan(msg);
    classify_hits(msg, &hits.ci)
}

/// Whether the word `literal` found at `start` of `msg` (a word of failure such as `failed`
/// or `Error`, possibly with its colon) counts none: `Failed: 0`, `errors=0`, `0 failed`,
/// `no errors`.
fn zero_count(msg: &[u8], start: usize, literal: &str) -> bool {
    use crate::record::text::{negated_before, null_value_after};
    let word = literal.strip_suffix(':').unwrap_or(literal).as_bytes();
    // Only the words that count failures: `expected 0, got 2` is an assertion.
    let starts = |stem: &[u8]| {
        word.get(..stem.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(stem))
    };
    if !word.iter().all(u8::is_ascii_alphabetic) || !(starts(b"fail") || starts(b"error")) {
        return false;
    }
    // The whole word (`error` found in `errors`).
    let mut end = start + word.len();
    while end < msg.len() && msg[end].is_ascii_alphabetic() {
        end += 1;
    }
    if negated_before(msg, start) {
        return true;
    }
    // `errors=0`, `error=nil`.
    if msg.get(end) == Some(&b'=') {
        return null_value_after(msg, end);
    }
    // `Failed: 0,` and `failed 0,` (Pester's summaries): a zero that ends its clause, so that
    // `error: 0 is not a valid port` stays an error.
    let rest = match msg.get(end) {
        Some(b':') => &msg[end + 1..],
        Some(b' ') => &msg[end..],
        _ => return false,
    };
    let rest = &rest[rest.iter().position(|&b| b != b' ').unwrap_or(rest.len())..];
    rest.first() == Some(&b'0') && matches!(rest.get(1), None | Some(b',' | b';' | b')'))
}

/// Classifies one line's message from its literals, found leftmost-first and without
/// overlaps (a literal listed earlier in `LITERALS` wins where two start at the same place,
/// so longer and more specific forms come first there).
pub fn classify_hits(msg: &[u8], hits: &[Hit]) -> LineClass {
    let mut class = LineClass::default();
    let mut best: i8 = 0;
    let mut wrapper = false;
    let mut pass = false;
    // A runner's marker begins on this line; the line goes on a marker's text.
    let (mut command, mut continued) = (false, false);
    let line_start = msg.len() - trim_start(msg).len();
    for m in hits {
        let (literal, kind) = LITERALS[m.index as usize];
        match kind {
            // `E   ` and `FAIL ` count only at the start of a line, where pytest and jest
            // put them.
            Kind::Error(w) if matches!(literal, "E   " | "FAIL ") => {
                if m.start == line_start {
                    best = best.max(w);
                }
            }
            // A part of a dotted or snake-case name (`Text.Pandoc.Error`, `log.error(`,
            // `on_error`) names code, and says nothing went wrong.
            Kind::Error(_)
                if matches!(literal, "error" | "Error" | "ERROR")
                    && m.start > 0
                    && matches!(msg[m.start - 1], b'.' | b'_') => {}
            // A count of none (`Failed: 0`, `errors=0`, `0 failed`, `no errors`) says nothing
            // went wrong.
            Kind::Error(_) if zero_count(msg, m.start, literal) => {}
            Kind::Error(w) => best = best.max(w),
            Kind::Wrapper => wrapper = true,
            Kind::Pass => pass = true,
            Kind::Runner => class.runner = true,
            Kind::Werror => class.werror = true,
            Kind::ToolWrapper => {
                wrapper = true;
                class.tool_marker = true;
            }
            Kind::Tool(w) => {
                best = best.max(w);
                class.tool_marker = true;
            }
            Kind::StepStart => {
                if step_start(&msg[m.start..]) {
                    class.boundary = true;
                }
            }
            Kind::StepEnd => {
                wrapper = true;
                let rest = &msg[m.start + literal.len()..];
                if literal == "The command \"" && travis_retry_line(rest) {
                    // travis_retry's words inside the step, between attempts and after the
                    // last: the step goes on, and its marker comes after them.
                    continue;
                }
                class.boundary = true;
                class.step_failed = step_failed(&msg[m.start..]);
                if literal == "The command \"" {
                    class.opens_marker = !ends_marker(rest);
                    command = true;
                }
                continued |= literal.starts_with('"');
            }
        }
    }
    // A whole marker (`The command "make" exited with 2.`) closes nothing: it is its own.
    class.closes_marker = continued && !command;
    if pass && best < 7 {
        best = best.min(1);
    }
    let text = &msg[line_start..];

    let gnu = if wrapper { None } else { gnu_diagnostic(text) };
    if is_xtrace(text) && !class.tool_marker {
        // A command the shell echoes (`set -x`) names what runs, not what went wrong, even
        // when an argument reads `--state=failed`.
        best = best.min(1);
    } else if let Some(error) = gnu {
        // The form says which it is: an error, or a warning or note whose words (`cannot
        // adjust line`) are not a failure.
        best = if error { best.max(7) } else { best.min(2) };
    } else if best < 6 && !wrapper && fail_in_result_column(text, line_start) {
        best = 6;
    } else if result_column(text, b"OK", line_start) {
        // A passing test's line (`emerges nested styles as expected:      OK`): its words
        // are the test's name.
        best = best.min(1);
    } else if text.starts_with(b"Failed ") && memchr::memmem::find(text, b" subtests").is_some() {
        // Perl's `prove`: `Failed 1/5 subtests` under the failing script's name.
        best = best.max(7);
    }
    // A verdict alone (`*** Failed ***`, `FAIL`, ` ERROR`) reports that something failed, as
    // `make: *** Error 2` does, and names nothing: the lines before it say what.
    class.weight = if wrapper || bare_verdict(text) {
        -3
    } else {
        best
    };
    if class.werror {
        // It names no error of its own: the warnings before it are the errors.
        class.weight = class.weight.min(1);
    }
    class
}

/// The line is one failure word (`failed`, `FAIL`, `Error` …) and decoration around it: no
/// other word, no count, and no colon after it that would introduce the details on the next
/// lines (`Failures:`).
fn bare_verdict(text: &[u8]) -> bool {
    if text.trim_ascii_end().last() == Some(&b':') {
        return false;
    }
    let mut words = text
        .split(|b| !b.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    let Some(word) = words.next() else {
        return false;
    };
    words.next().is_none()
        && ["fail", "failed", "failure", "error"]
            .iter()
            .any(|v| word.eq_ignore_ascii_case(v.as_bytes()))
}

/// A test's name then its result in a column of its own, as test scripts print them
/// (`selections-trim          FAIL`, `test_login ... FAIL`): the line ends in `FAIL` after
/// spaces or dots.
fn fail_in_result_column(text: &[u8], indent: usize) -> bool {
    result_column(text, b"FAIL", indent)
}

/// The line ends in `result` after spaces, dots or a tab: a test's name, then its result in a
/// column of its own, perhaps with the test's time after it (tasty's `FAIL (0.06s)`). `text`
/// is the line without the `indent` bytes of white space it starts with.
fn result_column(text: &[u8], result: &[u8], indent: usize) -> bool {
    let trim_end = |t: &[u8]| {
        let n = t
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        t.len() - n
    };
    let mut text = &text[..trim_end(text)];
    if let Some(open) = text
        .strip_suffix(b")")
        .and_then(|t| memchr::memrchr(b'(', t))
    {
        let time = &text[open + 1..text.len() - 1];
        let timed = time.strip_suffix(b"ms").or_else(|| time.strip_suffix(b"s"));
        if timed
            .is_some_and(|n| !n.is_empty() && n.iter().all(|b| b.is_ascii_digit() || *b == b'.'))
        {
            text = &text[..trim_end(&text[..open])];
        }
    }
    text.strip_suffix(result).is_some_and(|before| {
        before.len() > 2 && before.ends_with(b"  ")
            || before.ends_with(b". ")
            || before.ends_with(b"\t")
            // tasty pads its longest name by one space (`  average of nothing: FAIL`); a
            // verdict at the start of a line (prove's `Result: FAIL`) is no test's.
            || before.ends_with(b": ") && indent >= 2
    })
}

/// A shell's trace of a command it runs (`+ make test`, `++ export X=1`): pluses, at most one
/// space, then a command word. A diff's added line (`+ Received`, `+   "foo"`) is not one.
fn is_xtrace(text: &[u8]) -> bool {
    let pluses = text.iter().take_while(|&&b| b == b'+').count();
    if pluses == 0 {
        return false;
    }
    let rest = &text[pluses..];
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    rest.first()
        .is_some_and(|&b| b.is_ascii_lowercase() || matches!(b, b'.' | b'/' | b'[' | b'_'))
}

/// A diagnostic in the GNU form `file.ext:LINE: message` (or `file.ext:LINE:COL: message`, or
/// `<standard input>:LINE: …` for text read from a pipe), which compilers and checkers print
/// for errors, saying `warning` or `note` otherwise (erlc, older gcc, groff, xmllint, flake8):
/// `Some(true)` for an error, `Some(false)` for the others. Python's
/// `file.py:12: DeprecationWarning` is a warning.
fn gnu_diagnostic(text: &[u8]) -> Option<bool> {
    let path_len = if text.starts_with(b"<standard input>") {
        b"<standard input>".len()
    } else if text.starts_with(b"<stdin>") {
        b"<stdin>".len()
    } else {
        let path_len = text
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'/' | b'_' | b'-'))
            .count();
        let path = &text[..path_len];
        let dot = path.iter().rposition(|&b| b == b'.')?;
        let ext = &path[dot + 1..];
        if path_len == 0
            || !(1..=6).contains(&ext.len())
            || !ext.iter().all(|b| b.is_ascii_alphabetic())
            || !path[0].is_ascii_alphanumeric() && !matches!(path[0], b'.' | b'/' | b'_')
        {
            return None;
        }
        path_len
    };
    let mut rest = &text[path_len..];
    let mut numbers = 0;
    while let Some(r) = rest.strip_prefix(b":") {
        let digits = r.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            break;
        }
        numbers += 1;
        rest = &r[digits..];
    }
    let message = rest.strip_prefix(b": ")?;
    if !(1..=2).contains(&numbers) || message.is_empty() {
        return None;
    }
    let lower: Vec<u8> = message
        .iter()
        .take(12)
        .map(u8::to_ascii_lowercase)
        .collect();
    if lower.starts_with(b"warning") || lower.starts_with(b"note") || lower.starts_with(b"info") {
        return Some(false);
    }
    // `lib/x.py:12: DeprecationWarning: …` is no error; but `'LOG_Warning' undeclared` in an
    // error's words is no warning either: neither, and the line's words decide.
    if memchr::memmem::find(&message[..message.len().min(80)], b"Warning").is_some() {
        return None;
    }
    Some(true)
}

fn trim_start(msg: &[u8]) -> &[u8] {
    let n = msg.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &msg[n..]
}

/// `travis_time:start:xxxx$ cmd` (the `$ ` after the timer id) starts a step; a bare timer
/// line does not.
fn step_start(from: &[u8]) -> bool {
    if let Some(rest) = from.strip_prefix(b"##[group]Run ") {
        return !rest.is_empty();
    }
    memchr::memmem::find(from, b"$ ").is_some()
}

/// Whether the rest of a `The command "` line ends the marker: Travis closes the quoted
/// command with `" exited with N.`, `" failed and exited with N …` or `" failed. Retrying …`.
fn ends_marker(rest: &[u8]) -> bool {
    memchr::memmem::find(rest, b"\" exited with ").is_some()
        || memchr::memmem::find(rest, b"\" failed").is_some()
}

/// Whether the rest of a `The command "` line is travis_retry's (`… failed. Retrying, 2 of
/// 3.`, `… failed 3 times.`).
fn travis_retry_line(rest: &[u8]) -> bool {
    memchr::memmem::rfind(rest, b"\" failed").is_some_and(|at| {
        let tail = &rest[at + b"\" failed".len()..];
        if tail.starts_with(b". Retrying") {
            return true;
        }
        let Some(tail) = tail.strip_prefix(b" ") else {
            return false;
        };
        let digits = tail.iter().take_while(|b| b.is_ascii_digit()).count();
        digits > 0 && tail[digits..].starts_with(b" times")
    })
}

/// Whether a step-end line reports a failure: a non-zero exit status, or a failed job.
fn step_failed(from: &[u8]) -> bool {
    if from.starts_with(b"ERROR: Job failed") || from.starts_with(b"Finished: FAILURE") {
        return true;
    }
    let Some(at) = memchr::memmem::find(from, b"exit").map(|i| &from[i..]) else {
        return false;
    };
    // `exited with 1.` / `exit code 1`: the first number after `exit`.
    let digits: Vec<u8> = at
        .iter()
        .skip_while(|b| !b.is_ascii_digit())
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    !digits.is_empty() && digits.iter().any(|&d| d != b'0')
}

/// Whether a line is worth reading at all: not blank, and not a runner's timer or fold line.
fn is_output(msg: &[u8]) -> bool {
    let t = trim_start(msg);
    !t.is_empty()
        && !t.starts_with(b"travis_fold:")
        && !t.starts_with(b"travis_time:end:")
        && !t.starts_with(b"##[endgroup]")
}

/// Whether a line is read as a job's output at all, by this trail and by the runners': a line
/// whose header names the service that wrote it, or logs it at a routine level, is a
/// service's log line, and so is a web server's access-log line at any status.
#[inline]
pub fn reads(rec: &Record<'_>) -> bool {
    // A runner's step mark is read even where the format made it meta (GitHub Actions'
    // `##[group]Run …` behind its timestamp).
    !(rec.meta && !rec.step
        || rec.service
        || (rec.header && (rec.origin.is_some() || rec.level.is_some_and(|l| l < Level::Warn))))
}

impl CiTrail {
    /// Reads one line of source `source`. A line whose header names the service that wrote
    /// it, or logs it at a routine level, is a service's log line, not a CI job's output, and
    /// costs only this test (a job's output has no header, or only a runner's timestamp).
    pub fn add(&mut self, source: u32, line: u64, rec: &Record<'_>) {
        let mut hits = Hits::default();
        if reads(rec) {
            hits.scan(&rec.message);
        }
        self.add_scanned(source, line, rec, &hits);
    }

    /// [`CiTrail::add`] with the line's literals already found (by [`Hits::scan`] of its
    /// message, or not at all if [`reads`] says the line is not read).
    pub fn add_scanned(&mut self, source: u32, line: u64, rec: &Record<'_>, hits: &Hits) {
        if !reads(rec) {
            return;
        }
        self.add_classified(source, line, rec, classify_hits(&rec.message, &hits.ci));
    }

    /// [`CiTrail::add`] with the line's message already classified ([`classify_hits`] of it,
    /// which depends on the message alone).
    pub fn add_classified(&mut self, source: u32, line: u64, rec: &Record<'_>, class: LineClass) {
        if !reads(rec) {
            return;
        }
        let msg: &[u8] = &rec.message;
        if msg.iter().all(|b| b.is_ascii_whitespace()) {
            return;
        }
        match self.source {
            None => {
                self.source = Some(source);
                // Nothing comes before a source's first line.
                self.sealed = line == 1;
            }
            Some(s) if s != source => {
                self.clear_windows();
                self.opened = None;
                self.step_from = None;
                self.source = Some(source);
                self.sealed = true;
            }
            Some(_) => {}
        }
        let mut class = class;
        if rec.step && !class.boundary {
            // Travis' step mark, hidden from the message by a carriage return: the command
            // (`$ make test`) starts a step.
            class.boundary = true;
            self.markers += 1;
        }
        if class.runner {
            self.markers += 1;
        }
        if !is_output(msg) {
            return;
        }
        if class.weight == 0 && rec.level.is_some_and(|l| l >= Level::Error) {
            class.weight = 3;
        }
        if rec.level == Some(Level::Warn) && (3..7).contains(&class.weight) {
            // A line its tool marked as a warning (`[warn] Could not determine source for
            // class …`) is a warning, whatever its words; a failure mark (weight 7) still
            // counts.
            class.weight = 2;
        }
        let pos = Pos {
            source,
            line,
            end_line: line,
            timestamp: rec.timestamp,
        };
        if class.tool_marker || class.step_failed {
            self.markers += 1;
        }
        if class.step_failed {
            let marker = CiLine {
                pos,
                weight: class.weight,
                text: cut(msg),
            };
            let failure = match self.opened.take().filter(|_| class.closes_marker) {
                // The step's output is what came before the command's text.
                Some(o) => Failure {
                    marker,
                    command: Some(o.line),
                    lines: o.tail.into(),
                    errors: o.tail_errors.into(),
                    open: o.open,
                    began_here: true,
                    from: o.from,
                    closes: true,
                },
                None => Failure {
                    marker,
                    command: None,
                    lines: self.tail.iter().cloned().collect(),
                    errors: self.tail_errors.iter().cloned().collect(),
                    open: !self.sealed,
                    began_here: false,
                    from: self.step_from,
                    closes: class.closes_marker,
                },
            };
            self.push_failure(failure);
        }
        if class.boundary {
            self.opened = None;
            if class.opens_marker {
                self.opened = Some(Opened {
                    line: CiLine {
                        pos,
                        weight: class.weight,
                        text: cut(msg),
                    },
                    tail: std::mem::take(&mut self.tail),
                    tail_errors: std::mem::take(&mut self.tail_errors),
                    open: !self.sealed,
                    from: self.step_from,
                });
            }
            self.clear_windows();
            self.sealed = true;
            self.step_from = Some(line);
            return;
        }
        if class.werror {
            self.werror_warnings(WINDOW);
            if !self.sealed && self.werror_reach.is_none() {
                self.werror_reach = Some(self.pushed);
            }
        }
        if !self.sealed {
            self.pushed = (self.pushed + 1).min(WINDOW);
        }
        let text = super::cut_text(msg, TEXT_CAP);
        if class.weight >= 4 {
            push_bounded(
                &mut self.tail_errors,
                &mut self.spare,
                pos,
                class.weight,
                text,
                ERROR_WINDOW,
            );
        }
        push_bounded(
            &mut self.tail,
            &mut self.spare,
            pos,
            class.weight,
            text,
            WINDOW,
        );
    }

    /// Empties both windows, keeping their lines' buffers for the lines to come: a log that
    /// starts a step every few dozen lines would otherwise allocate and free a window's worth
    /// of buffers each time.
    fn clear_windows(&mut self) {
        for line in self.tail.drain(..).chain(self.tail_errors.drain(..)) {
            self.spare.0.push(line.text);
        }
    }

    /// Makes errors of the warnings among the last `last` lines of the current step's window
    /// (a `-Werror` line follows them), and adds them to the window of error lines.
    fn werror_warnings(&mut self, last: usize) {
        let skip = self.tail.len().saturating_sub(last);
        let mut raised = Vec::new();
        for l in self.tail.iter_mut().skip(skip) {
            if l.weight == WARNING_WEIGHT {
                l.weight = WERROR_WEIGHT;
                raised.push(l.clone());
            }
        }
        if raised.is_empty() {
            return;
        }
        let mut all: Vec<CiLine> = self.tail_errors.drain(..).chain(raised).collect();
        all.sort_by_key(|l| (l.pos.source, l.pos.line));
        let drop = all.len().saturating_sub(ERROR_WINDOW);
        self.tail_errors.extend(all.into_iter().skip(drop));
    }

    fn push_failure(&mut self, f: Failure) {
        self.failures.push(f);
        if self.failures.len() > 2 * FAILURES_KEPT {
            self.failures.remove(FAILURES_KEPT);
        }
    }

    /// Adds what `later` saw, which covers input after everything `self` covers.
    pub fn absorb(&mut self, later: CiTrail) {
        if later.source.is_none() {
            return;
        }
        if self.source.is_none() {
            *self = later;
            return;
        }
        self.markers += later.markers;
        let same_source = self.source == later.source;
        if let Some(k) = later.werror_reach.filter(|_| same_source) {
            // A `-Werror` line early in `later` reaches back into our last lines.
            self.werror_warnings(WINDOW - k);
        }
        if same_source && !self.sealed {
            if self.werror_reach.is_none() {
                self.werror_reach = later.werror_reach.map(|k| (self.pushed + k).min(WINDOW));
            }
            self.pushed = (self.pushed + later.pushed).min(WINDOW);
        }
        // A marker `self` saw begin ends in `later`: the lines of `later` before its first
        // boundary are the command's text, and the failure is what came before the marker.
        let opened = self.opened.take().filter(|_| same_source);
        for mut f in later.failures {
            if f.open && same_source {
                // A failure whose marker began in `later` closed that marker, not ours: its
                // step's output before the marker continues our windows.
                match opened.as_ref().filter(|_| !f.began_here && f.closes) {
                    Some(o) => {
                        f.command = Some(o.line.clone());
                        f.began_here = true;
                        f.lines = o.tail.iter().cloned().collect();
                        f.errors = o.tail_errors.iter().cloned().collect();
                        f.open = o.open;
                        f.from = o.from;
                    }
                    None => {
                        f.lines = joined(&self.tail, f.lines, WINDOW).into();
                        f.errors = joined(&self.tail_errors, f.errors, ERROR_WINDOW).into();
                        f.open = !self.sealed;
                        f.from = self.step_from;
                    }
                }
            } else {
                f.open = false;
            }
            self.push_failure(f);
        }
        let mut later_opened = later.opened;
        if let Some(o) = later_opened.as_mut().filter(|o| o.open && !same_source) {
            o.open = false;
        }
        if let Some(o) = later_opened.as_mut().filter(|o| o.open) {
            // A marker that began in `later` before any boundary of its own: what came
            // before it continues what `self` saw.
            o.tail = joined(&self.tail, o.tail.drain(..).collect(), WINDOW);
            o.tail_errors = joined(
                &self.tail_errors,
                o.tail_errors.drain(..).collect(),
                ERROR_WINDOW,
            );
            o.open = !self.sealed;
            o.from = self.step_from;
        }
        if later.sealed || !same_source {
            self.tail = later.tail;
            self.tail_errors = later.tail_errors;
            self.opened = later_opened;
            self.step_from = later.step_from;
            self.sealed = true;
        } else {
            // No boundary in `later`: a marker `self` saw begin is still open.
            self.opened = opened;
            self.tail = joined(&self.tail, later.tail.into(), WINDOW);
            self.tail_errors = joined(&self.tail_errors, later.tail_errors.into(), ERROR_WINDOW);
        }
        self.source = later.source;
    }

    /// The line of the last step boundary of the last source, where one was seen.
    pub fn step_from(&self) -> Option<u64> {
        self.step_from
    }

    /// Whether the input looks like a CI job's log.
    pub fn is_ci(&self) -> bool {
        self.markers > 0
    }
}

fn cut(msg: &[u8]) -> Vec<u8> {
    super::cut_text(msg, TEXT_CAP).to_vec()
}

/// Appends a line, dropping the oldest when `cap` are kept (a window moves on every line read,
/// so the drop must not shift the others). The dropped line's buffer takes the new text: a
/// full window moves without allocating. The window and each of its buffers are made to their
/// full size at once (texts are cut at [`TEXT_CAP`]): grown as texts come, a chunk's windows
/// would reallocate a few hundred times.
fn push_bounded(
    v: &mut VecDeque<CiLine>,
    spare: &mut Spare,
    pos: Pos,
    weight: i8,
    text: &[u8],
    cap: usize,
) {
    let reused = if v.len() >= cap { v.pop_front() } else { None };
    let line = reused.map(|mut old| {
        old.pos = pos;
        old.weight = weight;
        old.text.clear();
        old.text.extend_from_slice(text);
        old
    });
    if v.capacity() < cap {
        v.reserve_exact(cap - v.len());
    }
    v.push_back(line.unwrap_or_else(|| {
        let mut buf = match spare.0.pop() {
            Some(mut b) => {
                b.clear();
                b
            }
            None => Vec::with_capacity(TEXT_CAP.max(text.len())),
        };
        buf.extend_from_slice(text);
        CiLine {
            pos,
            weight,
            text: buf,
        }
    }));
}

/// `before` then `after`, keeping the last `cap`.
fn joined(before: &VecDeque<CiLine>, after: Vec<CiLine>, cap: usize) -> VecDeque<CiLine> {
    let room = cap.saturating_sub(after.len());
    let mut out: VecDeque<CiLine> = before
        .iter()
        .skip(before.len().saturating_sub(room))
        .cloned()
        .collect();
    out.extend(after);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(msg: &str) -> Record<'_> {
        Record::plain(msg.as_bytes())
    }

    fn trail(lines: &[&str]) -> CiTrail {
        let mut t = CiTrail::default();
        for (i, l) in lines.iter().enumerate() {
            t.add(0, i as u64 + 1, &rec(l));
        }
        t
    }

    #[test]
    fn compiler_errors_outweigh_the_make_lines_that_report_them() {
        let err = classify(b"src/main.c:12:5: error: 'x' undeclared");
        let make = classify(b"make: *** [all] Error 2");
        assert!(err.weight >= 7);
        assert!(make.weight < 0);
    }

    #[test]
    fn gnu_form_diagnostics_are_errors_and_shell_traces_are_not() {
        // erlc and xmllint print errors as `file:line: message`, without the word "error".
        let erl = classify(b"src/rabbit_vhost.erl:91: field description undefined in record vhost");
        assert!(erl.weight >= 7, "{erl:?}");
        let xml =
            classify(b"../xml/erl_parse.xml:72: element name: validity error : Element marker");
        assert!(xml.weight >= 7, "{xml:?}");
        // ... and warnings as `file:line: Warning: ...`.
        let warn = classify(b"test/dummy_interceptor.erl:3: Warning: behaviour undefined");
        assert!(warn.weight < 7, "{warn:?}");
        assert!(classify(b"lib/x.py:12: DeprecationWarning: use y").weight < 7);
        // A warning's words are not a failure, nor is a note's; groff reads a pipe.
        let groff =
            b"<standard input>:981: warning [p 8, 1.8i, div `3tbd1,0', 0.0i]: cannot adjust line";
        assert!(classify(groff).weight <= 2, "{:?}", classify(groff));
        assert!(classify(b"main.c:3:1: note: cannot convert 'int' here").weight <= 2);
        assert!(classify(b"<stdin>:4:2: error: expected ';'").weight >= 7);
        // A word of an error's message is not its kind.
        let named =
            b"src/log.c:42:13: error: 'LOG_Warning' undeclared (first use in this function)";
        assert!(classify(named).weight >= 7, "{:?}", classify(named));
        assert!(classify(b"12:03:01: connected").weight < 7);
        // `set -x` echoes commands; their arguments are not failures.
        let trace =
            classify(b"++export 'GIT_PROVE_OPTS=--timer --jobs 3 --state=failed,slow,save'");
        assert!(trace.weight <= 1, "{trace:?}");
        assert!(classify(b"+ make test || echo failed").weight <= 1);
        // A diff's added line in a failing assertion is not a trace.
        assert!(classify(b"+ Received: \"failed to parse\"").weight > 1);
        // Perl's prove.
        assert!(classify(b"Failed 1/5 subtests").weight >= 7);
        assert!(classify(b"[info] - parses dates *** FAILED ***").weight >= 7);
        // A part of a name is not an error; an error type is.
        assert_eq!(
            classify(b"Text.Pandoc=pandoc-2.6:Text.Pandoc,Text.Pandoc.Error,Text.Pandoc.Lua")
                .weight,
            0
        );
        assert_eq!(classify(b"  set_error_handler(on_error)").weight, 0);
        assert!(classify(b"java.lang.Error: boom").weight >= 6);
        assert!(classify(b"socket.error: [Errno 111] Connection refused").weight >= 3);
        // A result column.
        assert!(classify(b"multiple-cursors/selections-trim          FAIL").weight >= 6);
        assert!(classify(b"Running test ./errors/filter with sam ... FAIL").weight >= 6);
        assert!(classify(b"multiple-cursors/selections-rotate        PASS").weight < 4);
        // Counts of none (Pester's summary, pytest's, key=value) are no error.
        let none = classify(b"Tests Passed: 4, Failed: 0, Skipped: 0, Pending: 0");
        assert!(none.weight < 3, "{none:?}");
        assert!(classify(b"passed 4, failed 0, total 4").weight < 3);
        assert!(classify(b"summary: errors=0 warnings=2").weight < 3);
        assert!(classify(b"Tests Passed: 3, Failed: 1, Skipped: 0").weight >= 4);
        assert!(classify(b"error: 0 is not a valid port").weight >= 4);
        let exit = classify(b"Exit status of ./bin/validate: expected 0, got 2");
        assert!(exit.weight >= 4, "{exit:?}");
        assert!(classify(b"    Expected: 0").weight >= 4);
        assert!(classify(b"set LOG_ON=FAIL").weight < 6);
        assert!(classify(b"Dubious, test returned 1 (wstat 256, 0x100)").weight >= 7);
    }

    #[test]
    fn a_verdict_alone_reports_a_failure_as_make_does_and_a_header_does_not() {
        for bare in [
            &b"*** Failed ***"[..],
            b"FAIL",
            b" ERROR",
            b"[ERROR] ",
            b"!!!!!!!! ERROR !!!!!!!!",
        ] {
            let c = classify(bare);
            assert!(c.weight < 0, "{:?}: {c:?}", String::from_utf8_lossy(bare));
        }
        // A header introduces the details under it, and a count or a subject says more.
        assert!(classify(b"Failures:").weight >= 0);
        assert!(classify(b"1 FAILED:").weight >= 0);
        assert!(classify(b"Building OTP..... failed.").weight >= 4);
        assert!(classify(b"error: boom").weight >= 4);
    }

    #[test]
    fn a_non_zero_exit_is_a_failed_step_and_zero_is_not() {
        assert!(classify(b"The command \"make test\" exited with 2.").step_failed);
        let ok = classify(b"The command \"make test\" exited with 0.");
        assert!(!ok.step_failed && ok.boundary);
        assert!(classify(b"##[error]Process completed with exit code 1.").step_failed);
        // travis_retry's words inside a step do not end it (Travis' own marker follows).
        for retry in [
            &b"The command \"sbt test\" failed. Retrying, 2 of 3."[..],
            b"The command \"sbt test\" failed 3 times.",
        ] {
            let c = classify(retry);
            assert!(!c.boundary && !c.step_failed && c.weight < 0, "{c:?}");
        }
    }

    #[test]
    fn the_failure_keeps_only_its_own_step() {
        let t = trail(&[
            "travis_time:start:1$ pip install x",
            "error: something earlier",
            "The command \"pip install x\" exited with 0.",
            "travis_time:start:2$ pytest",
            "E   AssertionError: 1 != 2",
            "The command \"pytest\" exited with 1.",
        ]);
        assert_eq!(t.failures.len(), 1);
        let f = &t.failures[0];
        assert_eq!(f.marker.pos.line, 6);
        let lines: Vec<u64> = f.lines.iter().map(|l| l.pos.line).collect();
        assert_eq!(lines, vec![5]);
        assert!(t.is_ci());
    }

    #[test]
    fn a_marker_over_several_lines_keeps_the_output_before_the_command() {
        // Travis quotes a command of several lines whole: the lines between `The command "`
        // and `" exited with 1.` are the command's text, and the step's output (the line a
        // developer needs) is before them.
        let t = trail(&[
            "travis_time:start:1$ bash -c \"make lint\"",
            "src/a.js:3:1: error: unexpected token",
            "The command \"bash -c \"",
            "  if [ \"$LINT\" == 1 ]; then",
            "    make lint",
            "  fi",
            "\"",
            "\" exited with 1.",
            "Done. Your build exited with 1.",
        ]);
        assert_eq!(t.failures.len(), 1);
        let f = &t.failures[0];
        assert_eq!(f.marker.pos.line, 8);
        assert_eq!(
            f.marker_words(),
            "The command \"bash -c \" \u{2026} \" exited with 1."
        );
        // Each line as it stands, at its place.
        assert_eq!(f.marker.text, b"\" exited with 1.");
        assert_eq!(f.command.as_ref().map(|c| c.pos.line), Some(3));
        let lines: Vec<u64> = f.lines.iter().map(|l| l.pos.line).collect();
        assert_eq!(
            lines,
            vec![2],
            "the command's text is not the step's output"
        );
        // A one-line marker and Travis' retry line close in place.
        assert!(!classify(b"The command \"make\" exited with 2.").opens_marker);
        assert!(!classify(b"The command \"npm i\" failed. Retrying, 2 of 3.").opens_marker);
        assert!(!classify(b"The command \"x\" failed and exited with 1 during .").opens_marker);
        assert!(classify(b"The command \"docker run x \\").opens_marker);
    }

    /// A marker line cut short (a stray byte in `exited`) looks like the start of a marker of
    /// several lines; another runner's marker later is no end of it, and the failure's marker
    /// is that line alone: the report quotes it as it stands.
    #[test]
    fn another_runners_marker_does_not_close_an_open_one() {
        let t = trail(&[
            "$ make test",
            "The command \"make test\" e\u{80}xited with 2.",
            "connection refused",
            "##[error]Process completed with exit code 1.",
        ]);
        let f = t.failures.last().expect("a failure");
        assert_eq!(f.marker.pos.line, 4);
        assert_eq!(
            String::from_utf8_lossy(&f.marker.text),
            "##[error]Process completed with exit code 1."
        );
        assert!(!classify(b"The command \"make\" exited with 2.").closes_marker);
        assert!(classify(b"\" exited with 1.").closes_marker);
    }

    fn split_lines() -> Vec<String> {
        (0..160)
            .map(|i| match i % 23 {
                3 => format!("travis_time:start:{i}$ step {i}"),
                9 => format!("error: thing {i} failed"),
                16 => format!("The command \"step\" exited with {}.", i % 2),
                18 => format!("The command \"bash -c \\ {i}"),
                19 => String::from("  error: a word in the command's text"),
                20 => format!("\" exited with {}.", i % 3),
                _ => format!("output {i}"),
            })
            .collect()
    }

    #[test]
    fn split_anywhere_gives_the_same_trail() {
        let lines = split_lines();
        let whole = {
            let mut t = CiTrail::default();
            for (i, l) in lines.iter().enumerate() {
                t.add(0, i as u64 + 1, &rec(l));
            }
            t
        };
        assert!(whole.failures.len() >= 4, "{}", whole.failures.len());
        let n = lines.len();
        for first in [1, 5, 19, 20, 50, 110] {
            for second in [first + 1, first + 2, first + 7, n - 1] {
                let mut parts = [CiTrail::default(), CiTrail::default(), CiTrail::default()];
                for (i, l) in lines.iter().enumerate() {
                    let p = usize::from(i >= first) + usize::from(i >= second);
                    parts[p].add(0, i as u64 + 1, &rec(l));
                }
                let [mut a, b, c] = parts;
                a.absorb(b);
                a.absorb(c);
                let at = format!("split at {first} and {second}");
                assert_eq!(a.failures, whole.failures, "{at}");
                assert_eq!(a.tail, whole.tail, "{at}");
                assert_eq!(a.opened, whole.opened, "{at}");
                assert_eq!(a.step_from, whole.step_from, "{at}");
            }
        }
    }

    #[test]
    fn a_tests_result_column_says_whether_it_failed() {
        // tasty, and test scripts: the name, then the result, perhaps with the time.
        assert!(classify(b"      tables:                      FAIL (0.06s)").weight >= 6);
        assert!(classify(b"selections-trim          FAIL").weight >= 6);
        // A passing test's name is not an error, even when it reads like one.
        let ok = classify(b"  emerges nested styles as expected:              OK");
        assert!(ok.weight <= 1, "{ok:?}");
        assert!(classify(b"  reports an error on bad input:  OK (0.09s)").weight <= 1);
        assert!(classify(b"    average of nothing: FAIL").weight >= 6);
        assert!(classify(b"    handles the error case: OK").weight <= 1);
        assert!(classify(b"error: OK (0.09s) is not a number").weight >= 4);
    }

    #[test]
    fn a_line_its_tool_marked_as_a_warning_weighs_as_one() {
        // sbt's `[warn]` lines say "could not" about things that do not fail the build.
        let weight_of = |level: Option<Level>| {
            let mut t = CiTrail::default();
            let lines = [
                "travis_time:start:1$ sbt test",
                "[warn] Could not determine source for class com.example.Main",
                "[info] - parses dates *** FAILED ***",
                "The command \"sbt test\" exited with 1.",
            ];
            for (i, l) in lines.iter().enumerate() {
                let mut r = rec(l);
                if i == 1 {
                    r.level = level;
                }
                t.add(0, i as u64 + 1, &r);
            }
            let f = &t.failures[0];
            let weight = |n: u64| f.lines.iter().find(|l| l.pos.line == n).unwrap().weight;
            assert!(weight(3) >= 7, "a failure mark keeps its weight");
            weight(2)
        };
        assert!(weight_of(None) >= 4);
        assert_eq!(weight_of(Some(Level::Warn)), 2);
    }

    #[test]
    fn scalac_fatal_warnings_makes_errors_of_the_warnings_before_it() {
        // Maven's scala plugin; the warning is the step's error, not the line that says so.
        let lines = [
            "travis_time:start:1$ mvn compile",
            "[WARNING] /src/Slug.scala:5: warning: method oldSlug in object Slug is deprecated",
            "[WARNING]   def slug(s: String): String = oldSlug(s)",
            "[ERROR] error: No warnings can be incurred under -Xfatal-warnings.",
            "The command \"mvn compile\" exited with 1.",
        ];
        let t = trail(&lines);
        let f = &t.failures[0];
        let weight = |n: u64| f.lines.iter().find(|l| l.pos.line == n).unwrap().weight;
        assert_eq!(weight(2), WERROR_WEIGHT, "{:?}", f.lines);
        assert!(weight(4) <= 1, "{:?}", f.lines);
    }

    /// Reads `lines` in parts that start at the indices of `splits`, merged in order.
    fn in_parts(lines: &[&str], splits: &[usize]) -> CiTrail {
        let mut parts = vec![CiTrail::default(); splits.len() + 1];
        for (i, l) in lines.iter().enumerate() {
            let p = splits.iter().filter(|&&s| i >= s).count();
            parts[p].add(0, i as u64 + 1, &rec(l));
        }
        let mut parts = parts.into_iter();
        let mut all = parts.next().unwrap_or_default();
        for p in parts {
            all.absorb(p);
        }
        all
    }

    #[test]
    fn werror_makes_errors_of_the_warnings_before_it_however_split() {
        // Warnings all along, `-Werror` after more than a window of lines: only the warnings
        // among the last window's lines become errors, wherever the input is cut.
        let lines: Vec<String> = (0..70)
            .map(|i| match i {
                0 => String::from("travis_time:start:1$ make"),
                55 => String::from("cc1: all warnings being treated as errors"),
                60 => String::from("The command \"make\" exited with 2."),
                i if i % 6 == 0 => format!("src/m{i}.c:3:1: warning: unused variable 'x{i}'"),
                i => format!("gcc -c src/m{i}.c"),
            })
            .collect();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let whole = in_parts(&refs, &[]);
        let f = &whole.failures[0];
        let raised: Vec<u64> = f
            .errors
            .iter()
            .filter(|l| l.weight == WERROR_WEIGHT)
            .map(|l| l.pos.line)
            .collect();
        // Line n holds index n - 1; the window before line 56 holds lines 16..=55.
        assert_eq!(raised, vec![19, 25, 31, 37, 43, 49, 55], "{:?}", f.errors);
        for first in 1..refs.len() {
            for second in [first + 1, first + 9, first + 30] {
                let splits: Vec<usize> = [first, second]
                    .into_iter()
                    .filter(|&s| s < refs.len())
                    .collect();
                let parts = in_parts(&refs, &splits);
                assert_eq!(parts.failures, whole.failures, "parts from {splits:?}");
                assert_eq!(
                    parts.tail_errors, whole.tail_errors,
                    "parts from {splits:?}"
                );
                if let [a, b] = splits[..] {
                    // The later two parts merged first, then the first takes them.
                    let mut first = in_parts(&refs[..a], &[]);
                    let mut rest = CiTrail::default();
                    let mut last = CiTrail::default();
                    for (i, l) in refs.iter().enumerate().skip(a) {
                        let t = if i < b { &mut rest } else { &mut last };
                        t.add(0, i as u64 + 1, &rec(l));
                    }
                    rest.absorb(last);
                    first.absorb(rest);
                    assert_eq!(first.failures, whole.failures, "tree from {splits:?}");
                }
            }
        }
    }

    #[test]
    fn random_mixes_of_markers_give_the_same_trail_however_split() {
        // Found by a review: a multi-line marker that opened and closed in a later part took
        // the earlier part's still-open marker as its own beginning.
        let words = [
            "output",
            "error: cause",
            "E   AssertionError",
            "travis_time:start:1$ make",
            "The command \"make\" exited with 0.",
            "The command \"make\" exited with 2.",
            "The command \"bash -c \"",
            "\" exited with 1.",
            "\" exited with 0.",
            "The command \"x\" failed. Retrying, 2 of 3.",
            "##[error]Process completed with exit code 1.",
            "The command \"make || exit 1",
            "\" failed and exited with 1 during .",
            "src/a.c:3:1: warning: unused variable 'x'",
            "cc1: all warnings being treated as errors",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for case in 0..600 {
            let n = 4 + (next() % 8) as usize;
            let lines: Vec<&str> = (0..n)
                .map(|_| words[(next() % words.len() as u64) as usize])
                .collect();
            let whole = in_parts(&lines, &[]);
            for first in 1..n {
                for second in first..n {
                    let splits = if second == first {
                        vec![first]
                    } else {
                        vec![first, second]
                    };
                    let parts = in_parts(&lines, &splits);
                    let at = format!("case {case}, parts from {splits:?} of {lines:#?}");
                    assert_eq!(parts.failures, whole.failures, "{at}");
                    assert_eq!(parts.tail, whole.tail, "{at}");
                    assert_eq!(parts.tail_errors, whole.tail_errors, "{at}");
                    assert_eq!(parts.opened, whole.opened, "{at}");
                    assert_eq!(parts.step_from, whole.step_from, "{at}");
                }
            }
        }
    }
}
