//! Photos attached to a chat message: which picked files are accepted, and
//! how each is made small before it goes up.
//!
//! A message carries at most [`MAX_PER_MESSAGE`] photos. A picked file is
//! judged by its first bytes, never by its name or the type the browser
//! declares, so an HTML page renamed `.png` is refused and an SVG drawing
//! (which can carry script) is never taken as a photo. The browser then
//! re-encodes every accepted photo (following [`EncodePlan`]) to at most
//! [`MAX_SIDE`] pixels on its long side and under [`TARGET_BYTES`]; the
//! name it is uploaded under is made here ([`PreparedPhoto::file_name`]),
//! never taken from the user's file.

use serde::{Deserialize, Serialize};
use thiserror::Error;

mod plan;

pub use plan::{Attempt, EncodePlan, FAR_OVER, MIN_SIDE, QUALITIES, SHRINK};

/// The most photos one message carries.
pub const MAX_PER_MESSAGE: usize = 4;
/// The largest file accepted from the picker (15 MiB); a bigger one is
/// refused before the browser spends memory decoding it.
pub const MAX_PICKED_BYTES: u64 = 15 * MIB;
/// The longest side of a prepared photo, in pixels.
pub const MAX_SIDE: u32 = 1600;
/// A prepared photo is smaller than this many bytes.
pub const TARGET_BYTES: u64 = 500_000;
/// How many leading bytes [`sniff`] needs to recognise every kind.
pub const SNIFF_BYTES: usize = 12;

const MIB: u64 = 1024 * 1024;
/// Longer names are shortened in messages, keeping their end (the
/// extension) visible.
const SHOWN_NAME_CHARS: usize = 40;

/// The kinds of picture accepted, as their content says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    Webp,
    Gif,
}

impl ImageKind {
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
            Self::Gif => "image/gif",
        }
    }
}

/// What a file's first bytes say it is: one of the accepted kinds, or
/// `None` for anything else (SVG, HTML, text, a truncated file).
pub fn sniff(head: &[u8]) -> Option<ImageKind> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageKind::Jpeg)
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(ImageKind::Png)
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        Some(ImageKind::Gif)
    } else if head.len() >= 12 && head.starts_with(b"RIFF") && &head[8..12] == b"WEBP" {
        Some(ImageKind::Webp)
    } else {
        None
    }
}

/// The formats a prepared photo is encoded in: WebP where the browser can
/// write it, JPEG where it cannot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Webp,
    Jpeg,
}

impl OutputFormat {
    pub fn mime(self) -> &'static str {
        match self {
            Self::Webp => "image/webp",
            Self::Jpeg => "image/jpeg",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Webp => "webp",
            Self::Jpeg => "jpg",
        }
    }

    pub fn from_mime(mime: &str) -> Option<Self> {
        match mime {
            "image/webp" => Some(Self::Webp),
            "image/jpeg" => Some(Self::Jpeg),
            _ => None,
        }
    }
}

/// Why a photo cannot be attached. The texts are shown to the user as they
/// are (as text, never as HTML); a file's name appears cleaned and
/// shortened by [`shown_name`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AttachmentError {
    #[error("You can send up to {max} photos in one message.")]
    TooMany { max: usize },
    #[error(
        "“{}” is {}; a photo can be at most {} MB.",
        shown_name(.name),
        format_size(*.size),
        MAX_PICKED_BYTES / MIB
    )]
    TooLarge { name: String, size: u64 },
    #[error("“{}” is an SVG drawing; only photos can be sent.", shown_name(.name))]
    Svg { name: String },
    #[error(
        "“{}” is not a photo. You can send JPEG, PNG, WebP or GIF images.",
        shown_name(.name)
    )]
    NotAnImage { name: String },
    #[error("“{}” could not be read as an image.", shown_name(.name))]
    Unreadable { name: String },
    #[error("“{}” could not be made small enough to send.", shown_name(.name))]
    NotSmallEnough { name: String },
    /// The browser lacks something preparing needs (a canvas that can
    /// encode), which no other file would fix.
    #[error("This browser could not prepare “{}” for sending.", shown_name(.name))]
    Unsupported { name: String },
}

