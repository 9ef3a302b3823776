//! From the bytes of an uploaded file to text: UTF-8 (with or without a
//! byte-order mark), UTF-16 with a byte-order mark (Excel's "Unicode text"),
//! or, when the bytes are not valid UTF-8, Windows-1252 (what Excel on
//! Windows writes for "CSV"). Windows-1252 maps every byte to a character,
//! so decoding never fails; the report says which encoding was used.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The encoding a file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Bom,
    Windows1252,
}

impl TextEncoding {
    /// How the report names it.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with byte-order mark",
            TextEncoding::Utf16Bom => "UTF-16 with byte-order mark",
            TextEncoding::Windows1252 => "Windows-1252 (the file is not valid UTF-8)",
        }
    }
}

/// Decodes `bytes`; returns the text (without a byte-order mark) and the
/// encoding it was read as.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, TextEncoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF")
        && let Ok(text) = std::str::from_utf8(rest)
    {
        return (Cow::Borrowed(text), TextEncoding::Utf8Bom);
    }
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes).filter(|(e, _)| *e != encoding_rs::UTF_8) {
        let (text, _) = enc.decode_with_bom_removal(bytes);
        return (Cow::Owned(text.into_owned()), TextEncoding::Utf16Bom);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), TextEncoding::Utf8),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (Cow::Owned(text.into_owned()), TextEncoding::Windows1252)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("a,é\n".as_bytes()), (Cow::Borrowed("a,é\n"), TextEncoding::Utf8));
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), "a,é\n".as_bytes()].concat();
        let (text, enc) = decode(&with_bom);
        assert_eq!((text.as_ref(), enc), ("a,é\n", TextEncoding::Utf8Bom));
    }

    #[test]
    fn invalid_utf8_is_read_as_windows_1252() {
        // "café – “x”" in Windows-1252: é = E9, en dash = 96, curly quotes = 93/94.
        let (text, enc) = decode(b"caf\xE9 \x96 \x93x\x94");
        assert_eq!((text.as_ref(), enc), ("café – “x”", TextEncoding::Windows1252));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "a,é".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let (text, enc) = decode(&bytes);
        assert_eq!((text.as_ref(), enc), ("a,é", TextEncoding::Utf16Bom));
    }
}
