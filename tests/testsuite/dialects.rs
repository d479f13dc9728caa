//! Sites written for other generators (MkDocs Material, Docusaurus/MDX, Zola) build and render
//! as their authors meant: fixture sites per dialect with asserted HTML, and the real corpora in
//! `../shared/corpora/` built whole, with a scanner for syntax left as text.

use crate::common::Site;

#[test]
fn mkdocs_admonitions_become_callouts() {
    let site = Site::fixture("dialect-mkdocs");
    let run = site.build(&[]).ok();
    let html = site.output("gids/admonities/index.html");
    assert!(
        html.contains("<aside class=\"kb-callout kb-callout--tip\" aria-labelledby=\"kb-admonition-1\">\n<p class=\"kb-callout__title\" id=\"kb-admonition-1\">Een tip</p>\n<p>Eerste alinea van de tip.</p>\n<ul>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<aside class=\"kb-callout kb-callout--note\" aria-label=\"Opmerking\">\n<p>Zonder titel.</p>"
        ),
        "{html}"
    );
    assert!(html.contains("<details class=\"kb-callout kb-callout--note\">\n<summary class=\"kb-callout__title\">Dicht</summary>\n<p>Verborgen tekst.</p>\n</details>"), "{html}");
    assert!(html.contains("<details class=\"kb-callout kb-callout--note\" open>\n<summary class=\"kb-callout__title\">Open</summary>"), "{html}");
    assert!(html.contains("kb-callout--warning\" aria-labelledby=\"kb-admonition-2\">\n<p class=\"kb-callout__title\" id=\"kb-admonition-2\">Genest</p>\n<p>Binnenste.</p>\n</aside>\n</details>"), "{html}");
    assert!(html.contains("id=\"kb-admonition-3\">Onbekend</p>"), "{html}");
    assert!(html.contains("!!! tip &quot;Code&quot;\n    blijft staan"), "code stays code: {html}");
    assert!(!run.stderr.contains("admonities.md"), "{run}");
}

#[test]
fn mkdocs_tabs_are_headed_sections_for_tabs_js() {
    let site = Site::fixture("dialect-mkdocs");
    site.build(&[]).ok();
    let html = site.output("gids/tabbladen/index.html");
    assert!(html.contains("<script type=\"module\" src=\"/js/tabs."), "{html}");
    assert!(
        html.contains("<div class=\"kb-tabs\" data-kb-tabs>\n<section class=\"kb-tabs__panel\" aria-labelledby=\"kb-tab-1\">\n<h3 class=\"kb-tabs__label\" id=\"kb-tab-1\">Linux</h3>\n<pre"),
        "{html}"
    );
    assert!(html.contains("<h3 class=\"kb-tabs__label\" id=\"kb-tab-2\">macOS</h3>\n<p>Met <code>brew</code>.</p>\n</section>\n</div>\n<p>Na de tabs.</p>"), "{html}");
    assert!(!html.contains("==="), "{html}");
}

#[test]
fn mkdocs_attribute_lists_and_markdown_in_html() {
    let site = Site::fixture("dialect-mkdocs");
    site.build(&[]).ok();
    let html = site.output("gids/attributen/index.html");
    assert!(html.contains("<h2 id=\"with-pip\">Met pip</h2>"), "{html}");
    assert!(
        html.contains("<a href=\"#with-pip\" class=\"md-button md-button--primary\">Aan de slag</a>"),
        "{html}"
    );
    assert!(html.contains("<img src=\"https://example.org/logo.png\" alt=\"Logo\" width=\"300\">"), "{html}");
    assert!(!html.contains("annotate") && !html.contains("style="), "{html}");
    assert!(html.contains("<li><strong>Vet</strong> in een kaart</li>"), "{html}");
    assert!(!html.contains(" markdown>"), "{html}");
}

