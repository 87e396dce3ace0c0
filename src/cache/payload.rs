//! The payload: the manifest and each part of the knowledge base encoded
//! separately with postcard, the sources in chunks, so that both cores
//! decode (and encode) side by side. Decoding is most of the load time.
//! The sources' texts and the quote index's and events' tables are not in
//! it: only their lengths and places; they follow the payload (see `after`).

use super::after::{After, Placed, Stored};
use super::manifest::Manifest;
use crate::kb::events::{Events, StoredLists};
use crate::kb::memo::Memos;
use crate::kb::people::People;
use crate::kb::quotes::QuoteIndex;
use crate::kb::verify::Verification;
use crate::kb::{Kb, Source, Sources};
use serde::{Deserialize, Serialize, Serializer};
use std::sync::Arc;

use crate::kb::sources::{StoredText, CHUNK};

struct Bytes(Vec<u8>);

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

/// Bytes encoded in place, without a copy.
struct Borrowed<'a>(&'a [u8]);

impl Serialize for Borrowed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

#[derive(Serialize)]
struct PartsOut<'a> {
    manifest: Bytes,
    placed: Bytes,
    text_lens: Bytes,
    sources: Vec<Bytes>,
    people: Bytes,
    vocab: Bytes,
    name_parts: Bytes,
    quotes: Bytes,
    events: Bytes,
    event_list: (u64, Vec<Bytes>),
    number_list: (u64, Vec<Bytes>),
    roles: Bytes,
    memo_ends: Bytes,
    memos: Borrowed<'a>,
}

