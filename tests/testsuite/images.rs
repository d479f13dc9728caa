//! The image pipeline: content images with their size and WebP copies, originals without
//! their EXIF, processed images reused from the previous output, Zola's image functions in
//! shortcodes, and `check`'s text alternatives.

use crate::common::Site;
use kb_images::sample::{PLACE, photo};

fn files_in(site: &Site, folder: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(site.public().join(folder))
        .map(|d| {
            d.filter_map(|e| {
                let e = e.ok()?;
                Some((e.file_name().to_string_lossy().to_string(), std::fs::read(e.path()).ok()?))
            })
            .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn has(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn a_content_image_gets_its_size_webp_copies_and_loses_its_exif() {
    let site = Site::minimal();
    site.write("content/buiten/foto.jpg", photo(1200, 800, 3));
    site.write(
        "content/buiten/index.md",
        "+++\ntitle = \"Buiten\"\n+++\n\n![Heuvels onder een blauwe lucht](foto.jpg)\n",
    );
    site.build(&[]).ok();
    let page = site.output("buiten/index.html");
    assert!(page.contains("<picture><source type=\"image/webp\" srcset=\"/processed_images/foto."), "{page}");
    assert!(page.contains(" 480w, /processed_images/foto."), "{page}");
    assert!(page.contains(" 960w, /processed_images/foto."), "{page}");
    assert!(page.contains(" 1200w\" sizes=\"(max-width: 44rem) 100vw, 44rem\">"), "{page}");
    assert!(
        page.contains("<img src=\"/buiten/foto.jpg\" alt=\"Heuvels onder een blauwe lucht\" width=\"1200\" height=\"800\""),
        "{page}"
    );
    let original = std::fs::read(site.public().join("buiten/foto.jpg")).unwrap();
    assert!(has(&std::fs::read(site.path("content/buiten/foto.jpg")).unwrap(), PLACE));
    assert!(!has(&original, PLACE), "the place the photo was taken is not published");
    let made = files_in(&site, "processed_images");
    assert_eq!(made.len(), 3, "480, 960 and 1200 px");
    assert!(made.iter().all(|(name, bytes)| name.ends_with(".webp") && bytes.starts_with(b"RIFF")));

    // A second build reuses the processed files of the first (named after their bytes) and
    // writes the same bytes.
    let (name, _) = &made[0];
    std::fs::write(site.public().join("processed_images").join(name), b"reused").unwrap();
    site.build(&[]).ok();
    let again = files_in(&site, "processed_images");
    assert_eq!(again.len(), 3);
    assert_eq!(again[0].1, b"reused", "taken from the previous output, not encoded again");
    assert_eq!(again[1..], made[1..]);
}

#[test]
fn zola_image_functions_work_in_shortcodes_with_page_assets() {
    let site = Site::minimal();
    site.write("content/galerij/a.jpg", photo(800, 600, 1));
    site.write("content/galerij/b.jpg", photo(600, 800, 2));
    site.write(
        "templates/shortcodes/gallery.html",
        "{% for asset in page.assets %}{% if asset is ending_with(\".jpg\") %}\
         {% set image = resize_image(path=asset, width=240, height=180, op=\"fill\") %}\
         {% set meta = get_image_metadata(path=asset) %}\
         <img src=\"{{ image.url }}\" width=\"{{ image.width }}\" height=\"{{ image.height }}\" \
         alt=\"{{ meta.width }} bij {{ meta.height }} ({{ meta.format }})\">{% endif %}{% endfor %}\
         {% set c = resize_image(path=page.colocated_path ~ \"a.jpg\", width=100, op=\"fit_width\", format=\"webp\") %}\
         <img src=\"{{ c.url }}\" width=\"{{ c.width }}\" height=\"{{ c.height }}\" alt=\"klein\">",
    );
    site.write("content/galerij/index.md", "+++\ntitle = \"Galerij\"\n+++\n\n{{ gallery() }}\n");
    site.build(&[]).ok();
    let page = site.output("galerij/index.html");
    assert!(page.contains("width=\"240\" height=\"180\" alt=\"800 bij 600 (jpg)\">"), "{page}");
    assert!(page.contains("width=\"240\" height=\"180\" alt=\"600 bij 800 (jpg)\">"), "{page}");
    assert!(page.contains("width=\"100\" height=\"75\" alt=\"klein\">"), "{page}");
    let made = files_in(&site, "processed_images");
    assert!(made.iter().any(|(name, _)| name.starts_with("a.") && name.ends_with(".jpg")), "{made:?}");
    assert!(made.iter().any(|(name, _)| name.starts_with("a.") && name.ends_with(".webp")));
    for (name, bytes) in &made {
        assert!(!has(bytes, PLACE), "{name} carries the EXIF");
    }
}

#[test]
fn a_template_asking_for_a_file_outside_the_site_or_a_missing_one_is_an_error() {
    let site = Site::minimal();
    site.write("templates/shortcodes/thumb.html", "{% set i = resize_image(path=path, width=10) %}");
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n\n{{ thumb(path=\"../../../etc/passwd\") }}\n");
    site.build(&[]).code(1).stderr_has("leaves the site folder");
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\n\n{{ thumb(path=\"weg.jpg\") }}\n");
    site.build(&[]).code(1).stderr_has("no file `weg.jpg`");
}

#[test]
fn an_image_too_large_to_decode_is_an_error_with_its_file() {
    let site = Site::minimal();
    // A PNG whose header claims 100,000 x 100,000 pixels.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&100_000u32.to_be_bytes());
    png.extend_from_slice(&100_000u32.to_be_bytes());
    png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    site.write("content/groot.png", &png);
    site.build(&[]).code(1).stderr_has("this image cannot be published").stderr_has("groot.png");
}

#[test]
fn check_reports_an_image_without_alt_text_at_its_place() {
    let site = Site::minimal();
    site.write("content/foto.jpg", photo(40, 30, 1));
    site.write(
        "content/pagina.md",
        "+++\ntitle = \"Pagina\"\n+++\n\nTekst.\n\n![](foto.jpg)\n\n![](foto.jpg){ alt=\"\" }\n\n![Een foto](foto.jpg)\n",
    );
    let (_, report) = site.check_json(&[]);
    let found: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["message"].as_str().is_some_and(|m| m.contains("has no text alternative")))
        .collect();
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["severity"], "error");
    assert_eq!(
        (found[0]["line"].as_u64(), found[0]["column"].as_u64()),
        (Some(7), Some(5)),
        "{:#}",
        found[0]
    );
    // The decorative image is written with an empty alt.
    site.build(&[]).ok();
    assert!(site.output("pagina/index.html").contains("<img src=\"/foto.jpg\" alt=\"\" width=\"40\""));
}
