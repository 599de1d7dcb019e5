//! Properties of the whole generator: determinism, size, encoding, ground truth.

use super::*;

fn gen(cfg: &Config) -> (Vec<u8>, Summary) {
    let mut out = Vec::new();
    let summary = generate(cfg, &mut out).expect("writing to a Vec cannot fail");
    (out, summary)
}

fn cfg(size: u64, seed: u64, layout: Layout) -> Config {
    let mut c = Config::new(size, seed);
    c.layout = layout;
    c
}

fn all_layouts() -> impl Iterator<Item = Layout> {
    std::iter::once(Layout::Mix).chain(Format::ALL.iter().map(|&f| Layout::Single(f)))
}

fn lines(out: &[u8]) -> Vec<&str> {
    std::str::from_utf8(out).unwrap().lines().collect()
}

#[test]
fn same_seed_same_bytes() {
    for layout in all_layouts() {
        let a = gen(&cfg(200_000, 7, layout));
        let b = gen(&cfg(200_000, 7, layout));
        assert!(a.0 == b.0, "{layout:?} is not deterministic");
        assert_eq!(a.1, b.1);
    }
    let mut c = cfg(1 << 20, 7, Layout::Mix);
    c.scenario = Some(Scenario::Oom);
    assert_eq!(gen(&c), gen(&c));
}

#[test]
fn different_seeds_differ() {
    for layout in all_layouts() {
        let a = gen(&cfg(50_000, 1, layout)).0;
        let b = gen(&cfg(50_000, 2, layout)).0;
        assert_ne!(a, b, "{layout:?}");
    }
}

#[test]
fn size_is_an_upper_bound_within_one_event() {
    for layout in [
        Layout::Mix,
        Layout::Single(Format::Log4j),
        Layout::Single(Format::Access),
    ] {
        for size in [0u64, 10, 4096, 100_000, (1 << 20) + 7, 3 << 20] {
            let (out, s) = gen(&cfg(size, 3, layout));
            assert_eq!(out.len() as u64, s.bytes);
            assert!(s.bytes <= size, "{layout:?} {size}: wrote {}", s.bytes);
            if size >= 100_000 {
                // The largest event (a goroutine dump or a chained trace) is a few KiB.
                assert!(
                    s.bytes + 8192 >= size,
                    "{layout:?} {size}: only {}",
                    s.bytes
                );
            }
        }
    }
}

#[test]
fn summary_counts_match_output() {
    let (out, s) = gen(&cfg(1 << 20, 5, Layout::Mix));
    assert_eq!(s.lines, out.iter().filter(|&&b| b == b'\n').count() as u64);
    assert_eq!(out.last(), Some(&b'\n'));
    assert_eq!(s.by_level.iter().sum::<u64>(), s.events);
    assert!(s.events <= s.lines);
}

#[test]
fn output_is_utf8_without_control_bytes() {
    for layout in all_layouts() {
        let (out, _) = gen(&cfg(300_000, 11, layout));
        let text = std::str::from_utf8(&out).unwrap_or_else(|e| panic!("{layout:?}: {e}"));
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{layout:?} has a control character"
        );
    }
}

#[test]
fn level_shares_are_realistic() {
    let (_, s) = gen(&cfg(8 << 20, 1, Layout::Mix));
    let share =
        |i: &[usize]| i.iter().map(|&i| s.by_level[i]).sum::<u64>() as f64 / s.events as f64;
    let info_debug = share(&[0, 1, 2, 3]);
    let warn = share(&[4]);
    let error = share(&[5, 6]);
    assert!(
        (0.85..0.93).contains(&info_debug),
        "info+debug {info_debug}"
    );
    assert!((0.05..0.09).contains(&warn), "warn {warn}");
    assert!((0.02..0.05).contains(&error), "error {error}");
}

#[test]
fn json_layouts_write_json() {
    for f in [
        Format::Zap,
        Format::Logrus,
        Format::Pino,
        Format::Bunyan,
        Format::Ecs,
    ] {
        let (out, _) = gen(&cfg(400_000, 2, Layout::Single(f)));
        let mut json = 0;
        let all = lines(&out);
        for line in &all {
            // Go and Rust panics bypass the logger and land raw between the JSON lines.
            if line.starts_with('{') {
                let v: serde_json::Value =
                    serde_json::from_str(line).unwrap_or_else(|e| panic!("{f}: {e}: {line}"));
                assert!(v.is_object());
                json += 1;
            }
        }
        assert!(json * 100 >= all.len() * 95, "{f}: {json} of {}", all.len());
    }
}

