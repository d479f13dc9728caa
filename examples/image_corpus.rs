//! A corpus of page bundles with photographs, for the image pipeline's benchmark
//! (`benches/images.sh`), and single photographs (see `kb_images::sample`).
//!
//!   cargo run --release --example image_corpus -- corpus DIR 1000   # a site of 1,000 pages
//!   cargo run --release --example image_corpus -- photo OUT.jpg 1600 1067 7
//!
//! The corpus: `DIR/kennisbank.toml` and 1,000 page bundles under `DIR/content/`, each with a
//! 2,000 x 1,333 photo (about 450 KB) shown once in its text.

use std::path::Path;

use kb_images::sample::photo;

fn corpus(dir: &Path, pages: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("content"))?;
    std::fs::write(
        dir.join("kennisbank.toml"),
        "title = \"Beeldbank\"\nbase_url = \"https://beeld.example.nl\"\n",
    )?;
    for n in 0..pages {
        let bundle = dir.join(format!("content/foto-{n:04}"));
        std::fs::create_dir_all(&bundle)?;
        std::fs::write(bundle.join("foto.jpg"), photo(2000, 1333, n as u32 + 1))?;
        std::fs::write(
            bundle.join("index.md"),
            format!(
                "+++\ntitle = \"Foto {n}\"\n+++\n\nHet landschap bij plek {n}.\n\n![Heuvels onder een blauwe lucht, plek {n}](foto.jpg)\n"
            ),
        )?;
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, default: u32| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    match args.first().map(String::as_str) {
        Some("corpus") if args.len() >= 2 => {
            corpus(Path::new(&args[1]), number(2, 1000) as usize).expect("writing the corpus");
        }
        Some("photo") if args.len() >= 2 => {
            let bytes = photo(number(2, 1600), number(3, 1067), number(4, 1));
            std::fs::write(&args[1], bytes).expect("writing the photo");
        }
        _ => {
            eprintln!("usage: image_corpus corpus DIR [PAGES] | photo OUT.jpg [WIDTH HEIGHT SEED]");
            std::process::exit(2);
        }
    }
}
