//! Reading a stream of bytes into chunks of whole lines.
//!
//! Reads go in blocks of [`BLOCK_SIZE`]: on this kind of machine 64–128 KiB reads ran at
//! 7 GB/s from the page cache while 256 KiB–1 MiB reads fell to 2.2 GB/s (kernel copy time;
//! `research/performance-anchors.md` §3A). A chunk is several blocks, cut after its last `\n`;
//! the partial line after it is carried into the next chunk. A line longer than the line cap is
//! kept up to the cap and the rest of it skipped (and counted), so that one endless line cannot
//! take all memory.

use std::io::{self, Read};

/// Size of one `read` call.
pub const BLOCK_SIZE: usize = 128 * 1024;

/// A reusable chunk buffer: `data[..len]` holds the chunk; the room past `len` is kept between
/// uses, so that refilling it needs no zeroing (zeroing on every refill cost more time than the
/// parsing of a typical line).
#[derive(Debug, Default, Clone)]
pub struct ChunkBuf {
    data: Vec<u8>,
    len: usize,
}

impl ChunkBuf {
    pub fn with_capacity(n: usize) -> ChunkBuf {
        ChunkBuf {
            data: vec![0; n],
            len: 0,
        }
    }

    pub fn clear(&mut self) {
        self.len = 0;
    }

    pub fn truncate(&mut self, n: usize) {
        self.len = self.len.min(n);
    }

    pub fn extend_from_slice(&mut self, s: &[u8]) {
        self.spare(s.len()).copy_from_slice(s);
        self.len += s.len();
    }

    /// Drops the first `n` bytes.
    fn consume(&mut self, n: usize) {
        self.data.copy_within(n..self.len, 0);
        self.len -= n;
    }

    pub fn push(&mut self, b: u8) {
        self.extend_from_slice(&[b]);
    }

    /// `want` bytes of room after the content, grown (and zeroed) only when there is too little.
    fn spare(&mut self, want: usize) -> &mut [u8] {
        if self.data.len() < self.len + want {
            self.data.resize(self.len + want, 0);
        }
        &mut self.data[self.len..self.len + want]
    }
}

impl std::ops::Deref for ChunkBuf {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.data[..self.len]
    }
}

/// What a chunk reader has read so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChunkStats {
    /// Bytes read (after decompression).
    pub bytes: u64,
    /// Lines delivered, counted by `\n`, plus a final line without one.
    pub lines: u64,
    /// Lines longer than the cap, read only up to it.
    pub truncated_lines: u64,
    /// Bytes of those lines past the cap, not analysed.
    pub truncated_bytes: u64,
}

/// Cuts a stream into chunks of whole lines, numbering them.
pub struct ChunkReader<'a> {
    reader: Box<dyn Read + 'a>,
    carry: ChunkBuf,
    eof: bool,
    pending_error: Option<io::Error>,
    chunk_size: usize,
    max_line: usize,
    stats: ChunkStats,
}

