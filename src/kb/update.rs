//! Updating a knowledge base when some of its sources changed, were added or
//! were removed, with the same result as building it afresh: only new and
//! changed sources are extracted; the others give their names and dates
//! from their memos, and their quotations, events and roles from the earlier
//! build where their people resolve as before (see `build::assemble`).

use super::build::{assemble, first_passes, identity, Earlier, FirstPass, Reuse};
use super::memo::FirstMemo;
use super::people::PersonId;
use super::{Kb, Source};
use crate::corpus::{CorpusText, Format};
use rayon::prelude::*;

/// A source of the updated corpus.
pub enum Input {
    /// Unchanged since the earlier build, where it was source `i`.
    Kept(usize),
    /// New or changed.
    Read(CorpusText),
}

impl Kb {
    /// The knowledge base of `inputs` (in corpus order), equal to
    /// [`Kb::from_texts`] on their texts. The earlier sources that are not
    /// kept must still have their texts as built (their word counts are
    /// taken back by parsing them again). Without usable memos, everything
    /// is built again.
    pub fn update(self, inputs: Vec<Input>) -> Kb {
        let n = self.sources.len();
        let mut kept = vec![false; n];
        // Nothing is reused from tables that do not match their hashes.
        let valid = self.verification.wait()
            && self.memos.len() == n
            && self.quotes.all_sound()
            && inputs.iter().all(|i| match i {
                Input::Kept(o) => *o < n && !std::mem::replace(&mut kept[*o], true),
                Input::Read(_) => true,
            });
        let decode = |o: usize| if kept[o] { self.memos.first(o).map(Some) } else { Some(None) };
        let memos = valid.then(|| (0..n).into_par_iter().map(decode).collect::<Option<Vec<_>>>()).flatten();
        let Some(memos) = memos else {
            return Kb::from_texts(self.texts(inputs));
        };
        self.update_with(inputs, memos)
    }

    /// Every input's text (kept ones from this knowledge base).
    pub fn texts(&self, inputs: Vec<Input>) -> Vec<CorpusText> {
        inputs
            .into_iter()
            .filter_map(|i| match i {
                Input::Kept(o) => self.sources.get(o).map(Source::corpus_text),
                Input::Read(t) => Some(t),
            })
            .collect()
    }

