//! What `resize_image()` asks for: Zola's operations (`scale`, `fit_width`, `fit_height`,
//! `fit`, `fill`) with its arguments and results, and the encodings of the result.

use image::DynamicImage;

use super::{ImageError, MAX_SIDE};

/// How an image is resized; the same five operations as Zola, with the same meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Exactly this size, the aspect ratio not kept.
    Scale(u32, u32),
    /// This width, the height following the aspect ratio.
    FitWidth(u32),
    /// This height, the width following the aspect ratio.
    FitHeight(u32),
    /// Within this box, aspect ratio kept; never larger than the source.
    Fit(u32, u32),
    /// Exactly this size, aspect ratio kept, the middle cut out.
    Fill(u32, u32),
}

/// The crop (x, y, width, height) and the resulting size of an operation on a source size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub crop: Option<(u32, u32, u32, u32)>,
    pub output: (u32, u32),
}

impl Operation {
    /// Zola's `op`, `width` and `height` arguments. Sizes are 1 to [`MAX_SIDE`].
    pub fn from_args(op: &str, width: Option<u32>, height: Option<u32>) -> Result<Self, ImageError> {
        for side in [width, height].into_iter().flatten() {
            if side == 0 || side > MAX_SIDE {
                return Err(ImageError::Request(format!(
                    "a width or height of {side} is asked; give 1 to {MAX_SIDE} pixels"
                )));
            }
        }
        let both = |make: fn(u32, u32) -> Self| match (width, height) {
            (Some(w), Some(h)) => Ok(make(w, h)),
            _ => Err(ImageError::Request(format!("op=\"{op}\" needs both `width` and `height`"))),
        };
        match op {
            "scale" => both(Self::Scale),
            "fit" => both(Self::Fit),
            "fill" => both(Self::Fill),
            "fit_width" => width
                .map(Self::FitWidth)
                .ok_or_else(|| ImageError::Request("op=\"fit_width\" needs a `width`".into())),
            "fit_height" => height
                .map(Self::FitHeight)
                .ok_or_else(|| ImageError::Request("op=\"fit_height\" needs a `height`".into())),
            other => Err(ImageError::Request(format!(
                "unknown op `{other}`; the operations are scale, fit_width, fit_height, fit and fill"
            ))),
        }
    }

    /// What the operation does to a source of `w` x `h` (both at least 1).
    pub fn plan(self, w: u32, h: u32) -> Plan {
        let resize = |output: (u32, u32)| Plan { crop: None, output: (output.0.max(1), output.1.max(1)) };
        let scaled =
            |a: u32, b: u32, c: u32| ((a as u64 * b as u64) / c.max(1) as u64).min(MAX_SIDE as u64) as u32;
        match self {
            Self::Scale(tw, th) => resize((tw, th)),
            Self::FitWidth(tw) => resize((tw, scaled(h, tw, w))),
            Self::FitHeight(th) => resize((scaled(w, th, h), th)),
            Self::Fit(tw, th) => {
                if w <= tw && h <= th {
                    resize((w, h))
                } else if w as u64 * th as u64 > h as u64 * tw as u64 {
                    Self::FitWidth(tw).plan(w, h)
                } else {
                    Self::FitHeight(th).plan(w, h)
                }
            }
            Self::Fill(tw, th) => {
                let (fw, fh) = (w as f64 / tw as f64, h as f64 / th as f64);
                if (fw - fh).abs() <= 0.1 {
                    return resize((tw, th));
                }
                let (cw, ch) = if fw < fh {
                    (w, ((fw * th as f64).round() as u32).clamp(1, h))
                } else {
                    (((fh * tw as f64).round() as u32).clamp(1, w), h)
                };
                Plan { crop: Some(((w - cw) / 2, (h - ch) / 2, cw, ch)), output: (tw, th) }
            }
        }
    }
}

/// How a result is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Jpeg {
        quality: u8,
    },
    Png,
    /// `None`: lossless.
    WebP {
        quality: Option<u8>,
    },
}

const DEFAULT_JPEG_QUALITY: u8 = 75;

impl Encoding {
    /// Zola's `format` (`auto`, `jpg`/`jpeg`, `png`, `webp`) and `quality` (1 to 100); `auto`
    /// is JPEG for a lossy source and PNG for a lossless one, as in Zola.
    pub fn from_args(format: &str, quality: Option<u8>, source_is_lossy: bool) -> Result<Self, ImageError> {
        if let Some(q) = quality
            && !(1..=100).contains(&q)
        {
            return Err(ImageError::Request(format!("quality {q} is asked; give 1 to 100")));
        }
        let format = match format {
            "auto" if source_is_lossy => "jpg",
            "auto" => "png",
            other => other,
        };
        match format {
            "jpg" | "jpeg" => Ok(Self::Jpeg { quality: quality.unwrap_or(DEFAULT_JPEG_QUALITY) }),
            "png" => Ok(Self::Png),
            "webp" => Ok(Self::WebP { quality }),
            other => Err(ImageError::Request(format!(
                "unknown format `{other}`; the formats are auto, jpg, png and webp"
            ))),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg { .. } => "jpg",
            Self::Png => "png",
            Self::WebP { .. } => "webp",
        }
    }

    /// Encodes `image`; the result carries no metadata.
    pub fn encode(self, image: &DynamicImage) -> Result<Vec<u8>, ImageError> {
        let failed = |e: String| ImageError::Unreadable(format!("it cannot be encoded: {e}"));
        match self {
            Self::Jpeg { quality } => {
                let mut out = Vec::new();
                let rgb = image.to_rgb8();
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
                    .encode_image(&rgb)
                    .map_err(|e| failed(e.to_string()))?;
                Ok(out)
            }
            Self::Png => {
                let mut out = Vec::new();
                let keep_alpha = image.color().has_alpha();
                let converted = if keep_alpha {
                    DynamicImage::from(image.to_rgba8())
                } else {
                    DynamicImage::from(image.to_rgb8())
                };
                converted
                    .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
                    .map_err(|e| failed(e.to_string()))?;
                Ok(out)
            }
            Self::WebP { quality } => {
                let (w, h) = (image.width(), image.height());
                let memory = if image.color().has_alpha() {
                    let rgba = image.to_rgba8();
                    webp_encode(webp::Encoder::from_rgba(&rgba, w, h), quality)
                } else {
                    let rgb = image.to_rgb8();
                    webp_encode(webp::Encoder::from_rgb(&rgb, w, h), quality)
                };
                memory.map_err(failed)
            }
        }
    }
}

fn webp_encode(encoder: webp::Encoder, quality: Option<u8>) -> Result<Vec<u8>, String> {
    let memory = match quality {
        Some(q) => encoder.encode_simple(false, q as f32),
        None => encoder.encode_simple(true, 75.0),
    };
    memory.map(|m| m.to_vec()).map_err(|e| format!("{e:?}"))
}
