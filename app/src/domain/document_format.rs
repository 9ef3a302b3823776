//! Which files Docket keeps as documents: PDF, office formats, plain text
//! and images. A file is recognised by its extension *and* its first bytes,
//! so a renamed executable or web page is refused, and the media type sent
//! back on download is ours, never the uploader's.

use std::fmt;

/// How a format's content is recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Magic {
    /// The content starts with one of these byte strings.
    Prefix(&'static [&'static [u8]]),
    /// UTF-8 text without NUL bytes.
    Text,
}

/// One accepted format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    /// The file name's extension, lower case, without the dot.
    pub extension: &'static str,
    /// The `Content-Type` a download is sent with.
    pub media_type: &'static str,
    /// What people call it.
    pub label: &'static str,
    magic: Magic,
}

const PDF: &[&[u8]] = &[b"%PDF-"];
/// ZIP: Office Open XML and OpenDocument files are ZIP archives.
const ZIP: &[&[u8]] = &[b"PK\x03\x04"];
/// OLE2 compound files: Word 97-2003, Excel 97-2003, PowerPoint 97-2003.
const OLE: &[&[u8]] = &[b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"];
const RTF: &[&[u8]] = &[b"{\\rtf"];
const PNG: &[&[u8]] = &[b"\x89PNG\r\n\x1a\n"];
const JPEG: &[&[u8]] = &[b"\xFF\xD8\xFF"];
const GIF: &[&[u8]] = &[b"GIF87a", b"GIF89a"];
const TIFF: &[&[u8]] = &[b"II*\0", b"MM\0*"];

const fn format(extension: &'static str, media_type: &'static str, label: &'static str, magic: Magic) -> Format {
    Format { extension, media_type, label, magic }
}

/// Every accepted format.
pub const FORMATS: &[Format] = &[
    format("pdf", "application/pdf", "PDF", Magic::Prefix(PDF)),
    format("doc", "application/msword", "Word document", Magic::Prefix(OLE)),
    format(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
        Magic::Prefix(ZIP),
    ),
    format("xls", "application/vnd.ms-excel", "Excel spreadsheet", Magic::Prefix(OLE)),
    format(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel spreadsheet",
        Magic::Prefix(ZIP),
    ),
    format("ppt", "application/vnd.ms-powerpoint", "PowerPoint presentation", Magic::Prefix(OLE)),
    format(
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint presentation",
        Magic::Prefix(ZIP),
    ),
    format("odt", "application/vnd.oasis.opendocument.text", "OpenDocument text", Magic::Prefix(ZIP)),
    format("ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument spreadsheet", Magic::Prefix(ZIP)),
    format("odp", "application/vnd.oasis.opendocument.presentation", "OpenDocument presentation", Magic::Prefix(ZIP)),
    format("rtf", "application/rtf", "Rich text", Magic::Prefix(RTF)),
    format("txt", "text/plain; charset=utf-8", "Plain text", Magic::Text),
    format("csv", "text/csv; charset=utf-8", "CSV table", Magic::Text),
    format("png", "image/png", "PNG image", Magic::Prefix(PNG)),
    format("jpg", "image/jpeg", "JPEG image", Magic::Prefix(JPEG)),
    format("jpeg", "image/jpeg", "JPEG image", Magic::Prefix(JPEG)),
    format("gif", "image/gif", "GIF image", Magic::Prefix(GIF)),
    format("tif", "image/tiff", "TIFF image", Magic::Prefix(TIFF)),
    format("tiff", "image/tiff", "TIFF image", Magic::Prefix(TIFF)),
];

/// Why a file is not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// No file, or an empty one.
    Empty,
    /// The name has an extension Docket does not keep (or none).
    Unsupported(String),
    /// The extension is accepted but the content is something else.
    Mismatch(Format),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Empty => write!(f, "Choose a file to upload; this one is empty."),
            FormatError::Unsupported(ext) if ext.is_empty() => {
                write!(f, "The file name has no extension. Accepted: {}.", extension_list())
            }
            FormatError::Unsupported(ext) => {
                write!(f, "Files of type .{ext} are not accepted. Accepted: {}.", extension_list())
            }
            FormatError::Mismatch(format) => write!(
                f,
                "The file is named .{} but its contents are not a {}; save it again in that format.",
                format.extension, format.label
            ),
        }
    }
}

/// The accepted extensions, as a sentence fragment (`.pdf, .doc, …`).
pub fn extension_list() -> String {
    FORMATS.iter().map(|f| format!(".{}", f.extension)).collect::<Vec<_>>().join(", ")
}

/// The file input's `accept` attribute.
pub fn accept_attribute() -> String {
    FORMATS.iter().map(|f| format!(".{}", f.extension)).collect::<Vec<_>>().join(",")
}