/// Judges a picked file before anything is decoded: `name`, `declared_type`
/// and `size` as the browser gives them, `head` its first bytes (at least
/// [`SNIFF_BYTES`] of them when the file has that many), and `already` the
/// photos the message holds. The content decides what the file is: a real
/// picture is accepted whatever its name says, and anything else is
/// refused, as an SVG drawing when it looks like one.
pub fn check_picked(
    name: &str,
    declared_type: &str,
    size: u64,
    head: &[u8],
    already: usize,
) -> Result<ImageKind, AttachmentError> {
    if already >= MAX_PER_MESSAGE {
        return Err(AttachmentError::TooMany {
            max: MAX_PER_MESSAGE,
        });
    }
    if size > MAX_PICKED_BYTES {
        return Err(AttachmentError::TooLarge {
            name: name.to_owned(),
            size,
        });
    }
    if let Some(kind) = sniff(head) {
        return Ok(kind);
    }
    let name = name.to_owned();
    if looks_like_svg(name.as_str(), declared_type, head) {
        Err(AttachmentError::Svg { name })
    } else {
        Err(AttachmentError::NotAnImage { name })
    }
}

/// Whether a file that is not a picture was meant as an SVG drawing, so the
/// refusal can say why it is not a photo.
fn looks_like_svg(name: &str, declared_type: &str, head: &[u8]) -> bool {
    let declared = declared_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .eq_ignore_ascii_case("image/svg+xml");
    let lower = name.trim_end().to_lowercase();
    let named = lower.ends_with(".svg") || lower.ends_with(".svgz");
    let text = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |i| &text[i..]);
    let content = start.len() >= 4 && start[..4].eq_ignore_ascii_case(b"<svg");
    declared || named || content
}

/// A file's name as messages show it: control and text-direction
/// characters removed (a right-to-left override could make `gnp.exe` read
/// as `exe.png`), and a long name shortened in the middle with an ellipsis
/// so that its extension stays visible.
pub fn shown_name(name: &str) -> String {
    let clean: Vec<char> = name
        .chars()
        .filter(|c| !c.is_control() && !is_direction_mark(*c))
        .collect();
    let clean = trim_chars(&clean);
    if clean.is_empty() {
        return "unnamed file".to_owned();
    }
    if clean.len() <= SHOWN_NAME_CHARS {
        return clean.iter().collect();
    }
    let tail = 9;
    let head = SHOWN_NAME_CHARS - tail - 1;
    let mut shown: String = clean[..head].iter().collect();
    shown.push('…');
    shown.extend(&clean[clean.len() - tail..]);
    shown
}

fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn trim_chars(chars: &[char]) -> &[char] {
    let start = chars.iter().position(|c| !c.is_whitespace());
    let end = chars.iter().rposition(|c| !c.is_whitespace());
    match (start, end) {
        (Some(s), Some(e)) => &chars[s..=e],
        _ => &[],
    }
}

/// A file size in megabytes (of 1,048,576 bytes, as file managers count
/// them) with one decimal, rounded up so that a refused file never reads
/// as exactly the limit.
pub fn format_size(bytes: u64) -> String {
    let tenths = bytes.saturating_mul(10).div_ceil(MIB);
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// The size a `width` × `height` picture is drawn at so that neither side
/// exceeds `max_side`: the aspect ratio is kept (the short side rounded to
/// the nearest pixel), a smaller picture is left as it is, and no side is
/// ever 0.
pub fn fit_within(width: u32, height: u32, max_side: u32) -> (u32, u32) {
    let (width, height, max_side) = (width.max(1), height.max(1), max_side.max(1));
    let long = width.max(height);
    if long <= max_side {
        return (width, height);
    }
    let scale = |side: u32| -> u32 {
        let scaled =
            (u64::from(side) * u64::from(max_side) + u64::from(long) / 2) / u64::from(long);
        u32::try_from(scaled).unwrap_or(max_side).clamp(1, max_side)
    };
    if width >= height {
        (max_side, scale(height))
    } else {
        (scale(width), max_side)
    }
}

/// A photo as prepared for upload: what was made, and what it was made
/// from. Kept with a message in the outbox until it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreparedPhoto {
    /// `image/webp`, or `image/jpeg` where the browser cannot write WebP.
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    pub original_bytes: u64,
    pub original_width: u32,
    pub original_height: u32,
}