    /// [`Kb::update`] with each kept source's first pass (`None` for the others).
    fn update_with(self, inputs: Vec<Input>, mut firsts: Vec<Option<FirstMemo>>) -> Kb {
        let n = self.sources.len();
        let Kb { sources, people, mut vocab, quotes, events, roles, name_parts, memos, verification: _ } = self;
        // Every source is renumbered into the new knowledge base.
        let sources = sources.into_vec();
        // Only the people's identities and the latest year are needed of the rest.
        let identities: Vec<String> = people.list.iter().map(identity).collect();
        let latest_year = events.latest_year;
        drop((events, name_parts));
        // The word counts of the sources not kept, taken back.
        let gone: Vec<_> = sources
            .par_iter()
            .zip(&firsts)
            .filter(|(_, m)| m.is_none())
            .map(|(s, _)| s.corpus_text().parse())
            .collect();
        gone.iter().for_each(|doc| vocab.remove_document(doc));
        drop(gone);
        // The earlier resolution of each mention, from the people's mentions.
        let mut resolved: Vec<Vec<Option<PersonId>>> = sources.iter().map(|s| vec![None; s.names.len()]).collect();
        for p in &people.list {
            for m in &p.mentions {
                if let Some(slot) = resolved.get_mut(m.source as usize).and_then(|r| r.get_mut(m.mention)) {
                    *slot = Some(p.id);
                }
            }
        }
        drop(people);
        // Each source: the earlier one it is (`Some`), or the next one read.
        let mut read = Vec::new();
        let order: Vec<Option<usize>> = inputs
            .into_iter()
            .map(|i| match i {
                Input::Kept(o) => Some(o),
                Input::Read(t) => {
                    read.push(t);
                    None
                }
            })
            .collect();
        let (read, read_vocab) = first_passes(read);
        vocab.merge(read_vocab);
        let mut read = read.into_iter();
        let mut passages = quotes.into_source_passages(n);
        let mut roles = roles.into_by_source(n);
        let mut sources: Vec<Option<Source>> = sources.into_iter().map(Some).collect();
        let mut first = Vec::with_capacity(order.len());
        let mut parts = Vec::with_capacity(order.len());
        for earlier in order {
            match earlier {
                None => {
                    first.extend(read.next());
                    parts.push(None);
                }
                Some(o) => {
                    let (Some(memo), Some(source)) = (firsts[o].take(), sources[o].take()) else { continue };
                    first.push(FirstPass {
                        path: source.path.to_string(),
                        text: source.doc.text.clone(),
                        format: Format::from_path(std::path::Path::new(&*source.path)),
                        names: memo.names,
                        dates: memo.dates,
                    });
                    parts.push(Some(Earlier {
                        index: o,
                        first: memos.first_bytes(o).unwrap_or_default().to_vec(),
                        source,
                        passages: std::mem::take(&mut passages[o]),
                        roles: std::mem::take(&mut roles[o]),
                        resolved: std::mem::take(&mut resolved[o]),
                    }));
                }
            }
        }
        let reuse = Reuse { parts, identities, latest_year, memos };
        assemble(first, vocab, Some(reuse))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::people::Person;

    fn text(path: &str, body: &str) -> CorpusText {
        CorpusText { path: path.into(), text: body.to_string().into(), format: Format::Markdown }
    }

    /// Every part of a knowledge base, encoded; the word counts sorted (a
    /// hash map's order depends on how it grew).
    fn canonical(kb: &Kb) -> Vec<Vec<u8>> {
        let enc = |v: &dyn erased::Encode| v.bytes();
        let texts: Vec<&str> = kb.sources.iter().map(|s| &*s.doc.text).collect();
        let mut out = vec![
            enc(&kb.sources),
            enc(&texts),
            enc(&kb.people),
            enc(&kb.vocab.sorted()),
            enc(&kb.name_parts),
            enc(&kb.quotes),
            enc(&kb.events),
            enc(&kb.events.list),
            enc(&kb.events.numbers),
            kb.roles.encode().unwrap(),
            kb.memos.blob().to_vec(),
            enc(&kb.memos.ends()),
        ];
        out.extend(kb.quotes.stored_tables().iter().map(|t| t.to_vec()));
        out.extend(kb.events.stored_tables().iter().map(|t| t.to_vec()));
        out
    }

    mod erased {
        pub trait Encode {
            fn bytes(&self) -> Vec<u8>;
        }
        impl<T: serde::Serialize + ?Sized> Encode for T {
            fn bytes(&self) -> Vec<u8> {
                postcard::to_stdvec(self).unwrap()
            }
        }
    }

    /// Each source's mentions, by the identity of the person they resolve to.
    fn resolutions(kb: &Kb) -> Vec<Vec<(usize, String)>> {
        let mut out: Vec<Vec<(usize, String)>> = vec![Vec::new(); kb.sources.len()];
        for p in &kb.people.list {
            for m in &p.mentions {
                out[m.source as usize].push((m.mention, identity(p)));
            }
        }
        out.iter_mut().for_each(|r| r.sort());
        out
    }

    fn identity(p: &Person) -> String {
        p.folded_parts().join(" ")
    }

    /// Update `old` (built from `before`) to `after`, files matched by path
    /// and text; check it equals a fresh build of `after`.
    fn updated(old: Kb, before: &[CorpusText], after: &[CorpusText]) -> Kb {
        let inputs = after
            .iter()
            .map(|t| match before.iter().position(|b| b.path == t.path && *b.text == *t.text) {
                Some(o) => Input::Kept(o),
                None => Input::Read(t.clone()),
            })
            .collect();
        let kb = old.update(inputs);
        let fresh = Kb::from_texts(after.to_vec());
        let (a, b) = (canonical(&kb), canonical(&fresh));
        for (i, (x, y)) in a.iter().zip(&b).enumerate() {
            assert!(x == y, "part {i} differs after the update");
        }
        kb
    }

    #[test]
    fn updates_equal_fresh_builds() {
        let mut corpus = vec![
            text("a.md", "Mayor Orla Quennell said \"we will build the harbor wall\" on Tuesday, March 5, 2024."),
            text("b.md", "Quennell signed the budget of $48 million on March 7. \"It is done,\" Quennell said."),
            text("c.md", "Fire Chief Dana Okafor said crews rescued 12 hikers near Cedar Ridge on Monday."),
            text("d.md", "Okafor, the fire chief, said \"the ridge is safe again\" after the rescue on March 4."),
            text("e.md", "The council approved the stadium plan 7-2 on March 6, 2024, said Councillor Ben Ruiz."),
            text("f.md", "Ruiz said the stadium plan would cost $300 million. Mayor Orla Quennell agreed."),
        ];
        let mut kb = Kb::from_texts(corpus.clone());
        let step = |kb: Kb, corpus: &mut Vec<CorpusText>, change: &dyn Fn(&mut Vec<CorpusText>)| -> Kb {
            let before = corpus.clone();
            change(corpus);
            updated(kb, &before, corpus)
        };
        // One file changed, one added, one removed.
        kb = step(kb, &mut corpus, &|c| c[1] = text("b.md", "Quennell signed the budget of $52 million on March 8."));
        kb = step(kb, &mut corpus, &|c| {
            c.push(text("g.md", "Councillor Ben Ruiz said \"the vote was fair\" on Wednesday, March 6."))
        });
        kb = step(kb, &mut corpus, &|c| {
            c.remove(4);
        });
        // A second Okafor: a lone "Okafor" in an unchanged file may mean either.
        let before = resolutions(&kb);
        kb = step(kb, &mut corpus, &|c| {
            c.insert(0, text("0.md", "Judge Amara Okafor ruled on the harbor case on March 9, 2024."))
        });
        let after = resolutions(&kb);
        assert_ne!(before[2..], after[3..], "an unchanged source resolves to other people now");
        // A later year: every date without a year is read again.
        kb = step(kb, &mut corpus, &|c| c.push(text("h.md", "Orla Quennell will retire in 2031, she said.")));
        // Back to the corpus as it was, and nothing at all.
        kb = step(kb, &mut corpus, &|c| c.retain(|t| t.path != "h.md" && t.path != "0.md"));
        step(kb, &mut corpus, &|_| {});
    }

    #[test]
    fn memos_that_do_not_decode_mean_a_full_build() {
        let corpus = vec![
            text("a.md", "Mayor Orla Quennell said \"we will build the harbor wall\" on March 5, 2024."),
            text("b.md", "Quennell signed the budget on March 7."),
        ];
        let mut kb = Kb::from_texts(corpus.clone());
        let garbage = || crate::kb::memo::Encoded { first: vec![0xff; 3], events: vec![0xff; 3] };
        kb.memos = crate::kb::memo::Memos::from_encoded(vec![garbage(), garbage()]);
        let mut after = corpus.clone();
        after[1] = text("b.md", "Quennell signed the budget on March 8.");
        updated(kb, &corpus, &after);
    }
}