#[derive(Deserialize)]
struct PartsIn<'a> {
    manifest: &'a [u8],
    placed: &'a [u8],
    text_lens: &'a [u8],
    sources: Vec<&'a [u8]>,
    people: &'a [u8],
    vocab: &'a [u8],
    name_parts: &'a [u8],
    quotes: &'a [u8],
    events: &'a [u8],
    #[serde(borrow)]
    event_list: (u64, Vec<&'a [u8]>),
    #[serde(borrow)]
    number_list: (u64, Vec<&'a [u8]>),
    roles: &'a [u8],
    memo_ends: &'a [u8],
    memos: &'a [u8],
}

fn enc<T: Serialize + ?Sized>(v: &T) -> Result<Bytes, String> {
    postcard::to_stdvec(v).map(Bytes).map_err(|e| e.to_string())
}

pub fn encode(manifest: &Manifest, kb: &Kb) -> Result<Vec<u8>, String> {
    let sources = kb.sources.encode_chunks().map(|chunks| chunks.into_iter().map(Bytes).collect());
    let ((people, vocab), (name_parts, (quotes, (events, roles)))) = rayon::join(
        || (enc(&kb.people), enc(&kb.vocab)),
        || {
            (
                enc(&kb.name_parts),
                rayon::join(|| enc(&kb.quotes), || rayon::join(|| enc(&kb.events), || kb.roles.encode().map(Bytes))),
            )
        },
    );
    let text_lens: Vec<u64> = kb.sources.iter().map(|s| s.doc.text.len() as u64).collect();
    let lists = kb.events.encode_lists()?;
    let bytes = |(len, chunks): (u64, Vec<Vec<u8>>)| (len, chunks.into_iter().map(Bytes).collect());
    let parts = PartsOut {
        manifest: enc(manifest)?,
        placed: enc(&super::after::layout(kb))?,
        text_lens: enc(&text_lens)?,
        sources: sources?,
        people: people?,
        vocab: vocab?,
        name_parts: name_parts?,
        quotes: quotes?,
        events: events?,
        event_list: bytes(lists.events),
        number_list: bytes(lists.numbers),
        roles: roles?,
        memo_ends: enc(kb.memos.ends())?,
        memos: Borrowed(kb.memos.blob()),
    };
    postcard::to_stdvec(&parts).map_err(|e| e.to_string())
}

/// Decode a payload; its tables and texts are taken from `after`. Also
/// returns where the texts start in the file.
pub fn decode(payload: &[u8], after: &After<'_>) -> Result<(Manifest, Kb, usize), String> {
    let p: PartsIn<'_> = dec(payload)?;
    let (placed, texts_at): (Vec<Placed>, u64) = dec(p.placed)?;
    // Every part on its own task; each task fills only its own slot, and the
    // scope returns when all are done.
    let (mut manifest, mut people_and_quotes, mut vocab) = (unset(), unset(), unset());
    let (mut name_parts, mut events, mut roles) = (unset(), unset(), unset());
    let lens: std::sync::Arc<[u64]> = dec::<Vec<u64>>(p.text_lens)?.into();
    let quote_tables = placed.get(..QuoteIndex::STORED_TABLES).ok_or("a table is missing")?;
    let event_tables = &placed[QuoteIndex::STORED_TABLES..];
    rayon::scope(|s| {
        // The quote index's tables are checked against the people.
        s.spawn(|_| {
            people_and_quotes = (|| {
                let people: People = dec(p.people)?;
                let mut quotes: QuoteIndex = dec(p.quotes)?;
                quotes.set_stored_tables(&mut Stored::new(after, quote_tables), people.list.len(), lens.clone())?;
                Ok((people, quotes))
            })()
        });
        s.spawn(|_| manifest = dec(p.manifest));
        s.spawn(|_| vocab = dec(p.vocab));
        s.spawn(|_| name_parts = dec(p.name_parts));
        s.spawn(|_| events = dec(p.events));
        s.spawn(|_| roles = crate::kb::roles::Roles::stored(p.roles, |g| after.blob(g)));
    });
    let manifest: Manifest = manifest?;
    let n = manifest.entries.len();
    if lens.len() != n || p.sources.len() != n.div_ceil(CHUNK) {
        return Err("sources, texts and manifest disagree".into());
    }
    if lens.iter().try_fold(0u64, |a, &n| a.checked_add(n)) != after.bytes_from(texts_at) {
        return Err("text lengths do not add up".into());
    }
    let sources = sources(&p.sources, &manifest, &lens, texts_at, after)?;
    if placed.len() != QuoteIndex::STORED_TABLES + Events::STORED_TABLES {
        return Err("tables are left over".into());
    }
    let (people, quotes) = people_and_quotes?;
    let memo_ends: Vec<u64> = dec(p.memo_ends)?;
    let memos = after.blob(p.memos).and_then(|blob| Memos::from_stored(blob, memo_ends));
    let memos = memos.filter(|m| m.len() == sources.len()).ok_or("the memos are inconsistent")?;
    let (vocab, name_parts, mut events, roles): (_, _, Events, _) = (vocab?, name_parts?, events?, roles?);
    let blobs = |(len, chunks): &(u64, Vec<&[u8]>)| {
        let chunks = chunks.iter().map(|c| after.blob(c)).collect::<Option<Vec<_>>>();
        Ok::<_, String>((*len, chunks.ok_or("a chunk is out of bounds")?))
    };
    let lists = StoredLists { events: blobs(&p.event_list)?, numbers: blobs(&p.number_list)? };
    events.set_stored(lists, &mut Stored::new(after, event_tables), lens.clone(), people.list.len())?;
    // Last: the check runs on once started, and must not report damage of
    // an index refused here.
    let verification = verify_tables(&placed, after)?;
    let kb = Kb { sources, people, vocab, name_parts, quotes, events, roles, memos, verification };
    Ok((manifest, kb, after.texts_start(texts_at)))
}

/// The sources: left encoded in the map, each chunk decoded on first use;
/// decoded now when there is no map (tests).
fn sources(
    chunks: &[&[u8]],
    manifest: &Manifest,
    lens: &[u64],
    texts_at: u64,
    after: &After<'_>,
) -> Result<Sources, String> {
    let mut at = texts_at;
    let mut placed = Vec::with_capacity(lens.len());
    for (&n, e) in lens.iter().zip(&manifest.entries) {
        let start = after.text_start(at, n).ok_or("a text is out of bounds")?;
        placed.push(StoredText { path: Arc::from(e.path.as_str()), start, len: n as usize, hash: e.hash });
        at += n;
    }
    if let Some(map) = after.map() {
        let blobs =
            chunks.iter().map(|c| after.blob(c)).collect::<Option<Vec<_>>>().ok_or("a chunk is out of bounds")?;
        return Sources::stored(blobs, placed, map.clone()).ok_or_else(|| "sources and manifest disagree".into());
    }
    let mut out: Vec<Source> = Vec::with_capacity(lens.len());
    for c in chunks {
        out.extend(dec::<Vec<Source>>(c)?);
    }
    if out.len() != placed.len() {
        return Err("sources and manifest disagree".into());
    }
    for (s, t) in out.iter_mut().zip(placed) {
        s.doc.text = after.text_at(t.start, t.len, t.hash).ok_or("a text is out of bounds")?;
        s.path = t.path;
    }
    Ok(out.into())
}

/// The tables' hashes: checked in the background when the file is mapped
/// (see [`Verification`]), now when it is not (tests).
fn verify_tables(placed: &[Placed], after: &After<'_>) -> Result<Verification, String> {
    let ranges = placed.iter().map(|p| after.range(p)).collect::<Option<Vec<_>>>().ok_or("a table is out of bounds")?;
    match after.map() {
        Some(map) => Ok(Verification::spawn(map.clone(), ranges)),
        None if placed.iter().all(|p| after.hash_matches(p)) => Ok(Verification::default()),
        None => Err("a table is damaged".into()),
    }
}

/// A part's slot before its task has run.
fn unset<T>() -> Result<T, String> {
    Err(String::from("not decoded"))
}

fn dec<'a, T: Deserialize<'a>>(b: &'a [u8]) -> Result<T, String> {
    postcard::from_bytes(b).map_err(|e| e.to_string())
}

/// The manifest of a knowledge base built from untracked texts (tests).
#[cfg(test)]
pub(crate) fn manifest_of(kb: &Kb) -> Manifest {
    use super::manifest::{Entry, Stamp};
    let entries = (kb.sources.iter())
        .map(|s| Entry {
            path: s.path.to_string(),
            stamp: Stamp::UNTRUSTED,
            hash: xxhash_rust::xxh3::xxh3_64(s.doc.text.as_bytes()),
            warning: None,
        })
        .collect();
    Manifest { entries }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, Format};

    /// The manifest of `kb`, its payload, and what follows the payload in a
    /// file whose header takes `head` bytes.
    fn encoded(kb: &Kb, head: usize) -> (Manifest, Vec<u8>, Vec<u8>) {
        let manifest = manifest_of(kb);
        let payload = encode(&manifest, kb).unwrap();
        let mut rest = Vec::new();
        crate::cache::after::write(&mut rest, kb, (head + payload.len()) as u64).unwrap();
        (manifest, payload, rest)
    }

    /// Decode a payload followed by `rest`, as if after a header of `head` bytes.
    fn decode_with(head: usize, payload: &[u8], rest: &[u8]) -> Result<(Manifest, Kb), String> {
        let file = [&vec![0; head][..], payload, rest].concat();
        let after = After::new(&file, None, rest.len()).ok_or("no room")?;
        decode(payload, &after).map(|(m, kb, _)| (m, kb))
    }

    #[test]
    fn round_trip_keeps_every_part() {
        let docs = (0..CHUNK + 3)
            .map(|i| {
                Document::parse(format!("s{i}.md"), format!("Mayor Orla Quennell spoke on day {i}."), Format::Markdown)
            })
            .collect();
        let kb = Kb::build(docs);
        for head in [0, 3, 8] {
            let (manifest, bytes, rest) = encoded(&kb, head);
            let (m, back) = decode_with(head, &bytes, &rest).unwrap();
            assert_eq!(m, manifest);
            assert_eq!(back.sources.len(), kb.sources.len());
            let last = kb.sources.len() - 1;
            assert_eq!(back.sources[last].doc.text, kb.sources[last].doc.text);
            assert_eq!(back.sources[last].path, kb.sources[last].path);
            assert_eq!(back.people.list.len(), kb.people.list.len());
            assert_eq!(back.quotes.stored_tables(), kb.quotes.stored_tables());
            assert_eq!(back.events.stored_tables(), kb.events.stored_tables());
            // Hash maps come back in another order, with the same contents.
            assert_eq!(encode(&manifest, &back).unwrap().len(), bytes.len());
            assert!(decode_with(head, &bytes[..bytes.len() / 2], &rest).is_err());
            assert!(decode_with(head, &bytes, &rest[..rest.len() - 1]).is_err());
        }
    }

    /// The checksum keeps damaged payloads from the decoder; should one get
    /// through, decoding it fails or succeeds but never panics or runs away.
    /// Damaged tables fail their hashes.
    #[test]
    fn damaged_payloads_and_tables_decode_without_panicking() {
        let docs = (0..5)
            .map(|i| {
                Document::parse(
                    format!("s{i}.md"),
                    format!("Mayor Orla Quennell said \"we build\" on May {i}."),
                    Format::Markdown,
                )
            })
            .collect();
        let kb = Kb::build(docs);
        let (_, bytes, rest) = encoded(&kb, 0);
        // Every byte of every table, as an offset into `rest` (after the padding).
        let pad = bytes.len().div_ceil(8) * 8 - bytes.len();
        let (placed, _) = crate::cache::after::layout(&kb);
        let table_bytes: Vec<usize> =
            placed.iter().flat_map(|p| (0..p.len as usize).map(move |k| pad + p.off as usize + k)).collect();
        assert!(placed.len() > QuoteIndex::STORED_TABLES && !table_bytes.is_empty());
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..300 {
            let mut bad = bytes.clone();
            for _ in 0..1 + next() % 4 {
                let at = (next() % bad.len() as u64) as usize;
                bad[at] = next() as u8;
            }
            let _ = decode_with(0, &bad, &rest);
        }
        for _ in 0..100 {
            let mut bad = rest.clone();
            let at = table_bytes[(next() % table_bytes.len() as u64) as usize];
            bad[at] ^= 1 + (next() % 255) as u8;
            assert!(decode_with(0, &bytes, &bad).is_err(), "table byte {at}");
        }
    }

    /// Quote tables that pass their hashes (written so by a faulty build) but
    /// point out of bounds still check a draft without any rule panicking:
    /// their passages are checked as lookups reach them, not at load.
    #[test]
    fn inconsistent_quote_tables_are_harmless() {
        use crate::kb::quotes::{tests::Bytes, QuoteIndex};
        let texts = [
            "Mayor Orla Quennell said \u{201C}we will build the new bridge by May\u{201D} on Monday.",
            "\u{201C}The bridge opens in June,\u{201D} said Councillor Bram Tolliver.",
        ];
        let docs = texts.iter().enumerate().map(|(i, t)| Document::parse(format!("s{i}.md"), *t, Format::Markdown));
        let mut kb = Kb::build(docs.collect());
        let tables: Vec<Vec<u8>> = kb.quotes.stored_tables().iter().map(|t| t.to_vec()).collect();
        let draft = Document::parse(
            "draft.md",
            "Quennell said \u{201C}we will build the old bridge by May\u{201D}. \u{201C}The bridge opens in June,\u{201D} Quennell said.",
            Format::Markdown,
        );
        let mut damage = crate::kb::table::Damage(0x2545_f491_4f6c_dd1d);
        let mut checked = 0;
        for _ in 0..300 {
            let bad = damage.of(&tables);
            kb.quotes = QuoteIndex::unchecked(&mut Bytes(bad.into())).unwrap();
            let (_, bytes, rest) = encoded(&kb, 0);
            match decode_with(0, &bytes, &rest) {
                Err(_) => {}
                Ok((_, back)) => {
                    checked += 1;
                    let engine = crate::engine::Engine::new(std::sync::Arc::new(back), Default::default());
                    let run = engine.check_reporting_failures(&draft);
                    assert!(run.failures.is_empty(), "{:?}", run.failures);
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }
}
