//! `resize_image(path, width, height, op, format, quality)` and `get_image_metadata(path,
//! allow_missing)`: Zola's functions with Zola's arguments and results, so that templates and
//! shortcodes written for Zola run unchanged. A path is looked up as Zola does (`@/` is the
//! content folder; else the site folder, `static/`, `content/`), and also as an output path
//! (what `page.assets` holds); never outside the site.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::json;
use tera::Value;

use super::{ImageCache, SourceImage, make_variants, variant_path};
use kb_core::OutputFile;
use kb_images::{Encoding, Operation, Variant};

/// Where the image functions look for files and put their results: the site's folders, as
/// the config gives them (the load stage compiles shortcodes with them, the pages stage the
/// templates).
#[derive(Debug, Clone, Default)]
pub struct ImageDirs {
    /// The site folder: no path leads outside it.
    pub root: PathBuf,
    /// The site folder, `static/`, `content/`: where a path is looked up, in Zola's order.
    pub search: [PathBuf; 3],
    /// The path part of the base URL, before each URL made.
    pub base_path: String,
    /// The previous output, whose resized images are reused.
    pub output: PathBuf,
}

impl ImageDirs {
    pub fn of(config: &crate::load::config::Config) -> Self {
        ImageDirs {
            root: config.root.clone(),
            search: [config.root.clone(), config.static_dir.clone(), config.content_dir.clone()],
            base_path: config.base_path().to_string(),
            output: config.output_dir.clone(),
        }
    }
}

/// What the image functions answer from, shared by every call of a build.
#[derive(Debug, Default)]
pub struct ImageFunctions {
    root: PathBuf,
    search: [PathBuf; 3],
    base_path: String,
    /// Output path (`blog/post/foto.jpg`) -> the content file copied there.
    output_paths: HashMap<String, PathBuf>,
    cache: ImageCache,
    /// Sources read so far, by file.
    sources: Mutex<HashMap<PathBuf, SourceImage>>,
    /// Variants made so far, by output path: a template that resizes the same image on every
    /// page encodes it once.
    made: Mutex<HashMap<String, Vec<u8>>>,
}

/// The image functions of a site: `output_paths` maps the output paths of content files to
/// their sources (empty while shortcodes are compiled, before the model is there).
pub fn image_functions(dirs: &ImageDirs, output_paths: HashMap<String, PathBuf>) -> Arc<ImageFunctions> {
    Arc::new(ImageFunctions {
        root: dirs.root.clone(),
        search: dirs.search.clone(),
        base_path: dirs.base_path.clone(),
        output_paths,
        cache: ImageCache::in_output(&dirs.output),
        ..Default::default()
    })
}

impl ImageFunctions {
    /// Registers both functions on `tera`.
    pub fn register(self: &Arc<Self>, tera: &mut tera::Tera) {
        let this = Arc::clone(self);
        tera.register_function("resize_image", move |args: &HashMap<String, Value>| this.resize_image(args));
        let this = Arc::clone(self);
        tera.register_function("get_image_metadata", move |args: &HashMap<String, Value>| {
            this.get_image_metadata(args)
        });
    }

    /// The file `path` names, or why there is none.
    fn find(&self, function: &str, path: &str) -> tera::Result<Option<PathBuf>> {
        if path.split(['/', '\\']).any(|segment| segment == "..") || path.contains('\0') {
            return Err(
                format!("{function}(): `{path}` leaves the site folder; give a path inside it").into()
            );
        }
        let candidates: Vec<PathBuf> = if let Some(rest) = path.strip_prefix("@/") {
            vec![self.search[2].join(rest)]
        } else {
            let plain = path.trim_start_matches('/');
            let below_base =
                path.strip_prefix(self.base_path.as_str()).unwrap_or(path).trim_start_matches('/');
            let outputs = [plain, below_base].into_iter().filter_map(|p| self.output_paths.get(p).cloned());
            outputs.chain(self.search.iter().map(|dir| dir.join(plain))).collect()
        };
        let root = self.root.canonicalize().unwrap_or_else(|_| self.root.clone());
        for candidate in candidates {
            if candidate.is_file() {
                let inside = candidate.canonicalize().is_ok_and(|c| c.starts_with(&root));
                if !inside {
                    return Err(format!("{function}(): `{path}` leads outside the site folder").into());
                }
                return Ok(Some(candidate));
            }
        }
        Ok(None)
    }

