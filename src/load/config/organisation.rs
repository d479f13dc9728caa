//! `[organisation]`: who runs the site and where a reader finds help. The theme shows these
//! facts wherever it points to help (the help banner, the footer, the 404 page, the review
//! notice, "what next" on a page), so another organisation changes them here, not in the
//! theme's strings. Every fact is optional but the emergency number: what is left empty is
//! left out of the pages, never shown as a placeholder, and `check` reports it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use kb_core::diagnostics::Diagnostic;

use super::{Config, KeyStep, span_of};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationConfig {
    /// The full name: "Veilig Thuis Drenthe". The footer names it; schema.org data of courses
    /// name it as the provider.
    #[serde(default)]
    pub name: String,
    /// How the interface text calls it in a sentence: "Bel Veilig Thuis". Empty: `name`.
    #[serde(default)]
    pub short_name: String,
    /// The advice line, as people dial it: "0800-2000". Empty: no number is shown.
    #[serde(default)]
    pub phone: String,
    /// Said after the number: "gratis, dag en nacht".
    #[serde(default)]
    pub phone_note: String,
    /// Further numbers, each with what it is for; listed in the footer.
    #[serde(default)]
    pub phones: Vec<PhoneConfig>,
    /// A chat for advice (https), and when it is open.
    #[serde(default)]
    pub chat_url: String,
    #[serde(default)]
    pub chat_hours: String,
    /// The number for acute danger.
    #[serde(default = "default_emergency")]
    pub emergency: String,
    /// The neutral site "Snel weg" leaves to.
    #[serde(default = "default_quick_exit_url")]
    pub quick_exit_url: String,
    /// An image under `static/` shown beside the site title, like `/afbeeldingen/logo.svg`.
    #[serde(default)]
    pub logo: String,
    /// The texts above in other languages of the site: `[organisation.translations.en]`.
    #[serde(default)]
    pub translations: BTreeMap<String, OrganisationTexts>,
}

/// The parts of `[organisation]` that are words, per language.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationTexts {
    #[serde(default)]
    pub short_name: Option<String>,
    #[serde(default)]
    pub phone_note: Option<String>,
    #[serde(default)]
    pub chat_hours: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneConfig {
    /// What the number is for: "De Kindertelefoon".
    pub label: String,
    pub number: String,
    #[serde(default)]
    pub note: String,
}

impl Default for OrganisationConfig {
    fn default() -> Self {
        OrganisationConfig {
            name: String::new(),
            short_name: String::new(),
            phone: String::new(),
            phone_note: String::new(),
            phones: Vec::new(),
            chat_url: String::new(),
            chat_hours: String::new(),
            emergency: default_emergency(),
            quick_exit_url: default_quick_exit_url(),
            logo: String::new(),
            translations: BTreeMap::new(),
        }
    }
}

fn default_emergency() -> String {
    "112".into()
}

fn default_quick_exit_url() -> String {
    "https://www.buienradar.nl/".into()
}

/// The organisation's facts in one language, ready for templates and interface strings.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OrganisationView {
    pub name: String,
    pub short_name: String,
    pub phone: Option<PhoneView>,
    pub phones: Vec<PhoneView>,
    pub chat_url: Option<String>,
    pub chat_hours: String,
    pub emergency: PhoneView,
    pub quick_exit_url: String,
    /// The logo's URL (base path included), when there is one.
    pub logo: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PhoneView {
    pub label: String,
    /// As written: "0800-2000".
    pub number: String,
    /// What a `tel:` link dials: "08002000".
    pub dial: String,
    pub note: String,
}

