//! The README documents every registered rule, with the registry's example,
//! so the docs cannot fall behind the code.

use copydesk::checks::RULES;

#[test]
fn readme_lists_every_rule_with_its_example() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for r in RULES {
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", r.rule.code())))
            .unwrap_or_else(|| panic!("README has no row for rule {}", r.rule));
        assert!(row.contains(r.example), "README row for {} lacks the example {:?}", r.rule, r.example);
    }
}
