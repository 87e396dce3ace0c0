//! The cache file's header, checked before anything is decoded:
//!
//! ```text
//! magic   8 bytes   "CPDKIDX\0"
//! format  u32 LE    FORMAT_VERSION
//! key     u16 LE length + UTF-8: the crate version, the build, and the
//!                   settings that change what the knowledge base holds
//! length  u64 LE    payload bytes that follow the header
//! check   u64 LE    xxh3-64 of the payload
//! rest    u64 LE    bytes that follow the payload
//! payload           postcard: the manifest, the knowledge base and each
//!                   source's memo for updates (see `payload`)
//! rest              tables and texts used in place (see `after`)
//! ```
//!
//! A file whose length, key or checksum disagrees is never decoded, so a
//! corrupt length prefix inside the payload cannot make the decoder allocate
//! gigabytes, and a file made by another build is never trusted. The rest
//! is outside the checksum: it is mapped, not read; its tables are bounds-
//! checked at load and checked against their own hashes in the background
//! ([`Verification`](crate::kb::verify::Verification)), and each text
//! against its manifest hash when it is first used
//! ([`SharedText`](crate::kb::SharedText)).

use std::fmt;

pub const MAGIC: &[u8; 8] = b"CPDKIDX\0";
/// Bump when the layout of the header or the payload changes.
pub const FORMAT_VERSION: u32 = 8;

/// Why a cache file cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub enum Invalid {
    /// Too short, not a copydesk cache, or a length or checksum mismatch.
    Corrupt(String),
    /// A well-formed cache made by another format, build or configuration.
    Stale(String),
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Invalid::Corrupt(why) | Invalid::Stale(why) => f.write_str(why),
        }
    }
}

/// Bytes of the header besides the key: magic, version, key length, payload
/// length, payload checksum, length of what follows the payload.
const FIXED_LEN: usize = MAGIC.len() + 4 + 2 + 8 + 8 + 8;

/// Bytes of [`encode`]'s output.
pub fn encoded_len(key: &str, payload: usize) -> usize {
    FIXED_LEN + key.len().min(u16::MAX as usize) + payload
}