#[test]
fn mix_shows_every_layout_and_multiline_shape() {
    let (out, _) = gen(&cfg(16 << 20, 4, Layout::Mix));
    let text = std::str::from_utf8(&out).unwrap();
    for marker in [
        " kernel: [",                              // syslog with printk uptime
        ": pam_unix(sshd:session)",                // syslog
        "<30>1 ",                                  // RFC 5424, daemon.info
        "{\"level\":\"info\",\"ts\":",             // zap
        "\"level\":\"warning\",\"msg\"",           // logrus (sorted keys)
        "{\"level\":30,\"time\":",                 // pino
        ",\"v\":0}",                               // bunyan
        "\"ecs.version\":\"1.2.0\"",               // ECS
        " caller=",                                // logfmt
        "\" 200 ",                                 // access
        "] ",                                      // nginx error
        " --- [inventory] [",                      // spring
        " - django.request - WARNING - Not Found", // python
        "Z ##[group]Run actions/checkout@v4",      // GitHub Actions
        "\nCaused by: ",
        "\n\tat ",
        "\n\t... ",
        "\nTraceback (most recent call last):\n  File \"",
        "\nDuring handling of the above exception, another exception occurred:\n",
        "\ngoroutine ",
        "\npanic: runtime error: invalid memory address or nil pointer dereference\n",
        "]: thread 'tokio-runtime-worker' (",
        "panicked at src/sink/batch.rs:88:14:",
        "]: called `Option::unwrap()` on a `None` value\n",
    ] {
        assert!(text.contains(marker), "mix lacks {marker:?}");
    }
    assert!(text
        .lines()
        .any(|l| l.starts_with('I') && l.contains("] \"SyncLoop UPDATE\"")));
    assert!(text
        .lines()
        .any(|l| l.contains(" [error] ") && l.contains("#")));
}

#[test]
fn background_never_contains_a_cause() {
    for layout in all_layouts() {
        let size = if layout == Layout::Mix {
            8 << 20
        } else {
            1 << 20
        };
        let (out, _) = gen(&cfg(size, 9, layout));
        for s in Scenario::ALL {
            assert!(
                memmem::find(&out, s.cause_text().as_bytes()).is_none(),
                "{layout:?} background contains {:?}",
                s.cause_text()
            );
        }
    }
}

#[test]
fn ground_truth_points_at_the_cause() {
    let layouts = [
        Layout::Mix,
        Layout::Single(Format::Syslog),
        Layout::Single(Format::Journal),
        Layout::Single(Format::Rfc5424),
        Layout::Single(Format::Zap),
        Layout::Single(Format::Ecs),
        Layout::Single(Format::Logfmt),
        Layout::Single(Format::Log4j),
        Layout::Single(Format::Python),
        Layout::Single(Format::Gha),
    ];
    for &scenario in Scenario::ALL {
        for layout in layouts {
            let mut c = cfg(3 << 20, 21, layout);
            c.scenario = Some(scenario);
            let (out, s) = gen(&c);
            let t = s
                .truth
                .unwrap_or_else(|| panic!("{scenario} {layout:?}: no truth"));
            let all = lines(&out);
            let at = |n: u64| all[n as usize - 1];
            assert!(
                at(t.cause_line).contains(scenario.cause_text()),
                "{scenario} {layout:?}: line {} is {:?}",
                t.cause_line,
                at(t.cause_line)
            );
            assert_eq!(t.cause_lines[0], t.cause_line);
            assert!(t.cause_lines.windows(2).all(|w| w[0] < w[1]));
            for &n in &t.cause_lines {
                assert!(
                    at(n).contains(scenario.cause_text()),
                    "{scenario} {layout:?}: {n}"
                );
            }
            // The cause sits near the chosen point, and is not the last error.
            let pos: usize = all[..t.cause_line as usize]
                .iter()
                .map(|l| l.len() + 1)
                .sum();
            assert!(
                (0.55..0.65).contains(&(pos as f64 / s.bytes as f64)),
                "{scenario} {layout:?}"
            );
            let first = t.first_symptom_line.expect("symptoms follow");
            assert!(first > t.cause_line);
            assert!(t.last_symptom_line.unwrap() > t.cause_line);
            assert!(
                t.symptom_events > 1000,
                "{scenario} {layout:?}: {}",
                t.symptom_events
            );
            // Symptoms outnumber the cause evidence.
            assert!(t.symptom_events > 4 * t.cause_lines.len() as u64);
            // The background before the cause has no cause text.
            let before = &all[..t.cause_line as usize - 1];
            assert!(before.iter().all(|l| !l.contains(scenario.cause_text())));
        }
    }
}

#[test]
fn ground_truth_json_names_the_lines() {
    let mut c = cfg(2 << 20, 7, Layout::Mix);
    c.scenario = Some(Scenario::DiskFull);
    let t = gen(&c).1.truth.unwrap();
    let v: serde_json::Value = serde_json::from_str(&t.to_json()).unwrap();
    assert_eq!(v["scenario"], "disk-full");
    assert_eq!(v["cause_line"], t.cause_line);
    assert_eq!(v["cause_text"], "No space left on device");
}

#[test]
fn scenarios_refuse_single_program_layouts() {
    let mut c = cfg(1 << 20, 1, Layout::Single(Format::Access));
    c.scenario = Some(Scenario::Oom);
    let err = generate(&c, Vec::new()).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
}

#[test]
fn sizes_parse() {
    assert_eq!(parse_size("1G"), Some(1 << 30));
    assert_eq!(parse_size("300M"), Some(300 << 20));
    assert_eq!(parse_size("64k"), Some(64 << 10));
    assert_eq!(parse_size("2GiB"), Some(2 << 30));
    assert_eq!(parse_size("2Gi"), Some(2 << 30));
    assert_eq!(parse_size("10MB"), Some(10 << 20));
    assert_eq!(parse_size("-1"), None);
    assert_eq!(parse_size("1.5K"), Some(1536));
    assert_eq!(parse_size("4096"), Some(4096));
    assert_eq!(parse_size("x"), None);
    assert_eq!(parse_size(""), None);
}
