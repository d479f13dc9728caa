use super::*;

fn photo(w: u32, h: u32) -> DynamicImage {
    DynamicImage::from(image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    }))
}

fn jpeg_with_exif(w: u32, h: u32) -> Vec<u8> {
    let plain = Encoding::Jpeg { quality: 80 }.encode(&photo(w, h)).unwrap();
    // An APP1 EXIF segment right after SOI, as cameras write it (with a GPS-like payload).
    let payload = b"Exif\0\0MM\0*\0\0\0\x08\0\0GPS 52.09N 5.12E";
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&plain[2..]);
    out
}

#[test]
fn exif_is_left_out_of_a_jpeg_and_the_pixels_stay() {
    let with = jpeg_with_exif(40, 30);
    let without = strip_metadata(&with, SourceFormat::Jpeg).unwrap();
    assert!(with.windows(3).any(|w| w == b"GPS"));
    assert!(!without.windows(3).any(|w| w == b"GPS"));
    assert_eq!(decode(&with).unwrap(), decode(&without).unwrap());
    assert_eq!(read_meta(&without).unwrap().width, 40);
}

#[test]
fn png_text_chunks_are_left_out() {
    let png = Encoding::Png.encode(&photo(10, 10)).unwrap();
    let mut with = png[..33].to_vec(); // signature and IHDR
    let text = b"Comment\0secret place";
    with.extend_from_slice(&(text.len() as u32).to_be_bytes());
    with.extend_from_slice(b"tEXt");
    with.extend_from_slice(text);
    with.extend_from_slice(&[0, 0, 0, 0]);
    with.extend_from_slice(&png[33..]);
    let without = strip_metadata(&with, SourceFormat::Png).unwrap();
    assert_eq!(without, png);
}

#[test]
fn corrupt_or_truncated_files_are_errors_not_panics() {
    let jpeg = jpeg_with_exif(20, 20);
    for cut in [0, 1, 2, 3, 5, 10, 30, jpeg.len() / 2] {
        let _ = strip_metadata(&jpeg[..cut], SourceFormat::Jpeg);
        let _ = read_meta(&jpeg[..cut]);
        let _ = decode(&jpeg[..cut]);
        let _ = strip_metadata(&jpeg[..cut], SourceFormat::Png);
        let _ = strip_metadata(&jpeg[..cut], SourceFormat::Webp);
    }
    assert!(read_meta(b"not an image").is_err());
}

#[test]
fn a_huge_image_is_refused_from_its_header() {
    // A PNG header claiming 100,000 x 100,000 pixels: refused before anything is allocated.
    let mut png = Encoding::Png.encode(&photo(1, 1)).unwrap();
    png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    assert!(read_meta(&png).is_err());
    assert!(decode(&png).is_err());
}

#[test]
fn operations_follow_zola() {
    assert_eq!(Operation::FitWidth(100).plan(400, 300).output, (100, 75));
    assert_eq!(Operation::FitHeight(150).plan(400, 300).output, (200, 150));
    assert_eq!(Operation::Fit(1000, 1000).plan(400, 300).output, (400, 300));
    assert_eq!(Operation::Fit(200, 200).plan(400, 300).output, (200, 150));
    let fill = Operation::Fill(100, 100).plan(400, 300);
    assert_eq!((fill.crop, fill.output), (Some((50, 0, 300, 300)), (100, 100)));
    assert!(Operation::from_args("fit", Some(10), None).is_err());
    assert!(Operation::from_args("spin", Some(10), None).is_err());
    assert!(Operation::from_args("fit_width", Some(0), None).is_err());
    assert!(Encoding::from_args("auto", None, true).unwrap() == Encoding::Jpeg { quality: 75 });
    assert!(Encoding::from_args("gif", None, true).is_err());
}

#[test]
fn variants_are_named_after_what_made_them_and_are_the_same_bytes_each_time() {
    let source = jpeg_with_exif(64, 48);
    let meta = read_meta(&source).unwrap();
    let print = Fingerprint::of(&source);
    let webp = Variant { operation: Operation::FitWidth(32), encoding: Encoding::WebP { quality: Some(80) } };
    let jpg = Variant { operation: Operation::FitWidth(32), encoding: Encoding::Jpeg { quality: 80 } };
    assert_ne!(webp.file_name("foto", print), jpg.file_name("foto", print));
    assert!(
        webp.file_name("foto", print).starts_with("foto.")
            && webp.file_name("foto", print).ends_with(".webp")
    );
    assert_eq!(webp.size(&meta), Size { width: 32, height: 24 });
    let image = decode(&source).unwrap();
    let a = webp.make(&image).unwrap();
    assert_eq!(a, webp.make(&decode(&source).unwrap()).unwrap());
    let made = read_meta(&a).unwrap();
    assert_eq!((made.width, made.height, made.format), (32, 24, SourceFormat::Webp));
}
