//! Per person, every title and role the sources give, with where they give it.
//! Sources may disagree (a promotion between two articles); all are kept.

use super::people::PersonId;
use super::table::Table;
use super::SourceId;
use crate::corpus::Document;
use crate::extract::titles::{extract_roles, RoleFact};
use crate::extract::NameMention;
use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct SourcedRole {
    pub person: PersonId,
    pub source: SourceId,
    pub fact: RoleFact,
    /// The person this one speaks or works for, when the phrase names one.
    pub principal: Option<PersonId>,
}

/// Every sourced role, grouped by person. After a cache hit each person's
/// group stays encoded in the mapped index until that person's roles are
/// first asked for: a check asks for a few people's, and decoding them all
/// at load took a tenth of it.
#[derive(Default)]
pub struct Roles {
    /// People with roles, ascending; `groups[i]` holds `persons[i]`'s.
    persons: Vec<PersonId>,
    groups: Vec<Group>,
}

/// One person's roles in corpus order, each with its place in the corpus
/// order of all roles (to give them back by source).
struct Group {
    /// The encoded group, when it was loaded from the index.
    stored: Table<u8>,
    decoded: OnceLock<Box<[(u32, SourcedRole)]>>,
}

impl Group {
    fn roles(&self) -> &[(u32, SourcedRole)] {
        self.decoded.get_or_init(|| match postcard::from_bytes::<Vec<(u32, SourcedRole)>>(&self.stored) {
            Ok(list) => list.into(),
            // Covered by the index's checksum: only a build whose encoder and
            // decoder disagree gets here. Read as no roles, and have the
            // index rebuilt (see `shared_text`).
            Err(_) => {
                super::shared_text::report_damage();
                Box::default()
            }
        })
    }
}

/// The stored form: the people, and each one's encoded group.
#[derive(serde::Serialize, serde::Deserialize)]
struct Stored<G> {
    persons: Vec<PersonId>,
    groups: Vec<G>,
}

struct Encoded(Vec<u8>);

impl serde::Serialize for Encoded {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

/// The roles one source gives people. `resolved`: the person of each name mention.
pub fn source_roles(
    si: SourceId,
    doc: &Document,
    names: &[NameMention],
    resolved: &[Option<PersonId>],
) -> Vec<SourcedRole> {
    let person_of = |m: usize| resolved.get(m).copied().flatten();
    extract_roles(doc, names)
        .into_iter()
        .filter_map(|fact| {
            let person = person_of(fact.mention)?;
            let principal = fact.principal.and_then(person_of);
            Some(SourcedRole { person, source: si, fact, principal })
        })
        .collect()
}

impl SourcedRole {
    /// The role as if found in source `si` with each person `p` known as
    /// `person(p)`; `None` when a person has no new id.
    pub fn remap(self, si: SourceId, person: impl Fn(PersonId) -> Option<PersonId>) -> Option<SourcedRole> {
        let principal = match self.principal {
            Some(p) => Some(person(p)?),
            None => None,
        };
        Some(SourcedRole { person: person(self.person)?, source: si, principal, ..self })
    }
}

impl Roles {
    /// Every role in corpus order.
    fn in_corpus_order(self) -> Vec<SourcedRole> {
        let mut all: Vec<(u32, SourcedRole)> = Vec::new();
        for g in self.groups {
            g.roles();
            all.extend(g.decoded.into_inner().unwrap_or_default().into_vec());
        }
        all.sort_by_key(|(i, _)| *i);
        all.into_iter().map(|(_, r)| r).collect()
    }

    /// The roles of each of `sources` sources, in the order [`source_roles`] gave them.
    pub fn into_by_source(self, sources: usize) -> Vec<Vec<SourcedRole>> {
        let mut out: Vec<Vec<SourcedRole>> = (0..sources).map(|_| Vec::new()).collect();
        for r in self.in_corpus_order() {
            if let Some(list) = out.get_mut(r.source as usize) {
                list.push(r);
            }
        }
        out
    }

    /// Index roles, in corpus order.
    pub fn from_facts(facts: Vec<SourcedRole>) -> Roles {
        let mut by_person: HashMap<PersonId, Vec<(u32, SourcedRole)>> = HashMap::default();
        for (i, r) in facts.into_iter().enumerate() {
            by_person.entry(r.person).or_default().push((i as u32, r));
        }
        let mut list: Vec<_> = by_person.into_iter().collect();
        list.sort_unstable_by_key(|(p, _)| *p);
        let persons = list.iter().map(|(p, _)| *p).collect();
        let groups = list
            .into_iter()
            .map(|(_, roles)| Group { stored: Table::default(), decoded: OnceLock::from(roles.into_boxed_slice()) })
            .collect();
        Roles { persons, groups }
    }

    /// The stored form (see [`Roles::stored`]).
    pub fn encode(&self) -> Result<Vec<u8>, String> {
        let groups = (self.groups.iter())
            .map(|g| match g.decoded.get() {
                Some(roles) => postcard::to_stdvec(roles).map(Encoded).map_err(|e| e.to_string()),
                None => Ok(Encoded(g.stored.to_vec())),
            })
            .collect::<Result<Vec<_>, _>>()?;
        postcard::to_stdvec(&Stored { persons: self.persons.clone(), groups }).map_err(|e| e.to_string())
    }

