//! Chunk splitting, against an oracle: the lines of all chunks, with chunk size, line cap and
//! the sizes of the reads picked by the fuzzer, are the lines of a plain split of the input,
//! each cut to the cap.
#![no_main]

use std::io::{self, Read};

use culprit::source::{ChunkBuf, ChunkReader};
use libfuzzer_sys::fuzz_target;

/// A reader that hands out the input in reads of the given sizes (cycled), as a pipe does.
struct Dribble {
    data: Vec<u8>,
    at: usize,
    sizes: Vec<usize>,
    turn: usize,
}

impl Read for Dribble {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let size = self.sizes[self.turn % self.sizes.len()];
        self.turn += 1;
        let n = size.min(buf.len()).min(self.data.len() - self.at);
        buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let chunk_size = 1 + data[0] as usize % 64;
    let max_line = 1 + data[1] as usize % 64;
    let sizes: Vec<usize> = data[2..4].iter().map(|&b| 1 + b as usize % 16).collect();
    let input = &data[4..];
    let reader = Dribble {
        data: input.to_vec(),
        at: 0,
        sizes,
        turn: 0,
    };
    let mut chunks = ChunkReader::new(Box::new(reader), chunk_size, max_line);
    let mut buf = ChunkBuf::default();
    let mut got: Vec<Vec<u8>> = Vec::new();
    let mut next_line = 1u64;
    while let Some(first) = chunks.next_chunk(&mut buf).expect("reads from memory") {
        assert_eq!(first, next_line, "chunk numbering");
        assert!(!buf.is_empty(), "empty chunk");
        let mut body: &[u8] = &buf;
        if body.last() == Some(&b'\n') {
            body = &body[..body.len() - 1];
        }
        let lines: Vec<Vec<u8>> = body.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
        next_line += lines.len() as u64;
        got.extend(lines);
    }
    let mut want: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
    if input.last() == Some(&b'\n') || input.is_empty() {
        want.pop();
    }
    let long = want.iter().filter(|l| l.len() > max_line).count() as u64;
    let past: u64 = want
        .iter()
        .map(|l| l.len().saturating_sub(max_line) as u64)
        .sum();
    let want: Vec<&[u8]> = want.iter().map(|l| &l[..l.len().min(max_line)]).collect();
    assert_eq!(got, want, "chunk {chunk_size}, cap {max_line}");
    let stats = chunks.stats();
    assert_eq!(stats.lines, want.len() as u64, "line count");
    assert_eq!(stats.bytes, input.len() as u64, "byte count");
    assert_eq!(stats.truncated_lines, long, "truncated lines");
    assert_eq!(stats.truncated_bytes, past, "bytes past the cap");
});
