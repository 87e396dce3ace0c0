//! Fault injection, so tests can watch a failing rule being logged and
//! skipped through the real CLI and server. `COPYDESK_PANIC_IN_RULE=<rule code>`
//! replaces that rule with one that panics. Honoured in debug builds only:
//! release binaries ignore it.

use crate::checks::{Check, Context};
use crate::finding::{Finding, Rule};

pub const PANIC_IN_RULE_ENV: &str = "COPYDESK_PANIC_IN_RULE";

/// The message of an injected panic.
pub const INJECTED_PANIC: &str = "injected fault (COPYDESK_PANIC_IN_RULE)";

/// A check that panics, standing in for `rule`.
pub struct PanickingCheck(pub Rule);

impl Check for PanickingCheck {
    fn rule(&self) -> Rule {
        self.0
    }

    fn run(&self, _: &Context<'_>) -> Vec<Finding> {
        panic!("{INJECTED_PANIC}")
    }
}

/// The checks with the rule named in the environment (if any) made to panic.
pub fn inject(checks: Vec<Box<dyn Check>>) -> Vec<Box<dyn Check>> {
    if !cfg!(debug_assertions) {
        return checks;
    }
    let Some(rule) = std::env::var(PANIC_IN_RULE_ENV).ok().and_then(|code| Rule::from_code(&code)) else {
        return checks;
    };
    checks
        .into_iter()
        .map(|c| if c.rule() == rule { Box::new(PanickingCheck(rule)) as Box<dyn Check> } else { c })
        .collect()
}