impl OrganisationConfig {
    /// The facts in `lang`: its translations where given, else the config's own words.
    pub fn view(&self, lang: &str, base_path: &str) -> OrganisationView {
        let texts = self.translations.get(lang);
        let pick = |own: &str, translated: Option<&Option<String>>| {
            translated.and_then(Option::as_deref).unwrap_or(own).to_string()
        };
        let short_name = pick(&self.short_name, texts.map(|t| &t.short_name));
        let short_name = if short_name.is_empty() { self.name.clone() } else { short_name };
        let phone = (!self.phone.is_empty()).then(|| PhoneView {
            label: short_name.clone(),
            number: self.phone.clone(),
            dial: dial(&self.phone),
            note: pick(&self.phone_note, texts.map(|t| &t.phone_note)),
        });
        OrganisationView {
            name: self.name.clone(),
            short_name,
            phone,
            phones: self
                .phones
                .iter()
                .map(|p| PhoneView {
                    label: p.label.clone(),
                    number: p.number.clone(),
                    dial: dial(&p.number),
                    note: p.note.clone(),
                })
                .collect(),
            chat_url: (!self.chat_url.is_empty()).then(|| self.chat_url.clone()),
            chat_hours: pick(&self.chat_hours, texts.map(|t| &t.chat_hours)),
            emergency: PhoneView {
                label: String::new(),
                number: self.emergency.clone(),
                dial: dial(&self.emergency),
                note: String::new(),
            },
            quick_exit_url: self.quick_exit_url.clone(),
            logo: (!self.logo.is_empty()).then(|| format!("{base_path}{}", self.logo)),
        }
    }
}