impl<'a> ChunkReader<'a> {
    /// `chunk_size`: bytes a chunk aims at; `max_line`: the longest line kept whole.
    pub fn new(reader: Box<dyn Read + 'a>, chunk_size: usize, max_line: usize) -> ChunkReader<'a> {
        ChunkReader {
            reader,
            carry: ChunkBuf::default(),
            eof: false,
            pending_error: None,
            chunk_size: chunk_size.max(1),
            max_line: max_line.max(1),
            stats: ChunkStats::default(),
        }
    }

    pub fn stats(&self) -> ChunkStats {
        self.stats
    }

    /// Fills `buf` with the next chunk and returns the 1-based number of its first line, or
    /// `None` at the end of the stream. Every line in the chunk ends with `\n` except, in the
    /// last chunk, a final line without one. A read error is returned after the data read
    /// before it has been delivered.
    pub fn next_chunk(&mut self, buf: &mut ChunkBuf) -> io::Result<Option<u64>> {
        buf.clear();
        if self.eof && self.carry.is_empty() {
            return match self.pending_error.take() {
                Some(e) => Err(e),
                None => Ok(None),
            };
        }
        // What was read ahead to detect the format can be longer than a chunk: it is handed
        // out a chunk at a time too, so that a small chunk size splits a small file as it
        // would a large one.
        if self.carry.len() > self.chunk_size {
            if let Some(cut) = line_cut(&self.carry, self.chunk_size) {
                buf.extend_from_slice(&self.carry[..cut]);
                self.carry.consume(cut);
                return Ok(Some(self.deliver(buf)));
            }
        }
        buf.extend_from_slice(&self.carry);
        self.carry.clear();
        while buf.len() < self.chunk_size && !self.eof {
            let want = BLOCK_SIZE.min(self.chunk_size - buf.len());
            self.read_block(buf, want);
        }
        let cut = if self.eof {
            buf.len()
        } else {
            match memchr::memrchr(b'\n', &buf[..]) {
                Some(p) => p + 1,
                None => self.finish_long_line(buf),
            }
        };
        if cut < buf.len() {
            self.carry.extend_from_slice(&buf[cut..]);
            buf.truncate(cut);
        }
        if buf.is_empty() {
            return self.next_chunk(buf);
        }
        Ok(Some(self.deliver(buf)))
    }

    /// Caps the lines of a chunk about to be delivered and counts them; returns the number of
    /// its first line.
    fn deliver(&mut self, buf: &mut ChunkBuf) -> u64 {
        self.cap_lines(buf);
        let first = self.stats.lines + 1;
        let mut lines = bytecount::count(&buf[..], b'\n') as u64;
        if buf.last() != Some(&b'\n') {
            lines += 1;
        }
        self.stats.lines += lines;
        first
    }

    /// The first bytes of the stream, read ahead without consuming them: up to `lines` whole
    /// lines or `max_bytes`, whichever comes first, or all of a shorter stream. Formats are
    /// detected and binary content spotted on this, so that the result does not depend on the
    /// chunk size.
    ///
    /// A first line longer than `max_bytes` (a minified JSON document, a base64 blob) would
    /// leave no line to detect from: then the read-ahead goes on past it, up to the line cap,
    /// and `max_bytes` further.
    pub fn prefetch(&mut self, max_bytes: usize, lines: usize) -> &[u8] {
        let mut carry = std::mem::take(&mut self.carry);
        let mut counted = bytecount::count(&carry, b'\n');
        let mut limit = max_bytes;
        let mut extended = false;
        while counted < lines && !self.eof {
            if carry.len() >= limit {
                if extended {
                    break;
                }
                match memchr::memchr(b'\n', &carry) {
                    Some(first_end) if first_end >= max_bytes => {
                        limit = first_end + 1 + max_bytes;
                        extended = true;
                    }
                    None if carry.len() <= self.max_line => limit = carry.len() + BLOCK_SIZE,
                    _ => break,
                }
            }
            let before = carry.len();
            let want = BLOCK_SIZE.min(limit - before);
            self.read_block(&mut carry, want);
            counted += bytecount::count(&carry[before..], b'\n');
        }
        self.carry = carry;
        let end = if self.eof {
            self.carry.len()
        } else {
            // Whole lines only, and no more than asked for.
            let mut end = 0;
            for (n, p) in memchr::memchr_iter(b'\n', &self.carry).enumerate() {
                if n >= lines {
                    break;
                }
                end = p + 1;
            }
            if end == 0 {
                self.carry.len().min(max_bytes)
            } else {
                end
            }
        };
        &self.carry[..end]
    }

    /// The rest of the stream (what was read ahead first), for sources read in one piece.
    pub fn into_reader(self) -> impl Read + 'a {
        let ChunkReader {
            reader,
            carry,
            pending_error,
            ..
        } = self;
        let failing = FailAfter(pending_error);
        io::Cursor::new(carry.to_vec()).chain(failing).chain(reader)
    }

    /// Appends up to `want` bytes from the stream to `buf`.
    fn read_block(&mut self, buf: &mut ChunkBuf, want: usize) -> usize {
        loop {
            match self.reader.read(buf.spare(want)) {
                Ok(n) => {
                    buf.len += n;
                    if n == 0 {
                        self.eof = true;
                    }
                    self.stats.bytes += n as u64;
                    return n;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.pending_error = Some(e);
                    self.eof = true;
                    return 0;
                }
            }
        }
    }

    /// Cuts every line of `buf` longer than the cap down to it, in place. A chunk holds whole
    /// lines, so only a chunk longer than the cap (a small `--max-line-bytes`, or lines carried
    /// over after a skipped one) can hold such a line; others are left alone unread.
    fn cap_lines(&mut self, buf: &mut ChunkBuf) {
        let end = buf.len;
        if end <= self.max_line {
            return;
        }
        let cap = self.max_line;
        let data = &mut buf.data;
        let (mut read, mut write) = (0, 0);
        while read < end {
            let line_end = memchr::memchr(b'\n', &data[read..end]).map_or(end, |p| read + p);
            let len = line_end - read;
            let keep = len.min(cap);
            if len > cap {
                self.stats.truncated_lines += 1;
                self.stats.truncated_bytes += (len - cap) as u64;
            }
            data.copy_within(read..read + keep, write);
            write += keep;
            if line_end < end {
                data[write] = b'\n';
                write += 1;
            }
            read = line_end + 1;
        }
        buf.len = write;
    }