/// Header followed by the payload; `texts` bytes are to follow it.
pub fn encode(key: &str, payload: &[u8], texts: u64) -> Vec<u8> {
    let key = &key.as_bytes()[..key.len().min(u16::MAX as usize)];
    let mut out = Vec::with_capacity(FIXED_LEN + key.len() + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(key.len() as u16).to_le_bytes());
    out.extend_from_slice(key);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(payload).to_le_bytes());
    out.extend_from_slice(&texts.to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The payload and the texts of a file made with the same `key`, after
/// checking the magic bytes, format version, key, lengths and the payload's
/// checksum.
pub fn decode<'a>(bytes: &'a [u8], key: &str) -> Result<(&'a [u8], &'a [u8]), Invalid> {
    let mut r = Reader(bytes);
    let short = || Invalid::Corrupt(format!("truncated header ({} bytes)", bytes.len()));
    if bytes.is_empty() {
        return Err(Invalid::Corrupt("empty file".into()));
    }
    let magic = r.take(8).ok_or_else(short)?;
    if magic != MAGIC {
        return Err(Invalid::Corrupt("not a copydesk index (wrong magic bytes)".into()));
    }
    let version = u32::from_le_bytes(r.array().ok_or_else(short)?);
    if version != FORMAT_VERSION {
        return Err(Invalid::Stale(format!("format version {version}, this copydesk uses {FORMAT_VERSION}")));
    }
    let key_len = u16::from_le_bytes(r.array().ok_or_else(short)?) as usize;
    let found = r.take(key_len).ok_or_else(short)?;
    if found != key.as_bytes() {
        // Name only the parts that differ: "build 1-2 → 3-4".
        let found = String::from_utf8_lossy(found);
        let diff: Vec<String> = found
            .split("; ")
            .zip(key.split("; "))
            .filter(|(a, b)| a != b)
            .map(|(a, b)| format!("{a} → {}", b.rsplit(' ').next().unwrap_or(b)))
            .collect();
        let diff = if diff.is_empty() { format!("{found} → {key}") } else { diff.join(", ") };
        return Err(Invalid::Stale(format!("made by another copydesk build or with other settings: {diff}")));
    }
    let len = u64::from_le_bytes(r.array().ok_or_else(short)?);
    let sum = u64::from_le_bytes(r.array().ok_or_else(short)?);
    let texts = u64::from_le_bytes(r.array().ok_or_else(short)?);
    let rest = r.0;
    if Some(rest.len() as u64) != len.checked_add(texts) {
        return Err(Invalid::Corrupt(format!(
            "payload and texts are {} bytes, header says {len} + {texts}",
            rest.len()
        )));
    }
    let (payload, texts) = rest.split_at(len as usize);
    if xxhash_rust::xxh3::xxh3_64(payload) != sum {
        return Err(Invalid::Corrupt("checksum mismatch".into()));
    }
    Ok((payload, texts))
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N).map(|b| b.try_into().expect("N bytes"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(key: &str, payload: &[u8]) -> Vec<u8> {
        let mut file = super::encode(key, payload, 3);
        file.extend_from_slice(b"txt");
        file
    }

    fn decode<'a>(bytes: &'a [u8], key: &str) -> Result<&'a [u8], Invalid> {
        super::decode(bytes, key).map(|(payload, texts)| {
            assert_eq!(texts, b"txt");
            payload
        })
    }

    fn corrupt(r: Result<&[u8], Invalid>) -> String {
        match r {
            Err(Invalid::Corrupt(why)) => why,
            other => panic!("expected corrupt, got {other:?}"),
        }
    }

    #[test]
    fn round_trip() {
        let file = encode("k1", b"payload");
        assert_eq!(decode(&file, "k1"), Ok(&b"payload"[..]));
        assert_eq!(decode(&encode("k1", b""), "k1"), Ok(&b""[..]));
        assert_eq!(super::encode("k1", b"abc", 0).len(), encoded_len("k1", 3));
    }

    #[test]
    fn every_truncation_is_rejected() {
        let file = encode("key", b"some payload bytes");
        for n in 0..file.len() {
            assert!(matches!(decode(&file[..n], "key"), Err(Invalid::Corrupt(_))), "length {n}");
        }
    }

    #[test]
    fn every_flipped_byte_outside_the_texts_is_rejected() {
        let file = encode("key", b"some payload bytes");
        for i in 0..file.len() - 3 {
            let mut bad = file.clone();
            bad[i] ^= 0x20;
            assert!(decode(&bad, "key").is_err(), "byte {i}");
        }
    }

    #[test]
    fn reasons() {
        assert_eq!(corrupt(decode(b"", "k")), "empty file");
        assert!(corrupt(decode(b"garbage garbage garbage", "k")).contains("magic"));
        let mut big = encode("k", b"abc");
        big.push(0);
        assert!(corrupt(decode(&big, "k")).contains("header says 3"));
        let mut old = encode("k", b"abc");
        old[8] = 9;
        assert!(matches!(decode(&old, "k"), Err(Invalid::Stale(why)) if why.contains("format version 9")));
        assert!(matches!(decode(&encode("k", b"abc"), "other"), Err(Invalid::Stale(_))));
        let old_build = encode("copydesk 1; build 7-8; max 5", b"abc");
        let stale = decode(&old_build, "copydesk 1; build 7-9; max 6");
        assert_eq!(
            stale,
            Err(Invalid::Stale(
                "made by another copydesk build or with other settings: build 7-8 → 7-9, max 5 → 6".into()
            ))
        );
    }

    #[test]
    fn a_huge_length_prefix_is_caught_before_decoding() {
        let mut file = encode("k", b"abc");
        let at = 8 + 4 + 2 + 1;
        file[at..at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(corrupt(decode(&file, "k")).contains("header says"));
    }
}