    /// The source's header and digest (read once per file and build).
    fn source(&self, function: &str, file: &Path) -> tera::Result<SourceImage> {
        if let Some(known) = self.sources.lock().expect("no panics while held").get(file) {
            return Ok(*known);
        }
        let bytes = read(function, file)?;
        let source =
            SourceImage::read(&bytes).map_err(|e| format!("{function}(): {}: {e}", file.display()))?;
        self.sources.lock().expect("no panics while held").insert(file.to_path_buf(), source);
        Ok(source)
    }

    fn resize_image(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        const NAME: &str = "resize_image";
        let path = string_arg(args, "path")?
            .ok_or("resize_image() needs `path`, like resize_image(path=\"@/blog/foto.jpg\", width=640, op=\"fit_width\")")?;
        let size = |key: &str| -> tera::Result<Option<u32>> {
            match args.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(v) => v.as_u64().and_then(|n| u32::try_from(n).ok()).map(Some).ok_or_else(|| {
                    format!("resize_image(): `{key}` must be a whole number of pixels").into()
                }),
            }
        };
        let (width, height) = (size("width")?, size("height")?);
        let op = string_arg(args, "op")?.unwrap_or_else(|| "fill".into());
        let format = string_arg(args, "format")?.unwrap_or_else(|| "auto".into());
        let quality = match args.get("quality") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_u64()
                    .and_then(|q| u8::try_from(q).ok())
                    .ok_or("resize_image(): `quality` must be a number from 1 to 100")?,
            ),
        };
        let file = self.find(NAME, &path)?.ok_or_else(|| not_found(NAME, &path))?;
        let source = self.source(NAME, &file)?;
        let request = |e: kb_images::ImageError| format!("resize_image(): {e}");
        let variant = Variant {
            operation: Operation::from_args(&op, width, height).map_err(request)?,
            encoding: Encoding::from_args(&format, quality, source.meta.format.is_lossy())
                .map_err(request)?,
        };
        let stem = super::stem(&path);
        let output = variant_path(&variant, stem, &source);
        let made = self.made.lock().expect("no panics while held").get(&output).cloned();
        let made = match made {
            Some(bytes) => bytes,
            None => {
                let bytes = read(NAME, &file)?;
                let file = make_variants(&bytes, stem, &source, &[variant], &self.cache)
                    .map_err(|e| format!("resize_image(): {}: {e}", file.display()))?
                    .remove(0);
                self.made.lock().expect("no panics while held").insert(output.clone(), file.bytes.clone());
                file.bytes
            }
        };
        kb_charts::downloads::offer(OutputFile::new(output.clone(), made));
        let size = variant.size(&source.meta);
        Ok(json!({
            "url": format!("{}/{output}", self.base_path),
            "static_path": output,
            "width": size.width,
            "height": size.height,
            "orig_width": source.meta.width,
            "orig_height": source.meta.height,
        }))
    }

    fn get_image_metadata(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        const NAME: &str = "get_image_metadata";
        let path = string_arg(args, "path")?
            .ok_or("get_image_metadata() needs `path`, like get_image_metadata(path=\"@/blog/foto.jpg\")")?;
        let allow_missing = args.get("allow_missing").and_then(Value::as_bool).unwrap_or(false);
        let Some(file) = self.find(NAME, &path)? else {
            return if allow_missing { Ok(Value::Null) } else { Err(not_found(NAME, &path)) };
        };
        let source = self.source(NAME, &file)?;
        Ok(json!({
            "width": source.meta.width,
            "height": source.meta.height,
            "format": source.meta.format.extension(),
            "mime": source.meta.format.mime(),
        }))
    }
}

fn read(function: &str, file: &Path) -> tera::Result<Vec<u8>> {
    std::fs::read(file).map_err(|e| format!("{function}(): cannot read {}: {e}", file.display()).into())
}

fn string_arg(args: &HashMap<String, Value>, key: &str) -> tera::Result<Option<String>> {
    match args.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("`{key}` must be a string").into()),
    }
}

fn not_found(function: &str, path: &str) -> tera::Error {
    format!(
        "{function}(): no file `{path}`; a path is relative to the site folder, static/ or content/ \
         (`@/` is content/), or an output path such as an entry of page.assets"
    )
    .into()
}