    /// `buf` is one line without its end. Reads on until the line ends or reaches the cap; a
    /// line past the cap is cut there and the rest of it skipped. Returns where `buf` ends.
    fn finish_long_line(&mut self, buf: &mut ChunkBuf) -> usize {
        loop {
            if self.eof {
                return buf.len();
            }
            // One byte past the cap: a line of exactly the cap is only known to be whole once
            // its newline has been seen.
            if buf.len() > self.max_line {
                break;
            }
            let before = buf.len();
            let want = BLOCK_SIZE.min(self.max_line + 1 - before).max(1);
            self.read_block(buf, want);
            if let Some(p) = memchr::memchr(b'\n', &buf[before..]) {
                return before + p + 1;
            }
        }
        // Over the cap: keep the first `max_line` bytes as the line, skip to its end.
        self.stats.truncated_lines += 1;
        self.stats.truncated_bytes += (buf.len() - self.max_line) as u64;
        buf.truncate(self.max_line);
        let mut scratch = vec![0u8; BLOCK_SIZE];
        loop {
            let n = match self.reader.read(&mut scratch) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.pending_error = Some(e);
                    self.eof = true;
                    break;
                }
            };
            self.stats.bytes += n as u64;
            if n == 0 {
                self.eof = true;
                break;
            }
            if let Some(p) = memchr::memchr(b'\n', &scratch[..n]) {
                self.stats.truncated_bytes += p as u64;
                self.carry.extend_from_slice(&scratch[p + 1..n]);
                break;
            }
            self.stats.truncated_bytes += n as u64;
        }
        buf.push(b'\n');
        buf.len()
    }
}

/// Where a chunk of about `size` bytes of `data` ends: after the last line end within `size`
/// bytes, or after the first line end past them when one line is longer; `None` without one.
fn line_cut(data: &[u8], size: usize) -> Option<usize> {
    memchr::memrchr(b'\n', &data[..size])
        .map(|p| p + 1)
        .or_else(|| memchr::memchr(b'\n', &data[size..]).map(|p| size + p + 1))
}

/// Reports an error kept from reading ahead, once, where it happened.
struct FailAfter(Option<io::Error>);

impl Read for FailAfter {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(
        data: &[u8],
        chunk_size: usize,
        max_line: usize,
    ) -> (Vec<(u64, Vec<u8>)>, ChunkStats) {
        let mut r = ChunkReader::new(
            Box::new(io::Cursor::new(data.to_vec())),
            chunk_size,
            max_line,
        );
        let mut out = Vec::new();
        let mut buf = ChunkBuf::default();
        while let Some(first) = r.next_chunk(&mut buf).unwrap() {
            out.push((first, buf.to_vec()));
        }
        (out, r.stats())
    }

    #[test]
    fn chunks_end_at_line_ends_and_keep_every_byte() {
        let data = b"alpha\nbeta\ngamma\ndelta\nepsilon";
        for size in 1..40 {
            let (cs, stats) = chunks(data, size, 1 << 20);
            let joined: Vec<u8> = cs.iter().flat_map(|(_, c)| c.clone()).collect();
            assert_eq!(joined, data, "chunk size {size}");
            assert_eq!(stats.lines, 5);
            for (first, c) in &cs {
                let before: Vec<u8> = cs
                    .iter()
                    .take_while(|(f, _)| f < first)
                    .flat_map(|(_, c)| c.clone())
                    .collect();
                assert_eq!(*first, bytecount::count(&before, b'\n') as u64 + 1);
                assert!(c.ends_with(b"\n") || c.ends_with(b"epsilon"));
            }
        }
    }

    #[test]
    fn a_line_over_the_cap_is_cut_and_counted() {
        let mut data = b"short\n".to_vec();
        data.extend(std::iter::repeat_n(b'x', 10_000));
        data.extend(b"\nafter\n");
        let (cs, stats) = chunks(&data, 64, 100);
        let joined: Vec<u8> = cs.iter().flat_map(|(_, c)| c.clone()).collect();
        let mut expected = b"short\n".to_vec();
        expected.extend(std::iter::repeat_n(b'x', 100));
        expected.extend(b"\nafter\n");
        assert_eq!(joined, expected);
        assert_eq!(stats.lines, 3);
        assert_eq!(stats.truncated_lines, 1);
        assert_eq!(stats.truncated_bytes, 9_900);
    }

    #[test]
    fn a_line_of_exactly_the_cap_is_whole() {
        // Found by fuzz/chunk_split: a line as long as the cap was counted as cut.
        let mut data = b"head\n".to_vec();
        data.extend(std::iter::repeat_n(b'x', 56));
        data.extend(b"\ntail\n");
        for size in [1, 6, 50, 56, 57, 100] {
            let (cs, stats) = chunks(&data, size, 56);
            let joined: Vec<u8> = cs.iter().flat_map(|(_, c)| c.clone()).collect();
            assert_eq!(joined, data, "chunk size {size}");
            assert_eq!((stats.truncated_lines, stats.truncated_bytes), (0, 0));
        }
    }

