//! Development harness for the template miner: reads one message per line from a file and
//! prints `{"line", "template_id", "template"}` per line (the DESIGN §2.3 shape), the way
//! `../shared/eval/loghub_eval.py` scores it.
//!
//! `cargo run --release --example mine -- FILE > preds.jsonl`
use std::collections::HashMap;
use std::io::{BufWriter, Write};

fn main() {
    let path = std::env::args().nth(1).expect("usage: mine FILE");
    let text = std::fs::read(&path).expect("readable file");
    let text = String::from_utf8_lossy(&text);
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut sigs: Vec<(String, u64)> = Vec::new();
    let mut per_line = Vec::new();
    let mut buf = String::new();
    for line in text.lines() {
        culprit::templates::signature(line, &mut buf);
        let i = match index.get(&buf) {
            Some(&i) => i,
            None => {
                index.insert(buf.clone(), sigs.len());
                sigs.push((buf.clone(), 0));
                sigs.len() - 1
            }
        };
        sigs[i].1 += 1;
        per_line.push(i);
    }
    let view: Vec<(&str, u64)> = sigs.iter().map(|(s, c)| (s.as_str(), *c)).collect();
    let mined = culprit::templates::mine(&view);
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    for (n, sig) in per_line.iter().enumerate() {
        let t = mined.of[*sig] as usize;
        let obj = serde_json::json!({"line": n + 1, "template_id": format!("t{}", t + 1), "template": mined.templates[t]});
        writeln!(out, "{obj}").unwrap();
    }
}
