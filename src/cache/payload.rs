//! The payload: the manifest and each part of the knowledge base encoded
//! separately with postcard, the sources in chunks, so that both cores
//! decode (and encode) side by side. Decoding is most of the load time.
//! The sources' texts are not in it: only their lengths; the texts follow
//! the payload in the file, in source order (see `header`).

use super::manifest::Manifest;
use crate::kb::{Kb, SharedText, Source};
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

#[derive(Serialize)]
struct PartsOut {
    manifest: Bytes,
    text_lens: Bytes,
    sources: Vec<Bytes>,
    people: Bytes,
    vocab: Bytes,
    name_parts: Bytes,
    quotes: Bytes,
    events: Bytes,
    roles: Bytes,
}

#[derive(Deserialize)]
struct PartsIn<'a> {
    manifest: &'a [u8],
    text_lens: &'a [u8],
    sources: Vec<&'a [u8]>,
    people: &'a [u8],
    vocab: &'a [u8],
    name_parts: &'a [u8],
    quotes: &'a [u8],
    events: &'a [u8],
    roles: &'a [u8],
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
        text_lens: enc(&text_lens)?,
        sources: sources?,
        people: people?,
        vocab: vocab?,
        name_parts: name_parts?,
        quotes: quotes?,
        events: events?,
        roles: roles?,
    };
    postcard::to_stdvec(&parts).map_err(|e| e.to_string())
}

/// The bytes of texts that follow the payload of `kb`.
pub fn texts_len(kb: &Kb) -> u64 {
    kb.sources.iter().map(|s| s.doc.text.len() as u64).sum()
}

/// Decode a payload whose `texts_len` bytes of texts follow it: `text_at`
/// gives the text at an offset into them, of a length, with a hash (the
/// manifest's), or `None` when it is out of bounds.
pub fn decode(
    payload: &[u8],
    texts_len: u64,
    text_at: impl Fn(usize, usize, u64) -> Option<SharedText>,
) -> Result<(Manifest, Kb), String> {
    let p: PartsIn<'_> = dec(payload)?;
    // Every part on its own task; each task fills only its own slot, and the
    // scope returns when all are done.
    let (mut sources, mut manifest, mut people, mut vocab) = (unset(), unset(), unset(), unset());
    let (mut name_parts, mut quotes, mut events, mut roles) = (unset(), unset(), unset(), unset());
    rayon::scope(|s| {
        s.spawn(|_| sources = p.sources.par_iter().map(|c| dec::<Vec<Source>>(c)).collect::<Result<Vec<_>, _>>());
        s.spawn(|_| manifest = dec(p.manifest));
        s.spawn(|_| people = dec(p.people));
        s.spawn(|_| vocab = dec(p.vocab));
        s.spawn(|_| name_parts = dec(p.name_parts));
        s.spawn(|_| quotes = dec(p.quotes));
        s.spawn(|_| events = dec(p.events));
        s.spawn(|_| roles = dec(p.roles));
    });
    let manifest: Manifest = manifest?;
    let mut sources: Vec<Source> = sources?.into_iter().flatten().collect();
    let lens: Vec<u64> = dec(p.text_lens)?;
    if lens.len() != sources.len() || manifest.entries.len() != sources.len() {
        return Err("sources, texts and manifest disagree".into());
    }
    if lens.iter().try_fold(0u64, |a, &n| a.checked_add(n)) != Some(texts_len) {
        return Err("text lengths do not add up".into());
    }
    let mut at = 0usize;
    for ((s, &n), e) in sources.iter_mut().zip(&lens).zip(&manifest.entries) {
        s.doc.text = text_at(at, n as usize, e.hash).ok_or("a text is out of bounds")?;
        at += n as usize;
    }
    let kb = Kb {
        sources,
        people: people?,
        vocab: vocab?,
        name_parts: name_parts?,
        quotes: quotes?,
        events: events?,
        roles: roles?,
    };
    Ok((manifest, kb))
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

    /// The manifest of `kb` and its encoding with its texts after it.
    fn encoded(kb: &Kb) -> (Manifest, Vec<u8>, Vec<u8>) {
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
        let texts: String = kb.sources.iter().map(|s| &*s.doc.text).collect();
        (manifest.clone(), encode(&manifest, kb).unwrap(), texts.into_bytes())
    }

    fn decode_with(payload: &[u8], texts: &[u8]) -> Result<(Manifest, Kb), String> {
        decode(payload, texts.len() as u64, |at, n, _| {
            let t = texts.get(at..at.checked_add(n)?)?;
            Some(SharedText::from(String::from_utf8_lossy(t).into_owned()))
        })
    }

    #[test]
    fn round_trip_keeps_every_part() {
        let docs = (0..CHUNK + 3)
            .map(|i| {
                Document::parse(format!("s{i}.md"), format!("Mayor Orla Quennell spoke on day {i}."), Format::Markdown)
            })
            .collect();
        let kb = Kb::build(docs);
        let (manifest, bytes, texts) = encoded(&kb);
        assert_eq!(texts_len(&kb), texts.len() as u64);
        let (m, back) = decode_with(&bytes, &texts).unwrap();
        assert_eq!(m, manifest);
        assert_eq!(back.sources.len(), kb.sources.len());
        assert_eq!(back.sources.last().unwrap().doc.text, kb.sources.last().unwrap().doc.text);
        assert_eq!(back.people.list.len(), kb.people.list.len());
        // Hash maps come back in another order, with the same contents.
        assert_eq!(encode(&manifest, &back).unwrap().len(), bytes.len());
        assert!(decode_with(&bytes[..bytes.len() / 2], &texts).is_err());
        assert!(decode_with(&bytes, &texts[1..]).is_err());
    }

    /// The checksum keeps damaged payloads from the decoder; should one get
    /// through, decoding it fails or succeeds but never panics or runs away.
    #[test]
    fn damaged_payloads_decode_without_panicking() {
        let docs = (0..5)
            .map(|i| {
                Document::parse(
                    format!("s{i}.md"),
                    format!("Mayor Orla Quennell said \"we build\" on May {i}."),
                    Format::Markdown,
                )
            })
            .collect();
        let (_, bytes, texts) = encoded(&Kb::build(docs));
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
            let _ = decode_with(&bad, &texts);
        }
    }
}