    #[test]
    fn lines_over_the_cap_are_cut_in_chunks_bigger_than_the_cap() {
        // Found by fuzz/chunk_split: with a chunk longer than the cap (`--max-line-bytes 10`),
        // a long line that ended inside the chunk was kept whole.
        let data = b"ERROR aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nERROR b\nccccccccccccc";
        for size in [1, 7, 10, 11, 64, 1 << 20] {
            let (cs, stats) = chunks(data, size, 10);
            let joined: Vec<u8> = cs.iter().flat_map(|(_, c)| c.clone()).collect();
            // (A cut last line may be given a newline.)
            let joined = joined.strip_suffix(b"\n").unwrap_or(&joined);
            assert_eq!(
                joined, b"ERROR aaaa\nERROR b\ncccccccccc",
                "chunk size {size}"
            );
            assert_eq!(stats.lines, 3);
            assert_eq!(stats.truncated_lines, 2);
            assert_eq!(stats.truncated_bytes, 26 + 3);
        }
    }

    /// A first line longer than the read-ahead window (a minified JSON document at the top of
    /// a log) left no whole line to detect the format from: the file was read as raw text.
    #[test]
    fn read_ahead_goes_past_a_first_line_longer_than_the_window() {
        let mut data = vec![b'x'; 300 * 1024];
        data.push(b'\n');
        for i in 0..10 {
            data.extend_from_slice(format!("Nov 20 10:00:0{i} host app[1]: ok\n").as_bytes());
        }
        data.extend_from_slice(&vec![b'y'; 400 * 1024]);
        let mut r = ChunkReader::new(Box::new(io::Cursor::new(data.clone())), 1 << 20, 1 << 20);
        let head = r.prefetch(256 * 1024, 200).to_vec();
        assert_eq!(bytecount::count(&head, b'\n'), 11);
        assert!(head.ends_with(b"app[1]: ok\n"));
        // Nothing read ahead is lost.
        let mut buf = ChunkBuf::default();
        let mut all = Vec::new();
        while r.next_chunk(&mut buf).unwrap().is_some() {
            all.extend_from_slice(&buf);
        }
        assert_eq!(all, data);
        // A first line over the line cap: the read-ahead stops at the cap.
        let endless = vec![b'z'; 3 << 20];
        let mut r = ChunkReader::new(Box::new(io::Cursor::new(endless)), 1 << 20, 1 << 20);
        assert_eq!(r.prefetch(256 * 1024, 200).len(), 256 * 1024);
        assert!(r.carry.len() <= (1 << 20) + 2 * BLOCK_SIZE);
    }

    /// The determinism tests split small files with small chunk sizes: what was read ahead
    /// to detect the format was handed out as one chunk, so a file of a few hundred lines was
    /// never split and the tests compared one chunk with itself.
    #[test]
    fn what_was_read_ahead_is_handed_out_a_chunk_at_a_time() {
        let data: Vec<u8> = (0..300)
            .flat_map(|i| format!("line {i}\n").into_bytes())
            .collect();
        for size in [1, 9, 20, 100] {
            let mut r = ChunkReader::new(Box::new(io::Cursor::new(data.clone())), size, 1 << 20);
            assert_eq!(bytecount::count(r.prefetch(256 * 1024, 200), b'\n'), 200);
            let mut buf = ChunkBuf::default();
            let mut all = Vec::new();
            let mut next_line = 1;
            while let Some(first) = r.next_chunk(&mut buf).unwrap() {
                assert!(
                    buf.len() <= size.max(10),
                    "chunk size {size}: {} bytes",
                    buf.len()
                );
                assert_eq!(first, next_line);
                next_line += bytecount::count(&buf, b'\n') as u64;
                all.extend_from_slice(&buf);
            }
            assert_eq!(all, data, "chunk size {size}");
        }
    }

    #[test]
    fn empty_input_has_no_chunks() {
        let (cs, stats) = chunks(b"", 16, 16);
        assert!(cs.is_empty());
        assert_eq!(stats.lines, 0);
    }

    #[test]
    fn data_before_a_read_error_is_delivered_first() {
        struct Failing(bool);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0 {
                    return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "truncated"));
                }
                self.0 = true;
                buf[..3].copy_from_slice(b"ok\n");
                Ok(3)
            }
        }
        let mut r = ChunkReader::new(Box::new(Failing(false)), 1024, 1024);
        let mut buf = ChunkBuf::default();
        assert_eq!(r.next_chunk(&mut buf).unwrap(), Some(1));
        assert_eq!(&buf[..], b"ok\n");
        assert!(r.next_chunk(&mut buf).is_err());
    }
}
