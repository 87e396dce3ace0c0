//! YAML (`---`) or TOML (`+++`) front matter at the top of a Markdown file.
//! Only the fields copydesk uses are read; the block itself is never checked.

use crate::text::Span;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The `date:` field as written (parsed by whoever needs a calendar date).
    pub date: Option<String>,
    pub title: Option<String>,
}

/// The metadata and the byte span of the whole front-matter block (empty when none).
pub fn front_matter(text: &str) -> (Metadata, Span) {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - body.len();
    for fence in ["---", "+++"] {
        let Some(rest) = body.strip_prefix(fence) else { continue };
        let Some(first_nl) = rest.find('\n') else { continue };
        if !rest[..first_nl].trim().is_empty() {
            continue;
        }
        let inner_start = fence.len() + first_nl + 1;
        let mut offset = inner_start;
        for line in body[inner_start..].split_inclusive('\n') {
            let t = line.trim();
            if t == fence || (fence == "---" && t == "...") {
                let inner = &body[inner_start..offset];
                let meta = if fence == "---" { parse_yaml_fields(inner) } else { parse_toml_fields(inner) };
                return (meta, Span::new(0, bom + offset + line.len()));
            }
            offset += line.len();
        }
    }
    (Metadata::default(), Span::default())
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    let v = v.strip_prefix('"').and_then(|x| x.strip_suffix('"')).unwrap_or(v);
    let v = v.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')).unwrap_or(v);
    v.to_string()
}

fn parse_yaml_fields(inner: &str) -> Metadata {
    let mut meta = Metadata::default();
    for line in inner.lines() {
        let Some((key, value)) = line.split_once(':') else { continue };
        if line.starts_with(char::is_whitespace) || value.trim().is_empty() {
            continue;
        }
        match key.trim() {
            "date" => meta.date = Some(unquote(value)),
            "title" => meta.title = Some(unquote(value)),
            _ => {}
        }
    }
    meta
}

fn parse_toml_fields(inner: &str) -> Metadata {
    let Ok(table) = inner.parse::<toml::Table>() else { return Metadata::default() };
    let field = |k: &str| table.get(k).map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()));
    Metadata { date: field("date"), title: field("title") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_fields_and_span() {
        let t = "---\ntitle: \"Budget vote\"\ndate: 2024-03-05\ntags: [a]\n---\nText";
        let (m, span) = front_matter(t);
        assert_eq!(m.title.as_deref(), Some("Budget vote"));
        assert_eq!(m.date.as_deref(), Some("2024-03-05"));
        assert_eq!(&t[span.end..], "Text");
    }

    #[test]
    fn toml_fields() {
        let t = "+++\ntitle = 'Fire report'\ndate = 2024-05-01\n+++\nBody";
        let (m, _) = front_matter(t);
        assert_eq!(m.title.as_deref(), Some("Fire report"));
        assert_eq!(m.date.as_deref(), Some("2024-05-01"));
    }

    #[test]
    fn no_front_matter_or_unclosed_block() {
        assert_eq!(front_matter("Hello\n---\n").1, Span::default());
        assert_eq!(front_matter("---\ntitle: x\n").1, Span::default());
    }
}
