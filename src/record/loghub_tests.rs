//! Message extraction scored against labelled logs (Loghub's 2k-line samples): for each data
//! set, `detect` runs on the first 200 lines and `parse` on every line, and the message
//! (trimmed) must equal the labelled `Content` column. The data is not shipped with the
//! project: without it the test says so and passes.

use std::path::{Path, PathBuf};

use super::{detect, Parser, TimeContext, Timestamp};

/// Fields of one CSV record (RFC 4180: quoted fields with `""` escapes; no newlines inside
/// fields in these files).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') => {
                if chars.peek() == Some(&'"') {
                    cur.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            }
            (false, '"') if cur.is_empty() => quoted = true,
            (false, ',') => out.push(std::mem::take(&mut cur)),
            (_, c) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/loghub-2k")
}

/// Share of lines whose message matches the label, per data set.
fn scores(dir: &Path) -> Vec<(String, f64, String)> {
    let mut sets: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    sets.sort();
    let mut out = Vec::new();
    for set in sets.iter().filter(|p| p.is_dir()) {
        let name = set.file_name().unwrap().to_string_lossy().into_owned();
        let log = set.join(format!("{name}_2k.log"));
        let csv = set.join(format!("{name}_2k.log_structured.csv"));
        let (Ok(log), Ok(csv)) = (std::fs::read(&log), std::fs::read(&csv)) else {
            continue;
        };
        let csv = String::from_utf8_lossy(&csv);
        let mut rows = csv.lines();
        let header = csv_fields(rows.next().unwrap_or(""));
        let Some(col) = header.iter().position(|h| h == "Content") else {
            continue;
        };
        let labels: Vec<String> = rows
            .map(|r| csv_fields(r).get(col).cloned().unwrap_or_default())
            .collect();
        let lines: Vec<&[u8]> = log.split(|&b| b == b'\n').collect();
        let sample: Vec<&[u8]> = lines.iter().take(200).copied().collect();
        let format = detect(&sample);
        let reference = Timestamp::from_utc(2026, 1, 1, 0, 0, 0, 0).unwrap();
        let mut parser = Parser::new(format.clone(), TimeContext::utc(reference));
        // `LOGHUB_SHOW=<data set>` prints the first mismatches of that set.
        let show = std::env::var("LOGHUB_SHOW").is_ok_and(|s| s == name);
        if show {
            println!("{name}: {format:?}");
        }
        let mut hits = 0;
        let mut shown = 0;
        for (line, label) in lines.iter().zip(&labels) {
            let r = parser.parse(line);
            let msg = String::from_utf8_lossy(&r.message);
            if msg.trim() == label.trim() {
                hits += 1;
            } else if show && shown < 12 {
                shown += 1;
                println!(
                    "  line:  {}\n  got:   {msg}\n  label: {label}",
                    String::from_utf8_lossy(line)
                );
            }
        }
        let share = hits as f64 / labels.len().max(1) as f64;
        out.push((name, share, format.name().to_string()));
    }
    out
}

#[test]
fn loghub_messages_match_labels() {
    let dir = data_dir();
    if !dir.is_dir() {
        println!("skipped: no Loghub data at {}", dir.display());
        return;
    }
    let scores = scores(&dir);
    if scores.is_empty() {
        println!("skipped: no data sets under {}", dir.display());
        return;
    }
    for (name, share, format) in &scores {
        println!("{name:<12} {:6.2}%  ({format})", share * 100.0);
    }
    let mean = scores.iter().map(|s| s.1).sum::<f64>() / scores.len() as f64;
    println!("{:<12} {:6.2}%", "mean", mean * 100.0);
    for (name, share, _) in &scores {
        assert!(*share >= 0.70, "{name}: {:.2}% < 70%", share * 100.0);
    }
    assert!(mean >= 0.90, "mean {:.2}% < 90%", mean * 100.0);
}

#[test]
fn csv_fields_unquote() {
    assert_eq!(
        csv_fields(r#"1,"a, b","say ""hi""",x"#),
        vec!["1", "a, b", "say \"hi\"", "x"]
    );
}
