//! EXIF orientation: a phone stores a portrait photo as a landscape JPEG with an orientation
//! tag, and browsers show it turned. Its size as shown, and the pixels of its variants, must be
//! turned the same way, or its `width` and `height` swap and its variants lie on their side.

use std::io::Read as _;
use std::path::Path;

use image::metadata::Orientation;

/// How much of a JPEG is read to find its EXIF segment: it comes first, and holds at most 64 KiB.
const HEAD: u64 = 70 * 1024;

/// The orientation a JPEG's EXIF gives (none for any other file, or a JPEG without one).
pub fn of_bytes(bytes: &[u8]) -> Orientation {
    exif_chunk(bytes).and_then(Orientation::from_exif_chunk).unwrap_or(Orientation::NoTransforms)
}

/// [`of_bytes`] of a file, reading only its head; a file not named as a JPEG is not opened
/// (every image's size is read at every build).
pub fn of_file(path: &Path) -> Orientation {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("jpg" | "jpeg" | "jfif" | "jpe")) {
        return Orientation::NoTransforms;
    }
    let read = || -> std::io::Result<Vec<u8>> {
        let mut file = std::fs::File::open(path)?;
        let mut head = vec![0; 2];
        file.read_exact(&mut head)?;
        if head == [0xFF, 0xD8] {
            file.take(HEAD).read_to_end(&mut head)?;
        }
        Ok(head)
    };
    read().map_or(Orientation::NoTransforms, |head| of_bytes(&head))
}

/// An image's size as [`imagesize`] reads it from the header, turned as it is shown.
pub fn turn(size: imagesize::ImageSize, o: Orientation) -> imagesize::ImageSize {
    if swaps_sides(o) {
        imagesize::ImageSize { width: size.height, height: size.width }
    } else {
        size
    }
}

/// Whether `o` turns the image a quarter, so that its width and height swap.
pub fn swaps_sides(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    )
}

/// `(width, height)` as the image is shown.
pub fn shown((width, height): (u32, u32), o: Orientation) -> (u32, u32) {
    if swaps_sides(o) {
        (height, width)
    } else {
        (width, height)
    }
}

/// The TIFF data of a JPEG's `APP1` `Exif` segment: the segments before the image data are
/// walked by their lengths (the crate reads the tag from that data, not from a file's head).
fn exif_chunk(bytes: &[u8]) -> Option<&[u8]> {
    let mut rest = bytes.strip_prefix(&[0xFF, 0xD8])?;
    while let [0xFF, marker, hi, lo, ..] = *rest {
        // Start of scan or end of image: the headers are over.
        if marker == 0xDA || marker == 0xD9 {
            return None;
        }
        let len = usize::from(u16::from_be_bytes([hi, lo]));
        let body = rest.get(4..2 + len)?;
        if marker == 0xE1 {
            if let Some(tiff) = body.strip_prefix(b"Exif\0\0") {
                return Some(tiff);
            }
        }
        rest = &rest[2 + len..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JPEG's first segments: an `APP0`, then an `APP1` whose TIFF data (big-endian) holds one
    /// tag, the orientation `value`.
    fn head(value: u8) -> Vec<u8> {
        let mut tiff = b"MM\0\x2a\0\0\0\x08\0\x01".to_vec();
        tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, value, 0, 0, 0, 0, 0, 0]);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(tiff);
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 1, 2];
        out.extend([0xFF, 0xE1]);
        out.extend(((app1.len() + 2) as u16).to_be_bytes());
        out.extend(app1);
        out.extend([0xFF, 0xDA, 0, 2]);
        out
    }

    #[test]
    fn reads_the_tag_and_turns_the_size() {
        assert_eq!(of_bytes(&head(6)), Orientation::Rotate90);
        assert_eq!(of_bytes(&head(3)), Orientation::Rotate180);
        assert_eq!(shown((400, 300), of_bytes(&head(6))), (300, 400));
        assert_eq!(shown((400, 300), of_bytes(&head(3))), (400, 300));
    }

    #[test]
    fn anything_else_is_shown_as_stored() {
        assert_eq!(of_bytes(b"\x89PNG\r\n\x1a\n"), Orientation::NoTransforms);
        let cut = head(6);
        assert_eq!(of_bytes(&cut[..12]), Orientation::NoTransforms);
        assert_eq!(of_bytes(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 2]), Orientation::NoTransforms);
    }
}
