//! The image pipeline's reading side: the processed images of the previous build (reused
//! instead of encoded again), and the `resize_image()` / `get_image_metadata()` template
//! functions, for shortcode templates (compiled in this stage) and page templates alike.
//!
//! A processed image is named after its source's bytes and what was asked of it
//! ([`kb_images::Variant::file_name`]) and lives in `processed_images/` of the output. Nothing
//! is kept anywhere else: a build that finds the name in the output folder it is about to
//! replace copies those bytes, which are the bytes it would have made.

mod functions;

use std::path::PathBuf;

pub use functions::{ImageDirs, ImageFunctions, image_functions};
use kb_core::OutputFile;
use kb_images::{Fingerprint, ImageError, ImageMeta, Variant};

/// The output folder of processed images.
pub const FOLDER: &str = "processed_images";

/// Processed images of the previous build, in the output folder a build replaces.
#[derive(Debug, Clone, Default)]
pub struct ImageCache {
    /// `{output}/processed_images`, when the output folder is kennisbank's.
    folder: Option<PathBuf>,
}

impl ImageCache {
    /// The cache of the site that writes to `output_dir` (none when that folder is not a
    /// kennisbank output: its files are not ours to trust).
    pub fn in_output(output_dir: &std::path::Path) -> Self {
        let ours = output_dir.join(kb_core::OUTPUT_MARKER).is_file();
        Self { folder: ours.then(|| output_dir.join(FOLDER)) }
    }

    fn get(&self, name: &str) -> Option<Vec<u8>> {
        if let Some(made) = remembered().and_then(|m| m.lock().ok()?.get(name).cloned()) {
            return Some(made);
        }
        let bytes = std::fs::read(self.folder.as_ref()?.join(name)).ok()?;
        (!bytes.is_empty()).then_some(bytes)
    }
}

/// Processed images kept in memory by name, for the life of the process, once
/// [`remember_made_images`] was called: `serve` builds again after every edit and has no
/// previous output folder to reuse them from, and encoding a photo's copies takes about half
/// a second. A name holds the digest of the source and the request, so a kept file is never
/// stale. `build` leaves it off: it makes each file once and should not hold it twice.
static REMEMBERED: std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<String, Vec<u8>>>> =
    std::sync::OnceLock::new();

/// Turns on [`REMEMBERED`] for this process (`serve`).
pub fn remember_made_images() {
    REMEMBERED.get_or_init(Default::default);
}

fn remembered() -> Option<&'static std::sync::Mutex<std::collections::HashMap<String, Vec<u8>>>> {
    REMEMBERED.get()
}

/// A source image as read: its bytes' digest and what its header says.
#[derive(Debug, Clone, Copy)]
pub struct SourceImage {
    pub meta: ImageMeta,
    pub fingerprint: Fingerprint,
}

impl SourceImage {
    pub fn read(bytes: &[u8]) -> Result<Self, ImageError> {
        Ok(Self { meta: kb_images::read_meta(bytes)?, fingerprint: Fingerprint::of(bytes) })
    }
}

/// The output path of a variant of the image `stem` (its file name without extension).
pub fn variant_path(variant: &Variant, stem: &str, source: &SourceImage) -> String {
    format!("{FOLDER}/{}", variant.file_name(stem, source.fingerprint))
}

/// The files of `variants` of one source image: from the cache where it has them, the others
/// made from one decoding of `bytes` (none when the cache has all).
pub fn make_variants(
    bytes: &[u8],
    stem: &str,
    source: &SourceImage,
    variants: &[Variant],
    cache: &ImageCache,
) -> Result<Vec<OutputFile>, ImageError> {
    let mut decoded = None;
    let mut files = Vec::with_capacity(variants.len());
    for variant in variants {
        let path = variant_path(variant, stem, source);
        let name = &path[FOLDER.len() + 1..];
        let bytes = match cache.get(name) {
            Some(cached) => cached,
            None => {
                if decoded.is_none() {
                    decoded = Some(kb_images::decode(bytes)?);
                }
                let made = variant.make(decoded.as_ref().expect("decoded above"))?;
                if let Some(mut memory) = remembered().and_then(|m| m.lock().ok()) {
                    memory.insert(name.to_string(), made.clone());
                }
                made
            }
        };
        files.push(OutputFile::new(path, bytes));
    }
    Ok(files)
}

/// An original as published: without its metadata (EXIF: camera, time, place); encoded again,
/// turned, when its EXIF orientation turned it (which leaving out the EXIF would undo).
pub fn published_original(bytes: &[u8], source: &SourceImage) -> Result<Vec<u8>, ImageError> {
    if !source.meta.turned {
        return kb_images::strip_metadata(bytes, source.meta.format);
    }
    let encoding = match source.meta.format {
        kb_images::SourceFormat::Jpeg => kb_images::Encoding::Jpeg { quality: 90 },
        kb_images::SourceFormat::Png => kb_images::Encoding::Png,
        kb_images::SourceFormat::Webp => kb_images::Encoding::WebP { quality: Some(90) },
    };
    encoding.encode(&kb_images::decode(bytes)?)
}

/// The file name of `path` without its extension: the readable part of a variant's name.
pub fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}