#[test]
fn mkdocs_front_matter_repeated_key_and_file_titles() {
    let site = Site::fixture("dialect-mkdocs");
    let run = site.build(&[]).ok();
    assert!(run.stderr.contains("`hide` is written twice"), "{run}");
    assert!(run.stderr.contains("content/gids/index.md:6:1"), "the repeated key's line: {run}");
    let html = site.output("gids/zonder-titel-pagina/index.html");
    assert!(html.contains("<h1 class=\"kb-title\">Zonder titel pagina</h1>"), "{html}");
}

#[test]
fn docusaurus_admonitions_and_mdx() {
    let site = Site::fixture("dialect-docusaurus");
    let run = site.build(&[]).ok();
    let html = site.output("docs/api/aan-de-slag/index.html");
    assert!(html.contains("<h1 class=\"kb-title\">Aan de slag</h1>"), "title from the file name: {html}");
    assert!(html.contains("<p class=\"kb-callout__title\" id=\"kb-admonition-1\"><strong>TL;DR</strong></p>\n<p>Kort gezegd.</p>\n</aside>"), "{html}");
    assert!(html.contains("kb-callout--tip\" aria-labelledby=\"kb-admonition-2\">\n<p class=\"kb-callout__title\" id=\"kb-admonition-2\">Voorkeur voor productie</p>"), "{html}");
    assert!(html.contains("<p>Buiten.</p>\n<aside class=\"kb-callout kb-callout--caution\" aria-labelledby=\"kb-admonition-4\">\n<p class=\"kb-callout__title\" id=\"kb-admonition-4\">Pas op</p>\n<p>Binnen.</p>\n</aside>\n</aside>"), "{html}");
    assert!(html.contains("id=\"kb-admonition-5\">Info</p>"), "{html}");
    assert!(html.contains("<p>Tekst  hier.</p>"), "{html}");
    assert!(!html.contains("een notitie voor schrijvers") && !html.contains("@theme/Tabs'"), "{html}");
    assert!(html.contains("<h2 class=\"kb-tabs__label\" id=\"kb-tab-1\">npm</h2>\n<pre"), "{html}");
    assert!(
        html.contains(
            "<h2 class=\"kb-tabs__label\" id=\"kb-tab-2\">pnpm</h2>\n<p><code>pnpm install</code></p>"
        ),
        "{html}"
    );
    assert!(html.contains("<p>Inhoud van de kaart.</p>") && !html.contains("<Card"), "{html}");
    assert!(html.contains("id=\"kb-admonition-6\">Let op</p>\n<p>Een component-admonitie.</p>"), "{html}");
    // Highlighted as JSX (Oniguruma reads the grammar; fancy-regex could not, and left it plain).
    assert!(
        html.contains("data-lang=\"jsx\"><code><span class=\"hl-source hl-js\"><span class=\"hl-keyword hl-operator hl-module hl-js\">import</span> <span class=\"hl-variable hl-other hl-readwrite hl-js\">Tabs</span>"),
        "code blocks keep MDX as written: {html}"
    );
    assert!(run.stderr.contains("the MDX component `<Card>` is not known here"), "{run}");
    assert!(run.stderr.contains("content/docs/api/01-aan-de-slag.mdx:43:1"), "{run}");
    assert_eq!(run.stderr.matches("component `<Card>` is not known").count(), 1, "{run}");
    let index = site.output("docs/index.html");
    assert!(!index.contains("DocCardList") && !index.contains("import"), "{index}");
}

#[test]
fn zola_front_matter_after_blank_lines_and_a_bom() {
    let site = Site::fixture("dialect-zola");
    site.build(&[]).ok();
    assert!(site.output("lege-regels/index.html").contains("<h1 class=\"kb-title\">Lege regels eerst</h1>"));
    assert!(site.output("bom/index.html").contains("<h1 class=\"kb-title\">Met BOM</h1>"));
}

