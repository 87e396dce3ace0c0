//! Per person, every title and role the sources give, with where they give it.
//! Sources may disagree (a promotion between two articles); all are kept.

use super::people::PersonId;
use super::SourceId;
use crate::corpus::Document;
use crate::extract::titles::{extract_roles, RoleFact};
use crate::extract::NameMention;
use rustc_hash::FxHashMap as HashMap;

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct SourcedRole {
    pub person: PersonId,
    pub source: SourceId,
    pub fact: RoleFact,
    /// The person this one speaks or works for, when the phrase names one.
    pub principal: Option<PersonId>,
}

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Roles {
    pub facts: Vec<SourcedRole>,
    by_person: HashMap<PersonId, Vec<usize>>,
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
    /// The roles of each of `sources` sources, in the order [`source_roles`] gave them.
    pub fn into_by_source(self, sources: usize) -> Vec<Vec<SourcedRole>> {
        let mut out: Vec<Vec<SourcedRole>> = (0..sources).map(|_| Vec::new()).collect();
        for r in self.facts {
            if let Some(list) = out.get_mut(r.source as usize) {
                list.push(r);
            }
        }
        out
    }

    /// Index roles, in corpus order.
    pub fn from_facts(facts: Vec<SourcedRole>) -> Roles {
        let mut roles = Roles { facts, by_person: HashMap::default() };
        for (i, r) in roles.facts.iter().enumerate() {
            roles.by_person.entry(r.person).or_default().push(i);
        }
        roles
    }

    pub fn of(&self, person: PersonId) -> impl Iterator<Item = &SourcedRole> {
        self.by_person.get(&person).into_iter().flatten().map(|&i| &self.facts[i])
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
