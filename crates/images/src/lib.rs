//! Images for the web, for the build's image pipeline (content images and the templates'
//! `resize_image()` / `get_image_metadata()`): a picture's size read from its header, resized
//! copies encoded as JPEG, PNG or WebP, and originals with their metadata (EXIF: camera, time,
//! location) left out.
//!
//! Everything here is a pure function of the bytes it is given, so a build is byte-identical
//! across runs and thread counts, and a processed file can be named after what made it
//! ([`Variant::file_name`]): a later build that finds that name in its previous output reuses
//! the file instead of encoding it again. Decoding is bounded ([`MAX_SIDE`], [`MAX_ALLOC`]):
//! a huge or corrupt image is an error, never a panic or an allocation of gigabytes.

mod metadata;
mod operation;
pub mod sample;

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageReader, Limits, imageops::FilterType};
pub use metadata::strip_metadata;
pub use operation::{Encoding, Operation};
use serde::Serialize;

/// The longest side of an image that is decoded (a 12,000 px side is a 144 megapixel photo).
pub const MAX_SIDE: u32 = 12_000;
/// What a decoder may allocate for one image.
pub const MAX_ALLOC: u64 = 512 * 1024 * 1024;
/// Changes whenever the encoders' settings change, so that no earlier output is reused.
const PIPELINE_VERSION: &str = "kb-images 1";

/// Why an image could not be read or made.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImageError {
    #[error("the image is {width} x {height} pixels; at most {MAX_SIDE} pixels a side are read")]
    TooLarge { width: u32, height: u32 },
    #[error("the image cannot be read: {0}")]
    Unreadable(String),
    #[error("{0}")]
    Request(String),
}

/// The formats read. GIF and SVG are copied as they are, never processed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Jpeg,
    Png,
    Webp,
}

impl SourceFormat {
    /// By file extension (case-insensitive): which files of a site are images to process.
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "jpg" | "jpeg" => Some(Self::Jpeg),
            "png" => Some(Self::Png),
            "webp" => Some(Self::Webp),
            _ => None,
        }
    }

    pub fn is_lossy(self) -> bool {
        self != Self::Png
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Webp => "webp",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }
}

/// What an image's header says: its size as shown (after its EXIF orientation) and format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageMeta {
    pub width: u32,
    pub height: u32,
    pub format: SourceFormat,
    /// Whether the EXIF orientation turns or mirrors the stored pixels: then an original
    /// without its metadata must be encoded again, turned, to show the same.
    pub turned: bool,
}

/// A reader of an image in memory.
type Reader<'a> = ImageReader<Cursor<&'a [u8]>>;

fn reader(bytes: &[u8]) -> Result<(Reader<'_>, SourceFormat), ImageError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| ImageError::Unreadable(e.to_string()))?;
    let format = match reader.format() {
        Some(image::ImageFormat::Jpeg) => SourceFormat::Jpeg,
        Some(image::ImageFormat::Png) => SourceFormat::Png,
        Some(image::ImageFormat::WebP) => SourceFormat::Webp,
        _ => return Err(ImageError::Unreadable("it is not a JPEG, PNG or WebP file".into())),
    };
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    Ok((reader, format))
}

fn unreadable(e: image::ImageError) -> ImageError {
    match e {
        image::ImageError::Limits(_) => ImageError::Unreadable(format!(
            "{e} (at most {MAX_SIDE} pixels a side and {} MiB are decoded)",
            MAX_ALLOC / 1024 / 1024
        )),
        e => ImageError::Unreadable(e.to_string()),
    }
}

/// Reads the header only: cheap whatever the image's size.
pub fn read_meta(bytes: &[u8]) -> Result<ImageMeta, ImageError> {
    let (reader, format) = reader(bytes)?;
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let (width, height) = decoder.dimensions();
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(ImageError::TooLarge { width, height });
    }
    if width == 0 || height == 0 {
        return Err(ImageError::Unreadable("it has no pixels".into()));
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    use image::metadata::Orientation::*;
    let swapped = matches!(orientation, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH);
    let (width, height) = if swapped { (height, width) } else { (width, height) };
    Ok(ImageMeta { width, height, format, turned: orientation != NoTransforms })
}

/// Decodes the whole image (bounded), turned as its EXIF orientation says.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, ImageError> {
    let (reader, _) = reader(bytes)?;
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// A digest of a source image, computed once and shared by all of its variants' names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint(blake3::Hash);

impl Fingerprint {
    pub fn of(bytes: &[u8]) -> Self {
        Self(blake3::hash(bytes))
    }
}

/// One processed copy of an image: how it is resized and encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variant {
    pub operation: Operation,
    pub encoding: Encoding,
}

/// A variant's size, known before anything is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

impl Variant {
    /// `{stem}.{16 hex digits}.{ext}`: the digits are of the source's bytes, the operation, the
    /// encoding and the pipeline's version, so the same request always gets the same name and
    /// another request never does.
    pub fn file_name(&self, stem: &str, source: Fingerprint) -> String {
        let mut hasher = blake3::Hasher::new();
        hasher.update(PIPELINE_VERSION.as_bytes());
        hasher.update(source.0.as_bytes());
        hasher.update(format!("{:?}|{:?}", self.operation, self.encoding).as_bytes());
        let digest = hasher.finalize().to_hex();
        format!("{stem}.{}.{}", &digest[..16], self.encoding.extension())
    }

    /// The size of the result for a source of `meta`'s size.
    pub fn size(&self, meta: &ImageMeta) -> Size {
        let (width, height) = self.operation.plan(meta.width, meta.height).output;
        Size { width, height }
    }

    /// Makes the variant from a decoded source.
    pub fn make(&self, image: &DynamicImage) -> Result<Vec<u8>, ImageError> {
        let plan = self.operation.plan(image.width(), image.height());
        let cropped;
        let mut source = image;
        if let Some((x, y, w, h)) = plan.crop {
            cropped = image.crop_imm(x, y, w, h);
            source = &cropped;
        }
        let resized;
        if (source.width(), source.height()) != plan.output {
            resized = source.resize_exact(plan.output.0, plan.output.1, FilterType::CatmullRom);
            source = &resized;
        }
        self.encoding.encode(source)
    }
}

#[cfg(test)]
mod tests;
