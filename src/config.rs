//! `.copydesk.toml`: the corpus, rule severities, and names never flagged.
//!
//! ```toml
//! corpus = ["sources", "../archive"]   # relative to this file
//! allow = ["Okafro"]                   # never flagged
//! [rules]
//! name-spelling = "error"              # error | warning | info | hint | off
//! ```

use crate::finding::{Rule, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = ".copydesk.toml";

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub corpus: Vec<PathBuf>,
    #[serde(default)]
    pub allow: Vec<String>,
    #[serde(default)]
    pub rules: BTreeMap<String, String>,
    /// Extra organisation and place aliases: `"City Hall" = ["the city"]`.
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Corpus files larger than this many bytes are skipped with a warning.
    #[serde(default)]
    pub max_file_bytes: Option<u64>,
    /// The language server does not check open drafts larger than this many bytes.
    #[serde(default)]
    pub max_document_bytes: Option<u64>,
    /// `false`: never read or write the workspace cache (`.copydesk/cache`).
    #[serde(default)]
    pub cache: Option<bool>,
    /// The file this was read from, if any.
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for ConfigError {}

/// A rule's setting: a severity, or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    On(Severity),
}

pub fn parse_setting(s: &str) -> Option<RuleSetting> {
    if s == "off" {
        Some(RuleSetting::Off)
    } else {
        Severity::parse(s).map(RuleSetting::On)
    }
}

impl Config {
    /// Read and validate a config file; corpus paths become relative to its folder.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let err = |message: String| ConfigError { path: path.to_path_buf(), message };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let mut config = Config::parse(&text).map_err(err)?;
        let base = path.parent().unwrap_or(Path::new("."));
        config.corpus = config.corpus.iter().map(|p| relative_to_cwd(&base.join(p))).collect();
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parse and validate config text (paths are left as written).
    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.message().to_string())?;
        for (code, value) in &config.rules {
            if Rule::from_code(code).is_none() {
                let known: Vec<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
                return Err(format!("unknown rule \"{code}\" in [rules]; known rules: {}", known.join(", ")));
            }
            if parse_setting(value).is_none() {
                return Err(format!("rule \"{code}\": \"{value}\" is not one of error, warning, info, hint, off"));
            }
        }
        Ok(config)
    }

    /// The nearest `.copydesk.toml` in `start` (a file's folder, or a folder) or above it.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = if start.is_dir() { start.to_path_buf() } else { start.parent()?.to_path_buf() };
        let start = if start.as_os_str().is_empty() { PathBuf::from(".") } else { start };
        let start = start.canonicalize().unwrap_or(start);
        start.ancestors().map(|d| d.join(CONFIG_FILE)).find(|p| p.is_file())
    }

    /// The severity configured for a rule, `None` when it is off.
    pub fn severity(&self, rule: Rule, default: Severity) -> Option<Severity> {
        match self.rules.get(rule.code()).and_then(|s| parse_setting(s)) {
            Some(RuleSetting::Off) => None,
            Some(RuleSetting::On(s)) => Some(s),
            None => Some(default),
        }
    }

    /// Is this flagged text on the allow list? (Compared without case.)
    pub fn is_allowed(&self, text: &str) -> bool {
        let t = crate::text::fold(text);
        self.allow.iter().any(|a| crate::text::fold(a) == t)
    }
}

/// Paths under the working directory are shown relative to it, as a user would type them.
fn relative_to_cwd(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().ok().and_then(|c| c.canonicalize().ok());
    match cwd.and_then(|c| path.strip_prefix(&c).ok().map(Path::to_path_buf)) {
        Some(rel) if !rel.as_os_str().is_empty() => rel,
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rules_and_allow() {
        let c = Config::parse("allow = ['Okafro']\n[rules]\nname-spelling = 'off'\nmisquote = 'error'\n").unwrap();
        assert_eq!(c.severity(Rule::NameSpelling, Severity::Warning), None);
        assert_eq!(c.severity(Rule::Misquote, Severity::Warning), Some(Severity::Error));
        assert_eq!(c.severity(Rule::DateMismatch, Severity::Warning), Some(Severity::Warning));
        assert!(c.is_allowed("okafro"));
    }

    #[test]
    fn rejects_unknown_rules_values_and_keys() {
        assert!(Config::parse("[rules]\nspelling = 'off'").unwrap_err().contains("unknown rule \"spelling\""));
        assert!(Config::parse("[rules]\nmisquote = 'loud'").unwrap_err().contains("not one of"));
        assert!(Config::parse("corpuss = []").is_err());
    }

    #[test]
    fn discovers_upwards_and_resolves_corpus_paths() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "corpus = ['sources']").unwrap();
        std::fs::create_dir_all(dir.path().join("drafts/deep")).unwrap();
        let found = Config::discover(&dir.path().join("drafts/deep/story.md")).unwrap();
        let c = Config::load(&found).unwrap();
        assert!(c.corpus[0].ends_with("sources"));
        assert!(c.corpus[0].starts_with(dir.path().canonicalize().unwrap()));
    }
}
