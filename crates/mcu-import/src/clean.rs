//! Cleaning of text pasted from web forms: HTML tags and entities become
//! plain text, whitespace is normalised, paragraphs survive as line breaks.
//! The original is kept by the caller (`import_rows.text_original`).

use std::borrow::Cow;

/// Tags after which the text continues on a new line.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "br",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "table",
    "blockquote",
    "pre",
    "hr",
];

/// Returns the cleaned text; borrowed when nothing needed cleaning.
pub fn clean_text(s: &str) -> Cow<'_, str> {
    let stripped: Cow<'_, str> = if s.contains('<') {
        Cow::Owned(strip_tags(s))
    } else {
        Cow::Borrowed(s)
    };
    let decoded: Cow<'_, str> = if stripped.contains('&') {
        Cow::Owned(html_escape::decode_html_entities(&stripped).into_owned())
    } else {
        stripped
    };
    let normalised = normalise_whitespace(&decoded);
    if normalised == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(normalised)
    }
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let starts_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?');
        match (starts_tag, after.find('>')) {
            (true, Some(end)) => {
                let tag = &after[..end];
                let name: String = tag
                    .trim_start_matches(['/', '!', '?'])
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_ascii_lowercase();
                if BLOCK_TAGS.contains(&name.as_str()) {
                    out.push('\n');
                }
                rest = &after[end + 1..];
            }
            _ => {
                // A lone "<" (as in "a < b") is text.
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Collapses runs of spaces (including no-break spaces and tabs) within lines,
/// trims lines, keeps at most one empty line between paragraphs.
pub fn normalise_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank_run = 0usize;
    for line in s.split('\n') {
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_run > 1 {
                out.push('\n');
            }
        }
        blank_run = 0;
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_entities_and_spaces() {
        assert_eq!(
            clean_text("<p>Яма&nbsp;на  дороге</p><p>ул.&nbsp;Ленина &laquo;10&raquo;</p>"),
            "Яма на дороге\nул. Ленина «10»"
        );
        assert_eq!(clean_text("a < b &amp; c"), "a < b & c");
        assert_eq!(clean_text("&lt;b&gt;текст"), "<b>текст");
        assert!(matches!(clean_text("просто текст"), Cow::Borrowed(_)));
        assert_eq!(
            clean_text("строка 1\r\n\r\n\r\nстрока 2 "),
            "строка 1\n\nстрока 2"
        );
        assert_eq!(clean_text("<br/>"), "");
        assert_eq!(clean_text("<unclosed"), "<unclosed");
    }
}