#[test]
fn zola_shortcodes_render_their_templates() {
    let site = Site::fixture("dialect-shortcodes");
    let run = site.build(&[]).ok();
    let html = site.output("docs/zola/index.html");
    assert!(
        html.contains(
            "<p>Eerst <span class=\"stap\">Stap 1</span> en dan <span class=\"stap\">Stap 2</span>.</p>"
        ),
        "{html}"
    );
    assert!(html.contains("<figcaption class=\"kb-chart__caption\">Meldingen per jaar (verzonnen voorbeeldcijfers)</figcaption>"), "{html}");
    let csv = crate::common::between(&html, "<a href=\"/grafieken/", "\" download>");
    assert!(site.public().join("grafieken").join(csv).is_file(), "the chart's CSV is written: {csv}");
    assert!(html.contains("<details class=\"kb-callout kb-callout--note kb-details\">\n<summary class=\"kb-callout__title\">Meer weten?</summary>\n<p>Dit is <strong>markdown</strong> met <a href=\"/docs/doel/\">een link</a>.</p>\n</details>"), "{html}");
    assert!(
        html.contains("<aside class=\"kb-contact\" aria-label=\"Contact: Veilig Thuis Drenthe\">"),
        "{html}"
    );
    assert!(html.contains("<li>Bel <a href=\"tel:08002000\">0800-2000</a></li>"), "{html}");
    assert!(html.contains("<video class=\"kb-video__player\" controls preload=\"metadata\" src=\"uitleg.mp4\">\n<track kind=\"captions\" src=\"uitleg.vtt\" srclang=\"nl\" label=\"Nederlands\" default>"), "{html}");
    assert!(
        html.contains("<p><strong>Let op</strong>\nBinnen de waarschuwing.</p>\n</aside>"),
        "a markdown template: {html}"
    );
    assert!(html.contains("<p>Geschreven als tekst: {{ stap(nummer=3) }} en {% details() %}.</p>"), "{html}");
    assert!(
        html.contains("<code>{{ stap(nummer=4) }}</code>") && html.contains("{{ onbekend() }}"),
        "{html}"
    );
    assert!(!run.stderr.contains("zola.md"), "{run}");
}

#[test]
fn hugo_shortcodes_and_references() {
    let site = Site::fixture("dialect-shortcodes");
    site.build(&[]).ok();
    let html = site.output("docs/hugo/index.html");
    assert!(html.contains("<p>Lees <a href=\"/docs/doel/\">de doelpagina</a> en <a href=\"/docs/doel/#een-kop\">de kop</a>.</p>"), "{html}");
    assert!(html.contains("<summary class=\"kb-callout__title\">Uitklappen</summary>\n<p>Hugo-<strong>inhoud</strong>.</p>\n</details>"), "{html}");
    assert!(html.contains("<span class=\"stap\">Stap 5</span>"), "{html}");
    assert!(html.contains("Escape: {{&lt; stap nummer="), "{html}");
    assert!(!html.contains("{{&lt; ref") && !html.contains("{{&lt; /details"), "{html}");
}

#[test]
fn shortcode_mistakes_are_errors_at_the_call() {
    let site = Site::fixture("dialect-shortcodes");
    site.write(
        "content/docs/fout.md",
        "---\ntitle: Fouten\n---\n\nEen {{ stapp(nummer=1) }} en {{ contact(naam=\"x\") }}.\n\n[kapot]({{< ref \"/docs/weg\" >}})\n\n{% details(summary=\"x\") %}\nopen\n",
    );
    let run = site.build(&[]).code(1);
    assert!(run.stderr.contains("unknown shortcode `stapp`\n --> content/docs/fout.md:5:5"), "{run}");
    assert!(run.stderr.contains("did you mean `stap`? Known shortcodes: chart, contact, details, figure, highlight, stap, video, vimeo, waarschuwing, youtube, ref, relref"), "{run}");
    assert!(
        run.stderr.contains("shortcode `contact` has no argument `naam`\n --> content/docs/fout.md:5:30"),
        "{run}"
    );
    assert!(run.stderr.contains("`contact` takes name=..., [phone=...], [email=...], [hours=...]"), "{run}");
    assert!(
        run.stderr.contains("the shortcode `details` has no `{% end %}`\n --> content/docs/fout.md:9:1"),
        "{run}"
    );
    assert!(run.stderr.contains("docs/weg.md"), "a reference goes through the link resolver: {run}");
}