/// The lower-case extension of `file_name` (empty when it has none).
fn extension(file_name: &str) -> String {
    match file_name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

fn looks_like_text(content: &[u8]) -> bool {
    !content.contains(&0) && std::str::from_utf8(content).is_ok()
}

/// The format of the file `file_name` with `content`.
///
/// # Errors
/// When the file is empty, its extension is not accepted, or its first
/// bytes are not what its extension says.
pub fn detect(file_name: &str, content: &[u8]) -> Result<Format, FormatError> {
    if content.is_empty() {
        return Err(FormatError::Empty);
    }
    let ext = extension(file_name);
    let format = *FORMATS.iter().find(|f| f.extension == ext).ok_or(FormatError::Unsupported(ext))?;
    let matches = match format.magic {
        Magic::Prefix(prefixes) => prefixes.iter().any(|p| content.starts_with(p)),
        Magic::Text => looks_like_text(content),
    };
    if matches { Ok(format) } else { Err(FormatError::Mismatch(format)) }
}

/// What people call the format with `media_type` ("PDF", "Word document").
pub fn label_of(media_type: &str) -> &'static str {
    FORMATS.iter().find(|f| f.media_type == media_type).map_or("File", |f| f.label)
}

/// The file name used in download links and `Content-Disposition`: the
/// uploaded name with every character but ASCII letters, digits, `.`, `-`
/// and `_` replaced by `-`, without leading dots, at most 100 characters
/// (keeping the extension).
pub fn download_name(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
    let safe: String =
        base.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '-' }).collect();
    let safe = safe.trim_start_matches('.');
    let ext = extension(safe);
    let keep = 100usize.saturating_sub(ext.len() + 1);
    let name = if safe.len() > 100 { format!("{}.{ext}", &safe[..keep]) } else { safe.to_string() };
    if name.is_empty() || name.starts_with('.') { format!("document{name}") } else { name }
}

/// A size for people: `512 bytes`, `34 KB`, `1.2 MB`.
pub fn size_words(bytes: i64) -> String {
    const KB: i64 = 1024;
    const MB: i64 = 1024 * 1024;
    match bytes {
        b if b < KB => format!("{b} bytes"),
        b if b < MB => format!("{} KB", (b + KB / 2) / KB),
        b => format!("{:.1} MB", b as f64 / MB as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_by_extension_and_first_bytes() {
        assert_eq!(detect("Letter.PDF", b"%PDF-1.7\n...").map(|f| f.extension), Ok("pdf"));
        assert_eq!(detect("a.docx", b"PK\x03\x04rest").map(|f| f.label), Ok("Word document"));
        assert_eq!(detect("a.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1..").map(|f| f.extension), Ok("xls"));
        assert_eq!(detect("scan.tif", b"MM\0*....").map(|f| f.media_type), Ok("image/tiff"));
        assert_eq!(detect("notes.txt", "Réponse de l'agence".as_bytes()).map(|f| f.extension), Ok("txt"));
        assert_eq!(detect("photo.gif", b"GIF89a..").map(|f| f.extension), Ok("gif"));
    }

    #[test]
    fn refuses_what_it_does_not_keep_or_what_lies_about_itself() {
        assert_eq!(detect("a.pdf", b""), Err(FormatError::Empty));
        assert_eq!(detect("run.exe", b"MZ\x90\0"), Err(FormatError::Unsupported("exe".into())));
        assert_eq!(detect("README", b"text"), Err(FormatError::Unsupported(String::new())));
        assert_eq!(detect(".pdf", b"%PDF-1.4"), Err(FormatError::Unsupported(String::new())));
        let fake = detect("letter.pdf", b"<html><script>").unwrap_err();
        assert!(matches!(fake, FormatError::Mismatch(f) if f.extension == "pdf"));
        assert!(fake.to_string().contains("not a PDF"), "{fake}");
        assert!(matches!(detect("a.txt", b"bin\0ary"), Err(FormatError::Mismatch(_))));
        assert!(matches!(detect("a.docx", b"%PDF-1.4"), Err(FormatError::Mismatch(_))));
        let unsupported = detect("page.html", b"<html>").unwrap_err().to_string();
        assert!(unsupported.contains(".html") && unsupported.contains(".pdf"), "{unsupported}");
    }

    #[test]
    fn download_names_are_safe_in_urls_and_headers() {
        assert_eq!(download_name("CBP response 2025-01.pdf"), "CBP-response-2025-01.pdf");
        assert_eq!(download_name("C:\\Users\\x\\Réponse \"final\".docx"), "R-ponse--final-.docx");
        assert_eq!(download_name("../../etc/passwd.txt"), "passwd.txt");
        assert_eq!(download_name("..pdf"), "pdf");
        assert_eq!(download_name(""), "document");
        let long = format!("{}.pdf", "a".repeat(300));
        let name = download_name(&long);
        assert_eq!(name.len(), 100);
        assert!(name.ends_with(".pdf"));
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(size_words(512), "512 bytes");
        assert_eq!(size_words(34 * 1024 + 100), "34 KB");
        assert_eq!(size_words(1024 * 1024 * 12 / 10), "1.2 MB");
        assert_eq!(label_of("application/pdf"), "PDF");
        assert_eq!(label_of("application/x-unknown"), "File");
    }
}
