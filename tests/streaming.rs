//! Files read a chunk at a time (`ingest_from`): the same model and report as the file read from memory,
//! whatever falls on a chunk's edge (a character of any encoding, a CRLF, a bad row), with row numbers
//! counted across chunks, a file that turns out not to be UTF-8 after its head, a read that fails, and a
//! cancel.

// Native: files on disk, and encoding_rs to write the encodings.
#![cfg(not(target_arch = "wasm32"))]

use shopscope::error::{ErrorCode, Result};
use shopscope::ingest::{ingest, ingest_from, IngestOptions, Ingested, Source};
use shopscope::progress::Silent;

const NAMES: [&str; 6] = [
    "Crème brûlée",
    "Kaffeebohnen Größe L",
    "绿茶 500克",
    "Пельмени",
    "Ærøskøbing Æble",
    "plain tea",
];

/// A transactions file of about 3 MB (three chunks and more): CRLF line ends, non-ASCII names throughout,
/// and a row with an unreadable amount every 9,973 rows. Returns the text and the file lines of the bad
/// rows.
fn export(rows: usize) -> (String, Vec<u64>) {
    let mut text = String::from("customer,order,product,name,amount,date\r\n");
    let mut bad = Vec::new();
    for i in 0..rows {
        let amount = if i % 9_973 == 5_000 {
            bad.push(i as u64 + 2);
            "n/a".to_owned()
        } else {
            format!("{}.25", i % 40 + 1)
        };
        text.push_str(&format!(
            "{},{},p{},{},{amount},2022-{:02}-{:02}\r\n",
            1_000 + i % 997,
            i / 3,
            i % 6,
            NAMES[i % 6],
            i % 12 + 1,
            i % 28 + 1
        ));
    }
    (text, bad)
}

fn encode(text: &str, label: &str) -> Vec<u8> {
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
    encoding.encode(text).0.into_owned()
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

fn error(read: Result<Ingested>) -> shopscope::error::Error {
    match read {
        Ok(_) => panic!("the read went through"),
        Err(e) => e,
    }
}

/// What a user sees of a read.
fn facts(read: &Ingested) -> (u64, u64, u64, u64, String, Vec<String>, Vec<Vec<u64>>) {
    let r = &read.report;
    (
        r.rows_read,
        r.rows_used,
        r.customers,
        r.products,
        format!("{:.2}", r.net_amount.unwrap_or(f64::NAN)),
        read.dataset.product_names.clone(),
        r.skipped
            .iter()
            .map(|s| s.rows.first_rows.clone())
            .collect(),
    )
}

#[test]
fn every_encoding_reads_the_same_across_chunk_edges() {
    let (text, bad) = export(80_000);
    assert!(text.len() > 3 << 20);
    let utf8 = ingest(text.as_bytes(), &IngestOptions::default(), &mut Silent).unwrap();
    assert_eq!(utf8.report.encoding, "UTF-8");
    let expected = facts(&utf8);
    assert_eq!(expected.0, 80_000);
    assert_eq!(expected.6, vec![bad.clone()], "rows skipped");
    let mut names = expected.5.clone();
    names.sort();
    let mut written = NAMES.map(String::from).to_vec();
    written.sort();
    assert_eq!(names, written);
    for (bytes, encoding, chosen) in [
        (encode(&text, "gb18030"), "gb18030", Some("gbk")),
        (utf16le_with_bom(&text), "UTF-16LE", None),
        (
            encode(
                &text.replace(['绿', '茶', '克', 'П', 'е', 'л', 'ь', 'м', 'н', 'и'], "x"),
                "windows-1252",
            ),
            "windows-1252",
            None,
        ),
    ] {
        let opts = IngestOptions {
            encoding: chosen.map(String::from),
            ..Default::default()
        };
        let read = ingest(&bytes, &opts, &mut Silent).unwrap();
        assert_eq!(read.report.encoding, encoding);
        let got = facts(&read);
        if encoding == "windows-1252" {
            assert_eq!(
                (got.0, got.1, got.2, &got.4, &got.6),
                (expected.0, expected.1, expected.2, &expected.4, &expected.6)
            );
        } else {
            assert_eq!(got, expected, "{encoding}");
        }
    }
}

#[test]
fn a_file_read_from_disk_matches_the_file_read_from_memory() {
    let (text, _) = export(30_000);
    let path = std::env::temp_dir().join(format!("shopscope-streaming-{}.csv", std::process::id()));
    std::fs::write(&path, &text).unwrap();
    let mut file = std::fs::File::open(&path).unwrap();
    let from_disk = ingest_from(&mut file, &IngestOptions::default(), &mut Silent).unwrap();
    std::fs::remove_file(&path).unwrap();
    let from_memory = ingest(text.as_bytes(), &IngestOptions::default(), &mut Silent).unwrap();
    assert_eq!(facts(&from_disk), facts(&from_memory));
    assert_eq!(from_disk.report.summary(), from_memory.report.summary());
}

fn read_with_defaults(bytes: &[u8]) -> Ingested {
    ingest(bytes, &IngestOptions::default(), &mut Silent).unwrap()
}

/// `text` with a Windows-1252 "Café" line inserted past its middle (past the head and the first chunk).
fn with_late_1252(text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    let at = bytes.len() / 2;
    let line = bytes[at..].iter().position(|&b| b == b'\n').unwrap() + at + 1;
    bytes.splice(
        line..line,
        b"77,o-late,p9,Caf\xE9,3.00,2022-05-05\r\n".iter().copied(),
    );
    bytes
}

#[test]
fn a_utf8_file_with_windows_1252_bytes_after_its_head_keeps_both_right() {
    let (text, _) = export(40_000);
    let read = read_with_defaults(&with_late_1252(&text));
    assert_eq!(read.report.encoding, "UTF-8, with Windows-1252 bytes");
    assert!(read
        .report
        .warnings
        .iter()
        .any(|w| w.contains("read as Windows-1252")));
    let names = &read.dataset.product_names;
    for name in NAMES.iter().chain(&["Café"]) {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    assert_eq!(read.report.rows_read, 40_001);
}

#[test]
fn an_ascii_head_with_windows_1252_bytes_after_it_reads_as_windows_1252() {
    let (text, _) = export(40_000);
    let ascii = text.replace(|c: char| !c.is_ascii(), "x");
    let read = read_with_defaults(&with_late_1252(&ascii));
    assert_eq!(read.report.encoding, "windows-1252");
    assert!(read.dataset.product_names.iter().any(|n| n == "Café"));
}

/// Fails once `offset` passes `fail_at`; says it is `claimed` bytes long, where given.
struct Failing<'a> {
    bytes: &'a [u8],
    fail_at: u64,
    claimed: Option<u64>,
}

impl Source for Failing<'_> {
    fn size(&self) -> u64 {
        self.claimed.unwrap_or(self.bytes.len() as u64)
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        if offset > self.fail_at {
            return Err(shopscope::error::Error::new(
                ErrorCode::Unreadable,
                "the file could not be read: it was changed on disk",
            ));
        }
        let mut bytes = self.bytes;
        bytes.read_at(offset, buf)
    }
}