    /// Roles from their stored form, each person's decoded on first use;
    /// `group` makes a group's bytes into a table (in place in the mapped
    /// index, or a copy).
    pub fn stored(bytes: &[u8], group: impl Fn(&[u8]) -> Option<Table<u8>>) -> Result<Roles, String> {
        let s: Stored<&[u8]> = postcard::from_bytes(bytes).map_err(|e| e.to_string())?;
        if s.persons.len() != s.groups.len() || !s.persons.windows(2).all(|w| w[0] < w[1]) {
            return Err("the roles' people are inconsistent".into());
        }
        let groups = (s.groups.iter())
            .map(|g| group(g).map(|stored| Group { stored, decoded: OnceLock::new() }))
            .collect::<Option<Vec<_>>>()
            .ok_or("a group of roles is out of bounds")?;
        Ok(Roles { persons: s.persons, groups })
    }

    pub fn of(&self, person: PersonId) -> impl Iterator<Item = &SourcedRole> {
        let group = self.persons.binary_search(&person).ok().map(|i| self.groups[i].roles());
        group.into_iter().flatten().map(|(_, r)| r)
    }

    /// The countries the sources tie a person to, directly or through the
    /// person they speak for (`via`), each with the fact that says so.
    pub fn countries(&self, person: PersonId) -> Vec<CountryFact<'_>> {
        let direct = |p: PersonId| self.of(p).filter_map(|r| r.fact.country.map(|c| (c.0, r))).collect::<Vec<_>>();
        let mut out: Vec<CountryFact<'_>> =
            direct(person).into_iter().map(|(country, fact)| CountryFact { country, fact, via: None }).collect();
        for r in self.of(person) {
            if let Some(q) = r.principal.filter(|&q| q != person) {
                for (country, _) in direct(q) {
                    let known = out.iter().any(|c| c.country == country && std::ptr::eq(c.fact, r));
                    if !known {
                        out.push(CountryFact { country, fact: r, via: Some(q) });
                    }
                }
            }
        }
        out
    }
}

/// A country the sources tie a person to.
#[derive(Clone, Copy, Debug)]
pub struct CountryFact<'a> {
    pub country: &'static str,
    pub fact: &'a SourcedRole,
    /// The person whose country this is, when it comes through them.
    pub via: Option<PersonId>,
}

/// A sourced role in words, for the fact sheet: "Deputy Director · People's
/// Liberation Army · China", "Spokesperson for Charles Q. Brown".
pub fn describe(kb: &super::Kb, r: &SourcedRole) -> String {
    use crate::lexicon::ranks::def;
    let mut parts: Vec<String> = r
        .fact
        .titles
        .iter()
        .map(|t| match t.service {
            Some((service, _)) => format!("{} {}", service, def(t.title).full),
            None => def(t.title).full.to_string(),
        })
        .collect();
    if let Some(p) = r.principal {
        parts.push(format!("for {}", kb.people.get(p).name));
    }
    if let Some(o) = &r.fact.org {
        parts.push(o.name.clone());
    }
    if let Some((c, _)) = r.fact.country {
        parts.push(crate::lexicon::aliases::country_name(c));
    }
    parts.join(" · ")
}

impl std::fmt::Debug for Roles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Roles").field("persons", &self.persons.len()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, Format};

    fn kb() -> super::super::Kb {
        let texts = [
            "Gen. Ada Morrow, the army chief, met Mayor Orla Quennell. Quennell's spokesman, Ivo Pell, said so.",
            "Lt. Gen. Ada Morrow of the Navy spoke. Mayor Orla Quennell did not.",
        ];
        let docs =
            texts.iter().enumerate().map(|(i, t)| Document::parse(format!("s{i}.md"), t.to_string(), Format::Markdown));
        super::super::Kb::build(docs.collect())
    }

    fn listed(roles: &Roles, person: PersonId) -> Vec<(SourceId, String)> {
        roles.of(person).map(|r| (r.source, format!("{:?}", r.fact))).collect()
    }

    /// Stored roles decode one person's group when asked, read as built, and
    /// give every role back by source in corpus order.
    #[test]
    fn stored_roles_read_as_built_and_decode_per_person() {
        let kb = kb();
        let bytes = kb.roles.encode().unwrap();
        let stored = Roles::stored(&bytes, Table::copied).unwrap();
        assert!(stored.groups.iter().all(|g| g.decoded.get().is_none()));
        let people: Vec<PersonId> = kb.people.list.iter().map(|p| p.id).collect();
        assert!(people.iter().filter(|&&p| kb.roles.of(p).count() > 0).count() >= 2);
        let first = stored.persons[0];
        assert_eq!(listed(&stored, first), listed(&kb.roles, first));
        assert_eq!(stored.groups.iter().filter(|g| g.decoded.get().is_some()).count(), 1);
        for &p in &people {
            assert_eq!(listed(&stored, p), listed(&kb.roles, p));
        }
        assert_eq!(stored.encode().unwrap(), bytes);
        let by_source = |r: Roles| -> Vec<Vec<String>> {
            r.into_by_source(2).iter().map(|l| l.iter().map(|r| format!("{r:?}")).collect()).collect()
        };
        let built = Roles::from_facts(kb.roles.in_corpus_order());
        assert_eq!(by_source(stored), by_source(built));
        assert!(Roles::stored(&bytes[..bytes.len() - 1], Table::copied).is_err());
    }
}
