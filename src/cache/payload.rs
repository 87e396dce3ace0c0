//! The payload: the manifest and each part of the knowledge base encoded
//! separately with postcard, the sources in chunks, so that both cores
//! decode (and encode) side by side. Decoding is most of the load time.
//! The sources' texts, the quote index's word-pair arrays and the events' tables are not in it:
//! only their lengths and places; they follow the payload (see `after`).

use super::after::{After, Placed, QUOTE_TABLES};
use super::manifest::Manifest;
use crate::kb::memo::Memos;
use crate::kb::{Kb, Source};
use rayon::prelude::*;
use serde::{Deserialize, Serialize, Serializer};

/// Sources per chunk: enough chunks to keep every core busy.
const CHUNK: usize = 256;

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
    roles: &'a [u8],
    memo_ends: &'a [u8],
    memos: &'a [u8],
}

fn enc<T: Serialize + ?Sized>(v: &T) -> Result<Bytes, String> {
    postcard::to_stdvec(v).map(Bytes).map_err(|e| e.to_string())
}

pub fn encode(manifest: &Manifest, kb: &Kb) -> Result<Vec<u8>, String> {
    let sources: Result<Vec<Bytes>, String> = kb.sources.par_chunks(CHUNK).map(enc).collect();
    let ((people, vocab), (name_parts, (quotes, (events, roles)))) = rayon::join(
        || (enc(&kb.people), enc(&kb.vocab)),
        || {
            (
                enc(&kb.name_parts),
                rayon::join(|| enc(&kb.quotes), || rayon::join(|| enc(&kb.events), || enc(&kb.roles))),
            )
        },
    );
    let text_lens: Vec<u64> = kb.sources.iter().map(|s| s.doc.text.len() as u64).collect();
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
    let (quote_tables, event_tables) = placed.split_at_checked(QUOTE_TABLES).ok_or("too few tables")?;
    let [pairs, starts, passages] = quote_tables[..] else { return Err("not three tables".into()) };
    // Every part on its own task; each task fills only its own slot, and the
    // scope returns when all are done.
    let (mut sources, mut manifest, mut people, mut vocab) = (unset(), unset(), unset(), unset());
    let (mut name_parts, mut quotes, mut events, mut roles) = (unset(), unset(), unset(), unset());
    let mut tables = None;
    rayon::scope(|s| {
        s.spawn(|_| tables = Some((after.table(&pairs), after.table(&starts), after.table(&passages))));
        s.spawn(|_| sources = p.sources.par_iter().map(|c| dec::<Vec<Source>>(c)).collect::<Result<Vec<_>, _>>());
        s.spawn(|_| manifest = dec(p.manifest));
        s.spawn(|_| people = dec(p.people));
        s.spawn(|_| vocab = dec(p.vocab));
        s.spawn(|_| name_parts = dec(p.name_parts));
        s.spawn(|_| quotes = dec(p.quotes));
        s.spawn(|_| {
            events = dec(p.events).and_then(|mut e: crate::kb::events::Events| {
                e.set_stored_tables(&after.tables(event_tables))?;
                Ok(e)
            })
        });
        s.spawn(|_| roles = dec(p.roles));
    });
    let manifest: Manifest = manifest?;
    let mut sources: Vec<Source> = sources?.into_iter().flatten().collect();
    let lens: Vec<u64> = dec(p.text_lens)?;
    if lens.len() != sources.len() || manifest.entries.len() != sources.len() {
        return Err("sources, texts and manifest disagree".into());
    }
    if lens.iter().try_fold(0u64, |a, &n| a.checked_add(n)) != after.bytes_from(texts_at) {
        return Err("text lengths do not add up".into());
    }
    let mut at = texts_at;
    for ((s, &n), e) in sources.iter_mut().zip(&lens).zip(&manifest.entries) {
        s.doc.text = after.text(at, n, e.hash).ok_or("a text is out of bounds")?;
        at += n;
    }
    let mut quotes: crate::kb::quotes::QuoteIndex = quotes?;
    let Some((Some(pairs), Some(starts), Some(passages))) = tables else {
        return Err("a table is out of bounds or damaged".into());
    };
    quotes.set_pair_tables(pairs, starts, passages)?;
    let memo_ends: Vec<u64> = dec(p.memo_ends)?;
    let memos = after.blob(p.memos).and_then(|blob| Memos::from_stored(blob, memo_ends));
    let memos = memos.filter(|m| m.len() == sources.len()).ok_or("the memos are inconsistent")?;
    let (people, vocab, name_parts, events, roles) = (people?, vocab?, name_parts?, events?, roles?);
    let kb = Kb { sources, people, vocab, name_parts, quotes, events, roles, memos };
    kb.events.check_ids(&lens, kb.people.list.len())?;
    Ok((manifest, kb, after.texts_start(texts_at)))
}

/// A part's slot before its task has run.
fn unset<T>() -> Result<T, String> {
    Err(String::from("not decoded"))
}

fn dec<'a, T: Deserialize<'a>>(b: &'a [u8]) -> Result<T, String> {
    postcard::from_bytes(b).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::manifest::{Entry, Stamp};
    use crate::corpus::{Document, Format};

    /// The manifest of `kb`, its payload, and what follows the payload in a
    /// file whose header takes `head` bytes.
    fn encoded(kb: &Kb, head: usize) -> (Manifest, Vec<u8>, Vec<u8>) {
        let entries = kb
            .sources
            .iter()
            .map(|s| Entry {
                path: s.path.to_string(),
                stamp: Stamp::UNTRUSTED,
                hash: xxhash_rust::xxh3::xxh3_64(s.doc.text.as_bytes()),
                warning: None,
            })
            .collect();
        let manifest = Manifest { entries };
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
            assert_eq!(back.sources.last().unwrap().doc.text, kb.sources.last().unwrap().doc.text);
            assert_eq!(back.people.list.len(), kb.people.list.len());
            assert_eq!(back.quotes.pair_tables(), kb.quotes.pair_tables());
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
        assert!(placed.len() > crate::cache::after::QUOTE_TABLES && !table_bytes.is_empty());
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
}