impl OrganisationView {
    /// The values of the placeholders the theme's interface strings use for these facts, as
    /// HTML (every value escaped): `{organisation}`, `{phone}` (the number as a link, and its
    /// note in brackets), `{phone_link}` (the link alone) and `{emergency}`.
    pub fn placeholders(&self) -> [(&'static str, String); 4] {
        let esc = kb_core::escape::html;
        let link = |p: &PhoneView| format!("<a href=\"tel:{}\">{}</a>", esc(&p.dial), esc(&p.number));
        let (phone, phone_link) = match &self.phone {
            Some(p) if p.note.is_empty() => (link(p), link(p)),
            Some(p) => (format!("{} ({})", link(p), esc(&p.note)), link(p)),
            None => (String::new(), String::new()),
        };
        [
            ("organisation", esc(&self.short_name)),
            ("phone", phone),
            ("phone_link", phone_link),
            ("emergency", link(&self.emergency)),
        ]
    }
}

/// What a `tel:` link dials: the digits, and a leading `+`.
fn dial(number: &str) -> String {
    number.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()
}

/// A number a phone can dial as written: digits, spaces, `-`, `(`, `)`, a leading `+`, and at
/// least three digits.
fn is_dialable(number: &str) -> bool {
    let digits = number.chars().filter(char::is_ascii_digit).count();
    digits >= 3
        && number
            .char_indices()
            .all(|(i, c)| c.is_ascii_digit() || " -()".contains(c) || (c == '+' && i == 0))
}

/// Errors in `[organisation]`: numbers that cannot be dialled, URLs a reader cannot follow
/// safely, a logo that is not in `static/`, translations into languages the site lacks.
pub fn problems(config: &Config) -> Vec<Diagnostic> {
    let org = &config.site.organisation;
    let mut found = Vec::new();
    let key = |k: &'static str| [KeyStep::Key("organisation"), KeyStep::Key(k)];
    let mut number = |path: &[KeyStep], value: &str, what: &str| {
        if !value.is_empty() && !is_dialable(value) {
            found.push(config.at(
                path,
                Diagnostic::error(format!("`{value}` is not a phone number a reader can dial ({what})"))
                    .with_hint("write digits, spaces, `-` and brackets, like \"0800-2000\" or \"+31 20 123 4567\""),
            ));
        }
    };
    number(&key("phone"), &org.phone, "organisation.phone");
    number(&key("emergency"), &org.emergency, "organisation.emergency");
    for (i, phone) in org.phones.iter().enumerate() {
        let path =
            [KeyStep::Key("organisation"), KeyStep::Key("phones"), KeyStep::Index(i), KeyStep::Key("number")];
        number(&path, &phone.number, "organisation.phones");
    }
    if org.emergency.is_empty() {
        found.push(
            config.at(
                &key("emergency"),
                Diagnostic::error(
                    "`[organisation] emergency` is empty: every page shows a number for acute danger",
                )
                .with_hint(
                    "write the emergency number, like \"112\" (it is the default when the key is left out)",
                ),
            ),
        );
    }
    let absolute_https = |url: &str| url.starts_with("https://") || url.starts_with("http://");
    if !org.chat_url.is_empty() && !absolute_https(&org.chat_url) {
        found.push(
            config.at(
                &key("chat_url"),
                Diagnostic::error(format!("the chat address `{}` is not a web address", org.chat_url))
                    .with_hint("write the whole address, starting with https://"),
            ),
        );
    }
    if !absolute_https(&org.quick_exit_url) {
        found.push(config.at(
            &key("quick_exit_url"),
            Diagnostic::error(format!("the quick exit address `{}` is not a web address", org.quick_exit_url))
                .with_hint("\"Snel weg\" must leave for a neutral site on another host, like \"https://www.buienradar.nl/\""),
        ));
    }
    if !org.logo.is_empty() {
        let file = config.static_dir.join(org.logo.trim_start_matches('/'));
        if !org.logo.starts_with('/') || org.logo.contains("..") || !file.is_file() {
            found.push(config.at(
                &key("logo"),
                Diagnostic::error(format!("the logo `{}` is not a file in `static/`", org.logo)).with_hint(
                    "put the image in the site's `static/` folder and write its path from there, like \
                     \"/afbeeldingen/logo.svg\"",
                ),
            ));
        }
    }
    for lang in org.translations.keys() {
        if config.site.language(lang).is_none() {
            let path = [KeyStep::Key("organisation"), KeyStep::Key("translations"), KeyStep::Key(lang)];
            found.push(
                config.at(
                    &path,
                    Diagnostic::error(format!(
                        "`[organisation.translations.{lang}]` is for a language the site does not declare"
                    ))
                    .with_hint("add the language under `[[languages]]`, or remove these translations"),
                ),
            );
        }
    }
    found
}

/// What a reader misses while the `[organisation]` a site wrote is not filled in: for
/// `kennisbank check`.
pub fn unfilled(config: &Config) -> Vec<Diagnostic> {
    let org = &config.site.organisation;
    let mut found = Vec::new();
    // Only a section that is written (as `init` writes it, empty) is asked to be filled in:
    // a site without one has chosen the theme's neutral help texts.
    if span_of(&config.source, &[KeyStep::Key("organisation")]).is_none() {
        return found;
    }
    let missing = |k: &'static str, what: &str| {
        let path = [KeyStep::Key("organisation"), KeyStep::Key(k)];
        config.at(
            &path,
            Diagnostic::warning(format!("`[organisation] {k}` is empty: {what}")).with_hint(
                "fill in your organisation's facts in kennisbank.toml, under [organisation] (see the README)",
            ),
        )
    };
    if org.name.is_empty() {
        found.push(missing("name", "the footer and the course data name no organisation"));
    }
    if org.phone.is_empty() {
        found.push(missing("phone", "pages offer no number to call for advice, only the emergency number"));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_dialled_as_digits() {
        assert_eq!(dial("0800-2000"), "08002000");
        assert_eq!(dial("+31 (0)20 123"), "+31020123");
        assert!(is_dialable("0800-2000") && is_dialable("112") && is_dialable("+31 20 123 4567"));
        assert!(!is_dialable("12") && !is_dialable("bel ons") && !is_dialable("08+00"));
    }

    #[test]
    fn placeholders_escape_and_leave_out_what_is_empty() {
        let org = OrganisationConfig {
            name: "A & B".into(),
            phone: "0800-2000".into(),
            phone_note: "gratis".into(),
            translations: [(
                "en".into(),
                OrganisationTexts { phone_note: Some("free".into()), ..Default::default() },
            )]
            .into(),
            ..Default::default()
        };
        let nl = org.view("nl", "");
        let values = nl.placeholders();
        assert_eq!(values[0].1, "A &amp; B");
        assert_eq!(values[1].1, "<a href=\"tel:08002000\">0800-2000</a> (gratis)");
        assert_eq!(values[3].1, "<a href=\"tel:112\">112</a>");
        assert_eq!(org.view("en", "").phone.unwrap().note, "free");
        let empty = OrganisationConfig::default().view("nl", "");
        assert!(empty.phone.is_none());
        assert_eq!(empty.placeholders()[1].1, "");
    }
}
