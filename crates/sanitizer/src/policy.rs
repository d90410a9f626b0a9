//! The one HTML allowlist of the app. Backend HTML (provider bios, system
//! messages) passes through [`clean`] before it may be shown.

use std::collections::{HashMap, HashSet};

use ammonia::{Builder, UrlRelative};

/// Formatting tags a bio or a system message may use. No media, no forms,
/// no svg or math (both have their own parsing rules), nothing that styles.
const ALLOWED_TAGS: &[&str] = &[
    "a",
    "b",
    "blockquote",
    "br",
    "em",
    "h3",
    "h4",
    "i",
    "li",
    "ol",
    "p",
    "strong",
    "u",
    "ul",
];

/// Tags removed together with everything inside them: script-like, raw-text
/// and foreign-content elements whose text must never show up as text either.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script",
    "style",
    "svg",
    "math",
    "template",
    "iframe",
    "object",
    "noscript",
    "textarea",
    "title",
    "xmp",
    "noembed",
    "noframes",
    "plaintext",
    "select",
];

const LINK_SCHEMES: &[&str] = &["https", "mailto", "tel"];

fn builder() -> Builder<'static> {
    let mut b = Builder::empty();
    b.tags(ALLOWED_TAGS.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .tag_attributes(HashMap::from([("a", HashSet::from(["href"]))]))
        .generic_attributes(HashSet::new())
        .generic_attribute_prefixes(HashSet::new())
        .url_schemes(LINK_SCHEMES.iter().copied().collect())
        .url_relative(UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true);
    b
}

/// Sanitizes untrusted HTML with the app's allowlist.
pub fn clean(untrusted: &str) -> String {
    builder().clean(untrusted).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_simple_formatting() {
        assert_eq!(
            clean("<p>Deep <strong>tissue</strong> and <em>hot stone</em></p>"),
            "<p>Deep <strong>tissue</strong> and <em>hot stone</em></p>"
        );
    }

    #[test]
    fn drops_scripts_and_their_content() {
        assert_eq!(clean("<p>hi</p><script>alert(1)</script>"), "<p>hi</p>");
        assert_eq!(clean("<style>p{color:red}</style>ok"), "ok");
    }

    #[test]
    fn drops_event_handlers_and_media() {
        let out = clean(r#"<img src=x onerror=alert(1)><p onclick="x()">a</p>"#);
        assert_eq!(out, "<p>a</p>");
    }

    #[test]
    fn drops_svg_and_math_entirely() {
        assert_eq!(
            clean("<svg><script>alert(1)</script><a href='https://x'>x</a></svg>ok"),
            "ok"
        );
        assert_eq!(clean("<math><mi>x</mi></math>ok"), "ok");
    }

    #[test]
    fn links_keep_only_safe_schemes_and_get_rel() {
        assert_eq!(
            clean(r#"<a href="https://example.com">x</a>"#),
            r#"<a href="https://example.com" rel="noopener noreferrer">x</a>"#
        );
        assert_eq!(
            clean(r#"<a href="javascript:alert(1)">x</a>"#),
            "<a rel=\"noopener noreferrer\">x</a>"
        );
        assert_eq!(
            clean(r#"<a href="http://plain.example">x</a>"#),
            "<a rel=\"noopener noreferrer\">x</a>"
        );
        assert_eq!(
            clean(r#"<a href="/relative">x</a>"#),
            "<a rel=\"noopener noreferrer\">x</a>"
        );
        assert!(clean(r#"<a href="tel:+628123">call</a>"#).contains("href=\"tel:+628123\""));
        assert!(clean(r#"<a href="mailto:a@b.co">mail</a>"#).contains("href=\"mailto:a@b.co\""));
    }

    #[test]
    fn drops_style_and_class_attributes() {
        assert_eq!(
            clean(r#"<p style="position:fixed" class="x" id="y">a</p>"#),
            "<p>a</p>"
        );
    }

    #[test]
    fn strips_comments() {
        assert_eq!(clean("<!-- secret --><p>a</p>"), "<p>a</p>");
    }
}
