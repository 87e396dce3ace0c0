//! Events as the fact sheet shows them: date, weekdays, participants, sources.

use super::events::Event;
use super::Kb;
use crate::extract::dates::weekday_name;
use serde::Serialize;

#[derive(Serialize)]
pub struct EventFacts {
    /// The dates as the sources give them, merged ("January 9, 2024").
    pub dates: Vec<String>,
    pub weekdays: Vec<String>,
    pub participants: Vec<String>,
    /// Content words that identify the event (stems).
    pub about: Vec<String>,
    /// "path:line" (1-based) with the date as written there.
    pub sources: Vec<String>,
}

fn event_facts(kb: &Kb, e: &Event) -> EventFacts {
    let dates = if e.slots == 1 {
        vec![e.date().describe()]
    } else {
        e.whens.iter().filter(|w| !w.date.is_empty()).map(|w| w.date.describe()).collect()
    };
    let keys = e.keys.ids().iter().map(|&k| kb.events.stats.key(k));
    let mut about: Vec<String> = keys.filter(|k| !k.starts_with('@')).map(str::to_string).collect();
    about.sort();
    let sources = e
        .whens
        .iter()
        .map(|w| {
            let s = kb.source(w.source);
            format!("{}:{} \"{}\"", s.path, s.doc.line_of(w.span.start) + 1, w.span.slice(&s.doc.text))
        })
        .collect();
    EventFacts {
        dates: dates.into_iter().filter(|d| d != "an unknown date").collect(),
        weekdays: e.weekdays().into_iter().map(|w| weekday_name(w).to_string()).collect(),
        participants: e.people.iter().map(|p| kb.people.get(*p).name.clone()).collect(),
        about,
        sources,
    }
}

pub fn all_event_facts(kb: &Kb) -> Vec<EventFacts> {
    kb.events.list.iter().map(|e| event_facts(kb, e)).collect()
}