impl PreparedPhoto {
    /// The name the photo at `index` (from 0) of a message is uploaded
    /// under, such as `photo-1.webp`: made by the app, so that the user's
    /// own file name never reaches the server or another person.
    pub fn file_name(&self, index: usize) -> String {
        let extension = OutputFormat::from_mime(&self.mime).map_or("bin", OutputFormat::extension);
        format!("photo-{}.{extension}", index + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPEG: &[u8] = &[
        0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0, 1,
    ];
    const PNG: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R',
    ];
    const WEBP: &[u8] = b"RIFF\x24\x00\x00\x00WEBPVP8 ";
    const HTML: &[u8] = b"<!doctype html><html>";
    const SVG: &[u8] = b"<svg xmlns=\"http://www.w3.org/2000/svg\">";

    #[test]
    fn sniff_recognises_each_kind_by_its_magic_bytes() {
        assert_eq!(sniff(JPEG), Some(ImageKind::Jpeg));
        assert_eq!(sniff(PNG), Some(ImageKind::Png));
        assert_eq!(sniff(WEBP), Some(ImageKind::Webp));
        assert_eq!(sniff(b"GIF87a\x01\x00"), Some(ImageKind::Gif));
        assert_eq!(sniff(b"GIF89a\x01\x00"), Some(ImageKind::Gif));
    }

    #[test]
    fn sniff_refuses_svg_html_text_and_near_misses() {
        for head in [
            SVG,
            HTML,
            b"<?xml version=\"1.0\"?>".as_slice(),
            b"hello",
            b"",
            &[0xFF, 0xD8],
            b"GIF88a",
            b"RIFF\x24\x00\x00\x00WAVEfmt ",
            b"RIFF\x24\x00\x00\x00WEB",
            &PNG[..7],
        ] {
            assert_eq!(sniff(head), None, "{head:?}");
        }
    }

    #[test]
    fn a_real_photo_is_accepted_whatever_its_name_and_declared_type() {
        assert_eq!(
            check_picked("IMG_0001.jpg", "image/jpeg", 3_000_000, JPEG, 0),
            Ok(ImageKind::Jpeg)
        );
        assert_eq!(check_picked("scan", "", 10, PNG, 3), Ok(ImageKind::Png));
        assert_eq!(
            check_picked("odd.svg", "image/svg+xml", 10, WEBP, 0),
            Ok(ImageKind::Webp)
        );
    }

    #[test]
    fn a_fifth_photo_is_refused() {
        let err = check_picked("a.jpg", "image/jpeg", 10, JPEG, 4).unwrap_err();
        assert_eq!(err, AttachmentError::TooMany { max: 4 });
        assert_eq!(
            err.to_string(),
            "You can send up to 4 photos in one message."
        );
    }

    #[test]
    fn a_file_over_15_mib_is_refused_before_decoding() {
        assert!(check_picked("ok.jpg", "image/jpeg", MAX_PICKED_BYTES, JPEG, 0).is_ok());
        let err = check_picked("huge.jpg", "image/jpeg", 20 * MIB, JPEG, 0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "“huge.jpg” is 20.0 MB; a photo can be at most 15 MB."
        );
    }

    #[test]
    fn a_size_just_over_the_limit_never_reads_as_the_limit() {
        assert_eq!(format_size(MAX_PICKED_BYTES + 1), "15.1 MB");
        assert_eq!(format_size(MAX_PICKED_BYTES), "15.0 MB");
        assert_eq!(format_size(0), "0.0 MB");
    }

    #[test]
    fn an_html_page_renamed_png_is_not_a_photo() {
        let err = check_picked("page.png", "image/png", 200, HTML, 0).unwrap_err();
        assert_eq!(
            err,
            AttachmentError::NotAnImage {
                name: "page.png".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "“page.png” is not a photo. You can send JPEG, PNG, WebP or GIF images."
        );
    }

    #[test]
    fn an_empty_file_is_not_a_photo() {
        assert!(matches!(
            check_picked("empty.jpg", "image/jpeg", 0, b"", 0),
            Err(AttachmentError::NotAnImage { .. })
        ));
    }

    #[test]
    fn an_svg_is_refused_as_a_drawing_by_type_name_or_content() {
        let expected = "“logo.svg” is an SVG drawing; only photos can be sent.";
        let by_type = check_picked("logo.svg", "image/svg+xml", 500, b"<?xml version", 0);
        assert_eq!(by_type.unwrap_err().to_string(), expected);
        let by_name = check_picked("logo.svg", "", 500, b"<?xml version", 0);
        assert_eq!(by_name.unwrap_err().to_string(), expected);
        let by_content = check_picked("logo.png", "image/png", 500, SVG, 0);
        assert!(matches!(by_content, Err(AttachmentError::Svg { .. })));
        let with_params = check_picked("x", "image/SVG+xml; charset=utf-8", 5, b"", 0);
        assert!(matches!(with_params, Err(AttachmentError::Svg { .. })));
    }

    #[test]
    fn too_many_is_said_before_anything_about_the_file() {
        let err = check_picked("page.png", "image/png", 20 * MIB, HTML, 5).unwrap_err();
        assert_eq!(err, AttachmentError::TooMany { max: 4 });
    }

    #[test]
    fn decode_and_encode_failures_name_the_file() {
        let unreadable = AttachmentError::Unreadable {
            name: "x.jpg".into(),
        };
        assert_eq!(
            unreadable.to_string(),
            "“x.jpg” could not be read as an image."
        );
        let big = AttachmentError::NotSmallEnough {
            name: "x.jpg".into(),
        };
        assert_eq!(
            big.to_string(),
            "“x.jpg” could not be made small enough to send."
        );
    }

    #[test]
    fn a_long_name_is_shortened_in_the_middle_keeping_its_extension() {
        let name = format!("{}.jpeg", "holiday-in-bali-".repeat(5));
        let shown = shown_name(&name);
        assert_eq!(shown.chars().count(), 40);
        assert!(
            shown.starts_with("holiday-in-bali-holiday-in-bal…"),
            "{shown}"
        );
        assert!(shown.ends_with("ali-.jpeg"), "{shown}");
        let err = AttachmentError::NotAnImage { name };
        assert!(err.to_string().contains(&shown));
        assert_eq!(
            shown_name("exactly-forty-characters-long-name-1.jpg")
                .chars()
                .count(),
            40
        );
        assert_eq!(
            shown_name("exactly-forty-characters-long-name-1.jpg"),
            "exactly-forty-characters-long-name-1.jpg"
        );
    }

    #[test]
    fn a_shown_name_loses_control_and_direction_characters() {
        assert_eq!(shown_name("photo\u{202E}gnp.exe"), "photognp.exe");
        assert_eq!(shown_name("two\nlines\t.png"), "twolines.png");
        assert_eq!(shown_name("  \u{200F} "), "unnamed file");
        assert_eq!(shown_name("<b>bold</b>.png"), "<b>bold</b>.png");
    }

    #[test]
    fn fit_within_scales_the_long_side_down_and_keeps_the_ratio() {
        assert_eq!(fit_within(4000, 3000, 1600), (1600, 1200));
        assert_eq!(fit_within(3000, 4000, 1600), (1200, 1600));
        assert_eq!(fit_within(1920, 1080, 1600), (1600, 900));
        assert_eq!(fit_within(1601, 1601, 1600), (1600, 1600));
        // 1000 × 1600 / 3000 = 533.33…, rounded to the nearest pixel.
        assert_eq!(fit_within(3000, 1000, 1600), (1600, 533));
    }

    #[test]
    fn fit_within_never_upscales() {
        assert_eq!(fit_within(800, 600, 1600), (800, 600));
        assert_eq!(fit_within(1600, 10, 1600), (1600, 10));
    }

    #[test]
    fn fit_within_never_returns_zero() {
        assert_eq!(fit_within(100_000, 1, 1600), (1600, 1));
        assert_eq!(fit_within(1, 100_000, 1600), (1, 1600));
        assert_eq!(fit_within(0, 0, 1600), (1, 1));
        assert_eq!(fit_within(10, 10, 0), (1, 1));
    }

    #[test]
    fn the_uploaded_name_is_made_by_the_app() {
        let mut photo = PreparedPhoto {
            mime: "image/webp".into(),
            width: 1600,
            height: 1200,
            bytes: 400_000,
            original_bytes: 9_000_000,
            original_width: 4000,
            original_height: 3000,
        };
        assert_eq!(photo.file_name(0), "photo-1.webp");
        assert_eq!(photo.file_name(3), "photo-4.webp");
        photo.mime = "image/jpeg".into();
        assert_eq!(photo.file_name(1), "photo-2.jpg");
    }

    #[test]
    fn a_prepared_photo_round_trips_through_json() {
        let photo = PreparedPhoto {
            mime: "image/jpeg".into(),
            width: 1200,
            height: 1600,
            bytes: 1,
            original_bytes: 2,
            original_width: 3000,
            original_height: 4000,
        };
        let json = serde_json::to_string(&photo).unwrap();
        assert!(json.contains("\"originalBytes\":2"), "{json}");
        assert_eq!(serde_json::from_str::<PreparedPhoto>(&json).unwrap(), photo);
    }

    #[test]
    fn output_formats_map_to_their_mime_types() {
        for format in [OutputFormat::Webp, OutputFormat::Jpeg] {
            assert_eq!(OutputFormat::from_mime(format.mime()), Some(format));
        }
        assert_eq!(OutputFormat::from_mime("image/png"), None);
    }
}
