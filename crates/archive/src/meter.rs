//! Metering decompression as it happens: every byte that comes out of an archive passes through a
//! [`Metered`] reader, which fails the read the moment a limit is crossed, and records which one.

use crate::{IssueKind, Limits};
use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

/// Counters for one whole archive target, shared by every reader of it and its nested archives.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub total: Cell<u64>,
    pub entries: Cell<u64>,
    /// The limit that stopped reading, once one has.
    pub tripped: Cell<Option<IssueKind>>,
}

/// Counters for one compressed stream (a gzip stream, or the entries of one zip read so far).
#[derive(Debug, Default)]
pub(crate) struct StreamTally {
    pub compressed: Cell<u64>,
    pub decompressed: Cell<u64>,
}

/// Counts the compressed bytes a decoder takes from its source.
pub(crate) struct CountIn<R> {
    pub inner: R,
    pub stream: Rc<StreamTally>,
}

impl<R: Read> Read for CountIn<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let c = &self.stream.compressed;
        c.set(c.get().saturating_add(n as u64));
        Ok(n)
    }
}

/// Passes bytes through while counting them against the limits; fails (and records why) on crossing one.
pub(crate) struct Metered<R> {
    pub inner: R,
    pub tally: Rc<Tally>,
    /// `None` for bytes that were never compressed (a plain tar).
    pub stream: Option<Rc<StreamTally>>,
    pub limits: Limits,
}

pub(crate) fn limit_error(kind: IssueKind) -> io::Error {
    io::Error::other(format!("archive limit reached ({kind:?})"))
}

impl<R: Read> Read for Metered<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(kind) = self.tally.tripped.get() {
            return Err(limit_error(kind));
        }
        let n = self.inner.read(buf)?;
        let total = self.tally.total.get().saturating_add(n as u64);
        self.tally.total.set(total);
        if total > self.limits.max_total_bytes {
            self.tally.tripped.set(Some(IssueKind::SizeLimit));
            return Err(limit_error(IssueKind::SizeLimit));
        }
        if let Some(stream) = &self.stream {
            let out = stream.decompressed.get().saturating_add(n as u64);
            stream.decompressed.set(out);
            let allowed = stream
                .compressed
                .get()
                .max(1)
                .saturating_mul(self.limits.max_ratio);
            if out > self.limits.ratio_grace_bytes && out > allowed {
                self.tally.tripped.set(Some(IssueKind::CompressionBomb));
                return Err(limit_error(IssueKind::CompressionBomb));
            }
        }
        Ok(n)
    }
}

/// Reads until `buf` is full or the stream ends; the number of bytes read.
pub(crate) fn read_up_to(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metered(
        data: Vec<u8>,
        limits: Limits,
        compressed: u64,
    ) -> (Metered<io::Cursor<Vec<u8>>>, Rc<Tally>) {
        let tally = Rc::new(Tally::default());
        let stream = Rc::new(StreamTally::default());
        stream.compressed.set(compressed);
        (
            Metered {
                inner: io::Cursor::new(data),
                tally: tally.clone(),
                stream: Some(stream),
                limits,
            },
            tally,
        )
    }

    #[test]
    fn crossing_the_total_fails_the_read_and_says_why() {
        let limits = Limits {
            max_total_bytes: 10,
            ..Limits::default()
        };
        let (mut reader, tally) = metered(vec![1; 100], limits, 100);
        assert!(io::copy(&mut reader, &mut io::sink()).is_err());
        assert_eq!(tally.tripped.get(), Some(IssueKind::SizeLimit));
    }

    #[test]
    fn a_high_ratio_trips_only_past_the_grace_bytes() {
        let limits = Limits {
            max_ratio: 10,
            ratio_grace_bytes: 50,
            ..Limits::default()
        };
        let (mut reader, tally) = metered(vec![0; 40], limits, 1);
        assert!(io::copy(&mut reader, &mut io::sink()).is_ok());
        let (mut reader, tally2) = metered(vec![0; 400], limits, 1);
        assert!(io::copy(&mut reader, &mut io::sink()).is_err());
        assert_eq!(tally.tripped.get(), None);
        assert_eq!(tally2.tripped.get(), Some(IssueKind::CompressionBomb));
    }
}
