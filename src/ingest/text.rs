//! A file's text read a chunk at a time: decoded to UTF-8 as it is read, for the csv reader, keeping only
//! the bytes since the record being read started (its row number is counted from them), so a read needs a
//! fixed buffer beside the model however large the file.

use super::decode::{Chunks, Decoder, Encoding};
use super::source::Source;
use crate::error::{group_thousands, Error, ErrorCode, Result};
use std::io;

/// Bytes read from the source at a time.
const CHUNK: usize = 1 << 20;

/// The most a read holds beside the model, rows longer than a chunk aside: a chunk of the file, its text
/// (up to three bytes of UTF-8 for one of a legacy encoding) and the text kept from before it.
pub const BUFFER_BYTES: u64 = 6 * CHUNK as u64;

pub(super) struct Text<'s> {
    input: Input<'s>,
    chunks: Chunks,
    raw: Vec<u8>,
    /// Decoded text from `window_start` (in the text the csv reader reads) on, of a source read in chunks.
    window: Vec<u8>,
    window_start: u64,
    /// Where in the text held (`window`, or the file in memory) the next byte for the csv reader is.
    served: usize,
    /// Where the text still needed starts (the record being read).
    released: u64,
    /// Decoded bytes still to leave out at the start (an Excel `sep=;` line).
    skip: usize,
    /// Why the source or the decoder failed: the csv reader only sees that a read failed.
    failed: Option<Error>,
}

enum Input<'s> {
    /// A file in memory taken as UTF-8: read where it lies, with no copy.
    Memory(&'s [u8]),
    Chunks {
        source: &'s mut dyn Source,
        /// The next offset to read in the source.
        offset: u64,
    },
}

impl<'s> Text<'s> {
    /// The text of `source` after its byte-order mark and the first `skip` bytes of text.
    pub fn new(
        source: &'s mut dyn Source,
        encoding: &Encoding,
        decoder: Option<Decoder>,
        skip: usize,
    ) -> Result<Text<'s>> {
        let chunks = encoding.chunks(decoder)?;
        let input = if matches!(chunks, Chunks::Utf8) && source.bytes().is_some() {
            let held: &'s dyn Source = source;
            let bytes = held.bytes().unwrap_or_default();
            Input::Memory(bytes.get(encoding.bom + skip..).unwrap_or_default())
        } else {
            Input::Chunks {
                source,
                offset: encoding.bom as u64,
            }
        };
        // Left out of the slice already, for a file in memory.
        let skip = if matches!(input, Input::Memory(_)) {
            0
        } else {
            skip
        };
        Ok(Text {
            input,
            chunks,
            raw: Vec::new(),
            window: Vec::new(),
            window_start: 0,
            served: 0,
            released: 0,
            skip,
            failed: None,
        })
    }

    /// The text held, and where it starts in the text the csv reader reads.
    fn held(&self) -> (&[u8], u64) {
        match self.input {
            Input::Memory(bytes) => (bytes, 0),
            Input::Chunks { .. } => (&self.window, self.window_start),
        }
    }

    /// The share of the source read so far.
    pub fn fraction_read(&self) -> f64 {
        match &self.input {
            Input::Memory(bytes) => self.served as f64 / bytes.len().max(1) as f64,
            Input::Chunks { source, offset } => *offset as f64 / source.size().max(1) as f64,
        }
    }

    /// The text from `position` (of a record not yet released) on, as far as it has been read.
    pub fn from(&self, position: u64) -> &[u8] {
        let (text, start) = self.held();
        text.get(position.saturating_sub(start) as usize..)
            .unwrap_or(&[])
    }

    /// Says the text before `position` is no longer needed.
    pub fn release(&mut self, position: u64) {
        self.released = self.released.max(position);
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
        let Input::Chunks { source, offset } = &mut self.input else {
            return Ok(());
        };
        // Only the record being read is kept: when everything held has been served, that is a line's tail.
        let done = (self.released.saturating_sub(self.window_start) as usize).min(self.served);
        self.window.drain(..done);
        self.window_start += done as u64;
        self.served -= done;
        let size = source.size();
        while self.served == self.window.len() && *offset < size {
            let want = CHUNK.min((size - *offset) as usize);
            let before = self.window.len();
            // UTF-8 is read straight into the window; other encodings through the decoder.
            let n = if let Chunks::Utf8 = self.chunks {
                self.window.resize(before + want, 0);
                let n = source.read_at(*offset, &mut self.window[before..])?;
                self.window.truncate(before + n);
                n
            } else {
                self.raw.resize(want, 0);
                let n = source.read_at(*offset, &mut self.raw)?;
                let last = *offset + n as u64 >= size;
                self.chunks.decode(&self.raw[..n], last, &mut self.window)?;
                n
            };
            if n == 0 {
                return Err(Error::new(
                    ErrorCode::Unreadable,
                    format!(
                        "the file ended at byte {} of the {} it had when the read began: it was changed \
                         meanwhile. Read it again",
                        group_thousands(*offset),
                        group_thousands(size)
                    ),
                ));
            }
            *offset += n as u64;
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
        if self.served == self.held().0.len() {
            if let Err(e) = self.fill() {
                self.failed = Some(e);
                return Err(io::Error::other("read failed"));
            }
        }
        let served = self.served;
        let rest = &self.held().0[served..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.served += n;
        Ok(n)
    }
}
