//! Generated photographs, for tests and benchmarks: deterministic JPEGs (no copied
//! pictures), each with an EXIF segment naming a place, as a phone's camera writes one, so
//! that what is published can be checked for it.

use image::{ImageEncoder, RgbImage, codecs::jpeg::JpegEncoder};

/// The text of the EXIF segment [`photo`] writes: what must never be published.
pub const PLACE: &str = "GPS 52.9928 N 6.5642 E Assen";

/// A smooth landscape-like picture with fine grain: JPEG sizes like a photo's.
pub fn photo(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let mut state = seed.wrapping_mul(2_654_435_761).max(1);
    let mut grain = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        (state % 17) as f32 - 8.0
    };
    let s = seed as f32;
    let image = RgbImage::from_fn(width, height, |x, y| {
        let (u, v) = (x as f32 / width as f32, y as f32 / height as f32);
        let sky = (1.0 - v).max(0.0);
        let hill = ((u * 6.0 + s).sin() * 0.08 + 0.55 - v).clamp(-1.0, 1.0);
        let ground = if hill < 0.0 { 1.0 } else { 0.0 };
        let wave = ((u * 40.0 + v * 13.0 + s).sin() * (v * 25.0).cos()) * 18.0;
        let r = 90.0 + 120.0 * sky * (1.0 - ground) + 40.0 * ground + wave + grain();
        let g = 130.0 + 90.0 * sky * (1.0 - ground) + 70.0 * ground + wave * 0.7 + grain();
        let b = 200.0 * sky * (1.0 - ground) + 50.0 * ground + 40.0 + grain();
        image::Rgb([r.clamp(0.0, 255.0) as u8, g.clamp(0.0, 255.0) as u8, b.clamp(0.0, 255.0) as u8])
    });
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 85)
        .write_image(image.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .expect("encoding to memory");
    with_exif(&jpeg)
}

/// `jpeg` with an APP1 EXIF segment after its start: a TIFF IFD with an ImageDescription that
/// names the place the photo was taken.
fn with_exif(jpeg: &[u8]) -> Vec<u8> {
    let text = [PLACE.as_bytes(), b"\0"].concat();
    let mut tiff = b"MM\0*\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&[0, 1, 0x01, 0x0E, 0, 2]); // 1 entry: ImageDescription, ASCII
    tiff.extend_from_slice(&(text.len() as u32).to_be_bytes());
    tiff.extend_from_slice(&26u32.to_be_bytes()); // the text follows the IFD
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff.extend_from_slice(&text);
    let mut segment = b"Exif\0\0".to_vec();
    segment.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((segment.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&segment);
    out.extend_from_slice(&jpeg[2..]);
    out
}
