//! The whole analysis on one input file: read, detect, parse, join, match the built-in
//! patterns, rank, and render every report format. The JSON report is valid JSON and the same
//! for a small chunk size (picked by the first byte) as for the default one.
#![no_main]

use std::sync::{Arc, OnceLock};

use culprit::engine::{self, Options, Sink, SourceMeta};
use culprit::event::Event;
use culprit::patterns::{load, LoadOptions, PatternSet};
use culprit::report::{self, Report};
use culprit::source::Input;
use culprit::summary::{Summary, Window};
use libfuzzer_sys::fuzz_target;

struct Collect(u32, Summary);

impl Sink for Collect {
    fn event(&mut self, ev: &Event<'_>) {
        self.1.add_event(self.0, ev);
    }
    fn hit(&mut self, hit: &engine::LineHit<'_>) {
        self.1.add_hit(self.0, hit);
    }
    fn wants_fields(&self, pattern: u32) -> bool {
        self.1.wants_fields(pattern)
    }
    fn record(&mut self, line: u64, rec: &culprit::record::Record<'_>) {
        self.1.add_record(self.0, line, rec);
    }
    fn test_case(&mut self, case: &culprit::record::junit::TestCase) {
        self.1.add_test_case(self.0, case);
    }
}

fn library() -> Arc<PatternSet> {
    static LIB: OnceLock<Arc<PatternSet>> = OnceLock::new();
    LIB.get_or_init(|| {
        Arc::new(
            load(&LoadOptions {
                builtin: true,
                dirs: Vec::new(),
            })
            .expect("the built-in library loads"),
        )
    })
    .clone()
}

fn analyse(input: &Input, chunk_size: usize) -> Report {
    let patterns = library();
    let opts = Options {
        threads: 1,
        chunk_size,
        binary_as_text: true,
        patterns: patterns.clone(),
        ..Options::default()
    };
    let mut summary = Summary::global(Window::default(), 50_000);
    let reports = engine::run(
        std::slice::from_ref(input),
        &opts,
        |m: &SourceMeta| Collect(m.index, Summary::new(Window::default())),
        |s: Collect| summary.absorb(s.1),
    );
    Report::with_options(
        &summary,
        reports,
        10,
        &patterns,
        culprit::rank::Options { ci: false },
    )
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let dir = std::env::temp_dir();
    let path = dir.join(format!("culprit-fuzz-{}.log", std::process::id()));
    std::fs::write(&path, body).expect("write the input");
    let input = Input::file(&path);

    let report = analyse(&input, engine::DEFAULT_CHUNK_SIZE);
    let mut json = Vec::new();
    report::json::write(&report, &mut json).unwrap();
    let value: serde_json::Value = serde_json::from_slice(&json).expect("the JSON report parses");
    let small = analyse(&input, 1 + pick as usize % 97);
    let mut again = Vec::new();
    report::json::write(&small, &mut again).unwrap();
    let other: serde_json::Value = serde_json::from_slice(&again).expect("the JSON report parses");
    assert_eq!(value, other, "the report depends on the chunk size");

    let mut out = Vec::new();
    report::markdown::write(&report, &mut out).unwrap();
    out.clear();
    report::html::write(&report, &mut out).unwrap();
    out.clear();
    report::github::write(&report, &mut out).unwrap();
    out.clear();
    report::human::write(&report, &mut out, 80, true).unwrap();
    let _ = std::fs::remove_file(&path);
});
