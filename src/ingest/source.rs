//! Where a file's bytes come from: a buffer already in memory, or a file read a chunk at a time (a browser
//! `File` through the binding, a file on disk natively), so that the file itself never has to fit in memory
//! beside the model.

use crate::error::Result;

/// A file's bytes, read from any offset (a read may start again from the beginning).
pub trait Source {
    /// The file's size in bytes.
    fn size(&self) -> u64;
    /// Reads bytes from `offset` into `buf`, returning how many; fewer than `buf.len()` only at the end.
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<usize>;
    /// The whole file, where it is held in memory already (a read then needs no copy, and its memory
    /// estimate counts it).
    fn bytes(&self) -> Option<&[u8]> {
        None
    }
}

impl Source for &[u8] {
    fn size(&self) -> u64 {
        self.len() as u64
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        let rest = self.get(offset as usize..).unwrap_or(&[]);
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        Ok(n)
    }

    fn bytes(&self) -> Option<&[u8]> {
        Some(self)
    }
}

impl Source for std::fs::File {
    fn size(&self) -> u64 {
        self.metadata().map_or(0, |m| m.len())
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        use std::io::{Read, Seek, SeekFrom};
        let unreadable = |e: std::io::Error| {
            crate::error::Error::new(
                crate::error::ErrorCode::Unreadable,
                format!("the file could not be read: {e}"),
            )
        };
        self.seek(SeekFrom::Start(offset)).map_err(unreadable)?;
        let mut n = 0;
        while n < buf.len() {
            match self.read(&mut buf[n..]).map_err(unreadable)? {
                0 => break,
                k => n += k,
            }
        }
        Ok(n)
    }
}
