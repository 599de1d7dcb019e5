//! Engine throughput: bytes per second of the whole analysis pipeline (chunk, detect, parse,
//! join events, count) on generated logs, one mixed-format and a few single-format ones.
//!
//! `cargo bench --bench throughput`. The end-to-end comparison with `wc -l` and ripgrep on a
//! 1 GB file is `benches/throughput.sh`.

use std::io::Write;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use culprit::engine::{self, Options, Sink, SourceMeta};
use culprit::event::Event;
use culprit::source::Input;
use culprit::summary::{Summary, Window};
use culprit::testgen::{self, Config, Format, Layout};

struct Counts(u32, Summary);

impl Sink for Counts {
    fn event(&mut self, ev: &Event<'_>) {
        self.1.add_event(self.0, ev);
    }
}

fn analyse(input: &[Input], threads: usize) -> u64 {
    let opts = Options {
        threads,
        ..Options::default()
    };
    let mut total = Summary::new(Window::default());
    engine::run(
        input,
        &opts,
        |m: &SourceMeta| Counts(m.index, Summary::new(Window::default())),
        |s: Counts| total.absorb(s.1),
    );
    total.events
}

fn generated(layout: Layout, size: u64) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().expect("a temporary file");
    let mut config = Config::new(size, 7);
    config.layout = layout;
    testgen::generate(&config, std::io::BufWriter::new(file.as_file_mut())).expect("generated log");
    file.flush().expect("flushed");
    file
}

fn throughput(c: &mut Criterion) {
    const SIZE: u64 = 32 << 20;
    let cases = [
        ("mixed", Layout::Mix),
        ("syslog", Layout::Single(Format::Syslog)),
        ("json", Layout::Single(Format::Zap)),
        ("log4j", Layout::Single(Format::Log4j)),
    ];
    let mut group = c.benchmark_group("analyze");
    group.sample_size(10);
    for (name, layout) in cases {
        let file = generated(layout, SIZE);
        let bytes = std::fs::metadata(file.path()).expect("size").len();
        let input = vec![Input::file(file.path())];
        group.throughput(Throughput::Bytes(bytes));
        for threads in [1, 2] {
            group.bench_function(format!("{name}/j{threads}"), |b| {
                b.iter(|| analyse(&input, threads))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
