//! A file's text read a chunk at a time: decoded to UTF-8 as it is read, for the csv reader, keeping only
//! the bytes since the record being read started (its row number is counted from them), so a read needs a
//! fixed buffer beside the model however large the file.

use super::decode::{Chunks, Decoder, Encoding};
use super::source::Source;
use crate::error::{Error, Result};
use std::io;

/// Bytes read from the source at a time.
const CHUNK: usize = 1 << 20;

/// The most a read holds beside the model, rows longer than a chunk aside: a chunk of the file, its text
/// (up to three bytes of UTF-8 for one of a legacy encoding) and the text kept from before it.
pub const BUFFER_BYTES: u64 = 6 * CHUNK as u64;

pub(super) struct Text<'s> {
    source: &'s mut dyn Source,
    /// The next offset to read in the source.
    offset: u64,
    chunks: Chunks,
    raw: Vec<u8>,
    /// Decoded text from `window_start` (in the text the csv reader reads) on.
    window: Vec<u8>,
    window_start: u64,
    /// Where in `window` the next byte for the csv reader is.
    served: usize,
    /// Decoded bytes still to leave out at the start (an Excel `sep=;` line).
    skip: usize,
    /// Why the source or the decoder failed: the csv reader only sees that a read failed.
    failed: Option<Error>,
}

impl<'s> Text<'s> {
    /// The text of `source` after its byte-order mark and the first `skip` bytes of text.
    pub fn new(
        source: &'s mut dyn Source,
        encoding: &Encoding,
        decoder: Option<Decoder>,
        skip: usize,
    ) -> Result<Text<'s>> {
        Ok(Text {
            source,
            offset: encoding.bom as u64,
            chunks: encoding.chunks(decoder)?,
            raw: Vec::new(),
            window: Vec::new(),
            window_start: 0,
            served: 0,
            skip,
            failed: None,
        })
    }

    /// The share of the source read so far.
    pub fn fraction_read(&self) -> f64 {
        self.offset as f64 / self.source.size().max(1) as f64
    }

    /// The text from `position` (of a record not yet released) on, as far as it has been read.
    pub fn from(&self, position: u64) -> &[u8] {
        let start = position.saturating_sub(self.window_start) as usize;
        self.window.get(start..).unwrap_or(&[])
    }

    /// Says the text before `position` is no longer needed.
    pub fn release(&mut self, position: u64) {
        let done = (position.saturating_sub(self.window_start) as usize).min(self.served);
        // In chunks, so that the window is not shifted for every record.
        if done >= CHUNK {
            self.window.drain(..done);
            self.window_start += done as u64;
            self.served -= done;
        }
    }

    /// Whether the text is passed on as read, for the csv reader to check that it is UTF-8.
    pub fn checks_utf8(&self) -> bool {
        matches!(self.chunks, Chunks::Utf8)
    }

    /// Why reading stopped, if the source or the decoder failed.
    pub fn take_error(&mut self) -> Option<Error> {
        self.failed.take()
    }

    fn fill(&mut self) -> Result<()> {
        let size = self.source.size();
        while self.served == self.window.len() && self.offset < size {
            let want = CHUNK.min((size - self.offset) as usize);
            let before = self.window.len();
            // UTF-8 is read straight into the window; other encodings through the decoder.
            let n = if let Chunks::Utf8 = self.chunks {
                self.window.resize(before + want, 0);
                let n = self
                    .source
                    .read_at(self.offset, &mut self.window[before..])?;
                self.window.truncate(before + n);
                n
            } else {
                self.raw.resize(want, 0);
                let n = self.source.read_at(self.offset, &mut self.raw)?;
                let last = self.offset + n as u64 >= size || n == 0;
                self.chunks.decode(&self.raw[..n], last, &mut self.window)?;
                n
            };
            self.offset = if n == 0 { size } else { self.offset + n as u64 };
            if self.skip > 0 {
                let cut = self.skip.min(self.window.len() - before);
                self.window.drain(before..before + cut);
                self.skip -= cut;
            }
        }
        Ok(())
    }
}

impl io::Read for Text<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.served == self.window.len() {
            if let Err(e) = self.fill() {
                self.failed = Some(e);
                return Err(io::Error::other("read failed"));
            }
        }
        let rest = &self.window[self.served..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.served += n;
        Ok(n)
    }
}
