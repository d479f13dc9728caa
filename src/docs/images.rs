//! Content images: which files beside the content are images, their sizes, and the WebP
//! copies offered beside each, read once per render before any markdown is rendered, so that
//! every `<img>` of a page gets its `width`, `height` and `srcset` (no layout shift; a phone
//! downloads a copy of its own width). The pages stage makes the files from the same plan.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::load::images::{SourceImage, stem, variant_path};
use crate::model::Library;
use kb_images::{Encoding, Operation, SourceFormat, Variant};
use kb_markdown::ResponsiveImage;

/// The widths of the WebP copies of a content image, each only when the image is wider; an
/// image up to the largest is offered at its own width too.
const WIDTHS: [u32; 4] = [480, 960, 1440, 1920];
const WEBP_QUALITY: u8 = 80;

/// One content image and the copies the build makes of it.
#[derive(Debug, Clone)]
pub struct ContentImage {
    pub source: SourceImage,
    /// The original's file name without extension: the readable part of its copies' names.
    pub stem: String,
    pub variants: Vec<Variant>,
}

/// The content images of a site.
#[derive(Debug, Default)]
pub struct ContentImages {
    /// By the output path of the copied original; an image that cannot be read has its
    /// problem, which the pages stage reports when it copies the file.
    pub by_path: HashMap<String, Result<ContentImage, kb_images::ImageError>>,
    /// By href as links in pages write it: what `<img>` gets.
    pub responsive: HashMap<String, ResponsiveImage>,
}

impl ContentImages {
    /// Reads the header and digest of every image among `lib.files`, in parallel.
    pub fn read(lib: &Library) -> Self {
        let read: Vec<(String, Result<ContentImage, kb_images::ImageError>)> = lib
            .files
            .par_iter()
            .filter(|f| is_image(&f.path))
            .map(|f| {
                let planned = std::fs::read(&f.source)
                    .map_err(|e| kb_images::ImageError::Unreadable(e.to_string()))
                    .and_then(|bytes| SourceImage::read(&bytes))
                    .map(|source| plan(&f.path, source));
                (f.path.clone(), planned)
            })
            .collect();
        let base = lib.settings.base_path.as_str();
        let mut images = ContentImages::default();
        for (path, planned) in read {
            if let Ok(image) = &planned {
                let srcset: Vec<String> = image
                    .variants
                    .iter()
                    .map(|v| {
                        let url = variant_path(v, &image.stem, &image.source);
                        format!("{base}/{url} {}w", v.size(&image.source.meta).width)
                    })
                    .collect();
                images.responsive.insert(
                    format!("{base}/{path}"),
                    ResponsiveImage {
                        width: image.source.meta.width,
                        height: image.source.meta.height,
                        webp_srcset: srcset.join(", "),
                    },
                );
            }
            images.by_path.insert(path, planned);
        }
        images
    }
}

/// Whether a content file is an image the pipeline processes (by its extension).
pub fn is_image(path: &str) -> bool {
    path.rsplit_once('.').and_then(|(_, ext)| SourceFormat::from_extension(ext)).is_some()
}

fn plan(path: &str, source: SourceImage) -> ContentImage {
    let width = source.meta.width;
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w < width).collect();
    if width <= WIDTHS[WIDTHS.len() - 1] {
        widths.push(width);
    }
    let variants = widths
        .into_iter()
        .map(|w| Variant {
            operation: Operation::FitWidth(w),
            encoding: Encoding::WebP { quality: Some(WEBP_QUALITY) },
        })
        .collect();
    ContentImage { source, stem: stem(path).to_string(), variants }
}