#[test]
fn a_read_that_fails_half_way_says_why_and_a_cancel_stops_it() {
    let (text, _) = export(80_000);
    let mut failing = Failing {
        bytes: text.as_bytes(),
        fail_at: 1 << 20,
        claimed: None,
    };
    let e = error(ingest_from(
        &mut failing,
        &IngestOptions::default(),
        &mut Silent,
    ));
    assert_eq!(e.code, ErrorCode::Unreadable);
    assert!(e.message.contains("changed on disk"), "{}", e.message);
    // A file that ends before the size it had: cut short while it was read.
    let mut shorter = Failing {
        bytes: text.as_bytes(),
        fail_at: u64::MAX,
        claimed: Some(text.len() as u64 + 1_000),
    };
    let e = error(ingest_from(
        &mut shorter,
        &IngestOptions::default(),
        &mut Silent,
    ));
    assert_eq!(e.code, ErrorCode::Unreadable);
    assert!(
        e.message.contains("it was changed meanwhile"),
        "{}",
        e.message
    );
    let mut seen = Vec::new();
    let mut cancel_half_way = |_: &str, f: f64| {
        seen.push(f);
        f < 0.5
    };
    let e = error(ingest(
        text.as_bytes(),
        &IngestOptions::default(),
        &mut cancel_half_way,
    ));
    assert_eq!(e.code, ErrorCode::Cancelled);
    assert!(
        !seen.is_empty() && seen.iter().all(|f| (0.0..=1.0).contains(f)),
        "{seen:?}"
    );
}

#[test]
fn a_file_read_in_chunks_does_not_count_its_bytes_in_the_memory_needed() {
    let (text, _) = export(300_000);
    let path = std::env::temp_dir().join(format!("shopscope-memory-{}.csv", std::process::id()));
    std::fs::write(&path, &text).unwrap();
    // 14 MB of file, about 26 MB of model and 6 MB of read buffers: within 35 MB only when the file is not
    // held whole.
    let opts = IngestOptions {
        memory_limit_mb: Some(35),
        ..Default::default()
    };
    let mut file = std::fs::File::open(&path).unwrap();
    let streamed = ingest_from(&mut file, &opts, &mut Silent).map(|r| r.report.rows_read);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(streamed, Ok(300_000));
    let e = error(ingest(text.as_bytes(), &opts, &mut Silent));
    assert_eq!(e.code, ErrorCode::TooLarge);
}
