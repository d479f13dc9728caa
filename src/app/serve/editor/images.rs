//! Images added in the editor: checked (a picture format that runs no script, with a
//! description or an explicit "decorative"), stored under a safe name beside the page when it
//! has a folder of its own (a page bundle or a section), else in `static/afbeeldingen/`, and
//! given back as the markdown that shows it.

use std::path::Path;

use base64::Engine;

use super::store;

/// The formats accepted, by their first bytes: pictures only. SVG is not among them: it can
/// carry script.
const FORMATS: &[(&[u8], &str)] =
    &[(b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"), (b"GIF87a", "gif"), (b"GIF89a", "gif")];

fn format_of(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some("webp");
    }
    FORMATS.iter().find(|(magic, _)| bytes.starts_with(magic)).map(|(_, ext)| *ext)
}

/// An image to add to the page `rel`.
pub struct NewImage<'a> {
    pub rel: &'a str,
    pub file_name: &'a str,
    pub alt: &'a str,
    pub decorative: bool,
    pub data_base64: &'a str,
}

/// Stores the image; `Ok` is the markdown to put in the text, `Err` a Dutch reason and the
/// form field it concerns.
pub fn add(root: &Path, image: &NewImage) -> Result<String, (String, &'static str)> {
    let alt = image.alt.trim();
    if alt.is_empty() && !image.decorative {
        return Err(("Beschrijf wat er op de afbeelding staat, of kies 'Alleen versiering'.".into(), "alt"));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(image.data_base64)
        .map_err(|_| ("Het bestand kwam niet goed aan. Probeer het opnieuw.".to_string(), "bestand"))?;
    let Some(ext) = format_of(&bytes) else {
        return Err(("Kies een foto of plaatje: PNG, JPEG, GIF of WebP.".into(), "bestand"));
    };
    let stem =
        Path::new(image.file_name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut stem = kb_markdown::slugify(&stem);
    if stem.is_empty() {
        stem = "afbeelding".into();
    }
    let (dir, url_prefix) = match image.rel.rsplit_once('/') {
        Some((folder, name)) if name == "index.md" || name == "_index.md" => {
            (root.join("content").join(folder), String::new())
        }
        _ => (root.join("static/afbeeldingen"), "/afbeeldingen/".into()),
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| (format!("De map voor afbeeldingen kon niet gemaakt worden: {e}"), "bestand"))?;
    // A free name: an image already there is never overwritten.
    let mut name = format!("{stem}.{ext}");
    let mut n = 2;
    while dir.join(&name).exists() {
        name = format!("{stem}-{n}.{ext}");
        n += 1;
    }
    let base = root.canonicalize().map_err(|e| (format!("{e}"), "bestand"))?;
    let rel_dir = dir.canonicalize().ok().and_then(|d| d.strip_prefix(&base).ok().map(Path::to_path_buf));
    let Some(rel_dir) = rel_dir else { return Err(("Deze map hoort niet bij de site.".into(), "bestand")) };
    let path = store::confine(&base, &rel_dir.join(&name).to_string_lossy())
        .map_err(|why| (why.to_string(), "bestand"))?;
    store::write_atomically(&path, &bytes).map_err(|e| (format!("Opslaan lukte niet: {e}"), "bestand"))?;
    let shown_alt = if image.decorative { "" } else { alt };
    Ok(format!("![{}]({url_prefix}{name})", shown_alt.replace(['[', ']'], "")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    fn data(bytes: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    #[test]
    fn an_image_needs_a_description_and_a_picture_format() {
        let tmp = std::env::temp_dir().join(format!("kb-images-{}", std::process::id()));
        std::fs::create_dir_all(tmp.join("content/gids")).unwrap();
        let image = |alt: &'static str, decorative, bytes: &[u8], name: &'static str| {
            let encoded = data(bytes);
            add(
                &tmp,
                &NewImage { rel: "gids/index.md", file_name: name, alt, decorative, data_base64: &encoded },
            )
        };
        assert_eq!(image("", false, PNG, "x.png").unwrap_err().1, "alt");
        assert_eq!(image("Een kaart", false, b"<svg onload=alert(1)>", "x.svg").unwrap_err().1, "bestand");
        assert_eq!(
            image("Kaart van Drenthe", false, PNG, "Kaart Drenthe.PNG").unwrap(),
            "![Kaart van Drenthe](kaart-drenthe.png)"
        );
        assert_eq!(image("", true, PNG, "Kaart Drenthe.png").unwrap(), "![](kaart-drenthe-2.png)");
        assert!(tmp.join("content/gids/kaart-drenthe.png").is_file());
        let loose = add(
            &tmp,
            &NewImage {
                rel: "los.md",
                file_name: "../../x.png",
                alt: "X",
                decorative: false,
                data_base64: &data(PNG),
            },
        );
        assert_eq!(loose.unwrap(), "![X](/afbeeldingen/x.png)");
        assert!(tmp.join("static/afbeeldingen/x.png").is_file());
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
