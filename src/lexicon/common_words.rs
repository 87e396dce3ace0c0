//! Frequent English words. A capitalised common word (at the start of a
//! sentence or in a headline) is no evidence of a name.

const COMMON: &str = "a about above according across act action actually add added adding additionally after \
afterwards again against age ago agree agreed agreement ahead aid aim air all allow almost alone along already also \
although always am among amid an and announced another answer any anyone anything are area around article as ask \
asked at attack away back bad based be because become been before began begin behind being believe below best \
better between beyond big both bring brought build business but by call called came can case cause certain change \
chief city clear close come comes coming comment comments concern could country course court cut day days deal \
decided despite did different do does doing done down during each early earlier east either else end enough even \
ever every everyone everything example except face fact fall far few final finally find first five follow following \
for force former four free from full further furthermore get give given go going good government great group grow \
had half hand has have having he head hear held help her here hers herself high him himself his hold home hope \
hours house how however i if important in including indeed instead into is issue it its itself just keep kind know \
known large last late later lead least leave left less let life like likely little long look made major make many \
may maybe me meanwhile meet meeting member men might more moreover most move much must my name near need never \
new news next night nine no none nor not nothing now number of off often old on once one only open or order other \
others our out over own part past people per perhaps place plan play please point power public put quite rather \
read really recent recently record regarding report reported reports right rule run said same saw say says second \
see seen set seven several she should show side since six small so some someone something sometimes soon source \
sources speaking start state still such support sure take taken talk talks tell ten than thank that the their \
them themselves then there therefore these they thing think third this those though three through thus time to \
today together told too top toward towards two under unless until up upon us use used very view want war was way \
we week weeks well were west what whatever when where whether which while who whole whom whose why will with \
within without word words work world would year years yes yet you your share calls video leaders \
elsewhere overall";

fn words() -> &'static super::WordSet {
    static SET: std::sync::OnceLock<super::WordSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| COMMON.split_whitespace().collect())
}

/// True for a frequent English word, compared without case.
pub fn is_common_word(word: &str) -> bool {
    words().contains(super::lower(word).as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_common_names_are_not() {
        assert!(is_common_word("The"));
        assert!(is_common_word("According"));
        assert!(!is_common_word("Okafor"));
        assert!(!is_common_word("Ode"));
    }
}