#[test]
fn hugo_figure_is_an_accessible_figure() {
    let site = Site::fixture("dialect-shortcodes");
    site.build(&[]).ok();
    let html = site.output("docs/ingebouwd/index.html");
    assert!(
        html.contains("<figure class=\"kb-figure\">\n<img src=\"schema.png\" alt=\"Schema van de meldcode\" width=\"600\" loading=\"lazy\">\n<figcaption><strong class=\"kb-figure__title\">Meldcode</strong> De vijf stappen</figcaption>\n</figure>"),
        "{html}"
    );
    // Without `alt`, the caption is the text alternative (as Hugo does); a link around the
    // image goes to another host, so it is marked external.
    assert!(
        html.contains("<a href=\"https://example.org/kaart\" rel=\"noopener noreferrer\" class=\"kb-external\"><img src=\"/img/kaart.png\" alt=\"Alleen een onderschrift\" loading=\"lazy\"></a>\n<figcaption>Alleen een onderschrift</figcaption>"),
        "{html}"
    );
    assert!(
        html.contains("<pre class=\"kb-code hl-code\" tabindex=\"0\" data-lang=\"toml\">"),
        "highlight: {html}"
    );
}

#[test]
fn hugo_youtube_and_vimeo_are_links_with_one_warning() {
    let site = Site::fixture("dialect-shortcodes");
    let run = site.build(&[]).ok();
    let html = site.output("docs/ingebouwd/index.html");
    assert!(
        html.contains("<div class=\"kb-video-link\">\n<p class=\"kb-video-link__title\"><a href=\"https://www.youtube.com/watch?v=w7Ft2ymGmfc\" rel=\"noopener noreferrer\" class=\"kb-external\">Bekijk de video op YouTube</a></p>\n<p class=\"kb-video-link__note\">De video staat op YouTube, een andere website."),
        "{html}"
    );
    assert!(html.contains("href=\"https://www.youtube.com/watch?v=abc123&amp;t=30s\" rel=\"noopener noreferrer\" class=\"kb-external\">Bekijk de video op YouTube: Uitleg in drie minuten</a>"), "{html}");
    assert!(html.contains("<a href=\"https://vimeo.com/146022717\""), "a numeric id: {html}");
    assert!(!html.contains("<iframe") && !html.contains("ytimg") && !html.contains("player.vimeo"), "{html}");
    let warning = "warning: a YouTube or Vimeo video is shown as a link to the video, not played on the page";
    assert_eq!(run.stderr.matches(warning).count(), 1, "once for the site: {run}");
    assert!(run.stderr.contains(" --> content/docs/ingebouwd.md:9:1"), "{run}");
    assert!(
        run.stderr.contains("(said once for the site: 3 more call(s) elsewhere get the same link)"),
        "{run}"
    );
}

#[test]
fn shortcodes_speak_the_language_of_their_page() {
    let site = Site::fixture("dialect-shortcodes");
    site.build(&[]).ok();
    let english = site.output("en/docs/zola/index.html");
    assert!(english.contains("<li>Call <a href=\"tel:08002000\">0800-2000</a></li>"), "{english}");
    assert!(english.contains(">Watch the video on YouTube</a>"), "{english}");
    assert!(!english.contains("<li>Bel ") && !english.contains("Bekijk de video"), "{english}");
    let dutch = site.output("docs/zola/index.html");
    assert!(dutch.contains("<li>Bel <a href=\"tel:08002000\">0800-2000</a></li>"), "{dutch}");
}

#[test]
fn a_video_link_without_an_id_is_an_error_at_the_call() {
    let site = Site::fixture("dialect-shortcodes");
    site.write("content/docs/leeg.md", "---\ntitle: Leeg\n---\n\nTekst.\n\n{{< youtube >}}\n");
    let run = site.build(&[]).code(1);
    assert!(
        run.stderr.contains("shortcode `youtube` cannot be rendered\n --> content/docs/leeg.md:7:1"),
        "{run}"
    );
    assert!(run.stderr.contains("youtube: which video?"), "{run}");
}
