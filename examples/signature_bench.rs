//! Times the two template-mining stages: `signature` over a file of messages repeated, and `mine`
//! over the distinct signatures, plus `mine` over a synthetic set of many distinct signatures.
//!
//! `cargo run --release --example signature_bench -- FILE [REPEAT] [SYNTHETIC]`
use std::collections::HashMap;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: signature_bench FILE [REPEAT] [SYNTHETIC]");
    let repeat: usize = args.next().map_or(50, |s| s.parse().expect("a number"));
    let synthetic: usize = args
        .next()
        .map_or(100_000, |s| s.parse().expect("a number"));
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let lines: Vec<&str> = text.lines().collect();

    let mut out = String::new();
    let mut bytes = 0usize;
    let start = Instant::now();
    for _ in 0..repeat {
        for line in &lines {
            culprit::templates::signature(line, &mut out);
            bytes += out.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = lines.len() * repeat;
    println!(
        "signature: {n} lines in {secs:.3} s = {:.0} lines/s ({bytes} bytes out)",
        n as f64 / secs
    );

    let mut counts: HashMap<String, u64> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for line in &lines {
        culprit::templates::signature(line, &mut out);
        let c = counts.entry(out.clone()).or_insert_with(|| {
            order.push(out.clone());
            0
        });
        *c += 1;
    }
    let view: Vec<(&str, u64)> = order.iter().map(|s| (s.as_str(), counts[s])).collect();
    let start = Instant::now();
    let mined = culprit::templates::mine(&view);
    println!(
        "mine: {} distinct signatures -> {} templates in {:.3} s",
        view.len(),
        mined.templates.len(),
        start.elapsed().as_secs_f64()
    );

    // Many distinct signatures: the real ones with one word replaced by a pseudo-random word.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut seen: HashMap<String, ()> = HashMap::new();
    let mut many: Vec<String> = Vec::new();
    let mut guard = 0;
    while many.len() < synthetic && guard < synthetic * 20 {
        guard += 1;
        let base = &order[(next() % order.len() as u64) as usize];
        let mut toks: Vec<String> = base.split(' ').map(str::to_string).collect();
        let at = (next() % toks.len() as u64) as usize;
        let len = 3 + (next() % 6) as usize;
        toks[at] = (0..len)
            .map(|_| (b'a' + (next() % 26) as u8) as char)
            .collect();
        let s = toks.join(" ");
        if seen.insert(s.clone(), ()).is_none() {
            many.push(s);
        }
    }
    let view: Vec<(&str, u64)> = many.iter().map(|s| (s.as_str(), 1)).collect();
    let start = Instant::now();
    let mined = culprit::templates::mine(&view);
    println!(
        "mine: {} synthetic distinct signatures -> {} templates in {:.3} s",
        view.len(),
        mined.templates.len(),
        start.elapsed().as_secs_f64()
    );
}
