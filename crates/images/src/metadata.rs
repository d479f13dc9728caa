//! Metadata left out of an original without encoding it again: a JPEG's EXIF and XMP (APP1),
//! IPTC (APP13) and comments; a PNG's eXIf, text and time chunks; a WebP's EXIF and XMP
//! chunks. The pixels, and the colour profile, stay as they are.

use super::{ImageError, SourceFormat};

/// The file without its metadata (EXIF carries the camera, the time and often the place a
/// photo was taken). One pass over the file's segments or chunks.
pub fn strip_metadata(bytes: &[u8], format: SourceFormat) -> Result<Vec<u8>, ImageError> {
    let stripped = match format {
        SourceFormat::Jpeg => jpeg(bytes),
        SourceFormat::Png => png(bytes),
        SourceFormat::Webp => webp(bytes),
    };
    stripped
        .ok_or_else(|| ImageError::Unreadable(format!("it is not a well-formed {} file", format.extension())))
}

fn jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut at = 2;
    loop {
        // Fill bytes (0xFF repeated) may come before a marker.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        // Markers without a length: TEM, RSTn, and the end of the image.
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            out.extend_from_slice(&bytes[at..at + 2]);
            at += 2;
            continue;
        }
        if marker == 0xD9 {
            out.extend_from_slice(&bytes[at..]);
            return Some(out);
        }
        let len = u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]) as usize;
        let end = at + 2 + len;
        if len < 2 || end > bytes.len() {
            return None;
        }
        // From the start of scan on it is image data to the end.
        if marker == 0xDA {
            out.extend_from_slice(&bytes[at..]);
            return Some(out);
        }
        let metadata = matches!(marker, 0xE1 | 0xED | 0xFE);
        if !metadata {
            out.extend_from_slice(&bytes[at..end]);
        }
        at = end;
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

fn png(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(PNG_SIGNATURE) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(PNG_SIGNATURE);
    let mut at = PNG_SIGNATURE.len();
    while at < bytes.len() {
        let len = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
        let kind = bytes.get(at + 4..at + 8)?;
        let end = at.checked_add(12)?.checked_add(len)?;
        if end > bytes.len() {
            return None;
        }
        if !matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME") {
            out.extend_from_slice(&bytes[at..end]);
        }
        at = end;
        if kind == b"IEND" {
            break;
        }
    }
    Some(out)
}

fn webp(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.len() < 12 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WEBP" {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..12]);
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let kind = &bytes[at..at + 4];
        let len = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().ok()?) as usize;
        let end = (at + 8).checked_add(len + (len & 1))?.min(bytes.len());
        if at + 8 + len > bytes.len() {
            return None;
        }
        match kind {
            b"EXIF" | b"XMP " => {}
            b"VP8X" if len >= 1 => {
                let start = out.len();
                out.extend_from_slice(&bytes[at..end]);
                // The flags say which chunks follow: no EXIF (0x08), no XMP (0x04).
                out[start + 8] &= !0x0C;
            }
            _ => out.extend_from_slice(&bytes[at..end]),
        }
        at = end;
    }
    let size = u32::try_from(out.len() - 8).ok()?;
    out[4..8].copy_from_slice(&size.to_le_bytes());
    Some(out)
}
