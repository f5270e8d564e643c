//! Message catalogues (Fluent, under `locales/`), embedded at build time.
//! Templates call `t(key=…, lang=…)`; code calls [`t`] and [`t_args`].

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

use crate::domain::Locale;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        // No Unicode isolation marks around arguments: they show up as
        // stray characters in plain-text emails and in CSV.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

fn language(locale: Locale) -> LanguageIdentifier {
    match locale {
        Locale::Fr => fluent_templates::langid!("fr"),
        Locale::En => fluent_templates::langid!("en"),
    }
}

pub fn t(locale: Locale, key: &str) -> String {
    LOCALES.lookup(&language(locale), key)
}

pub fn t_args(locale: Locale, key: &str, args: &[(&str, String)]) -> String {
    if args.is_empty() {
        return t(locale, key);
    }
    let args: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(k, v)| {
            let value = match v.parse::<f64>() {
                Ok(n) => FluentValue::from(n),
                Err(_) => FluentValue::from(v.clone()),
            };
            (Cow::Owned(k.to_string()), value)
        })
        .collect();
    LOCALES.lookup_with_args(&language(locale), key, &args)
}

/// The tera function `t(key="…", lang="fr", name=value, …)`.
pub struct TeraTranslate;

impl tera::Function for TeraTranslate {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let key = args
            .get("key")
            .and_then(|v| v.as_str())
            .ok_or_else(|| tera::Error::msg("t() needs key=\"…\""))?;
        let locale = args
            .get("lang")
            .and_then(|v| v.as_str())
            .and_then(|l| l.parse().ok())
            .unwrap_or_default();
        let extra: Vec<(&str, String)> = args
            .iter()
            .filter(|(k, _)| k.as_str() != "key" && k.as_str() != "lang")
            .map(|(k, v)| {
                let value = match v {
                    tera::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.as_str(), value)
            })
            .collect();
        Ok(tera::Value::String(t_args(locale, key, &extra)))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_answer_and_take_arguments() {
        assert_eq!(t(Locale::Fr, "nav-home"), "Accueil");
        assert_eq!(t(Locale::En, "nav-home"), "Home");
        assert!(t_args(Locale::En, "error-too-long", &[("max", "80".into())]).contains("80"));
    }

    #[test]
    fn every_key_exists_in_both_languages() {
        let keys = |lang: &str| -> std::collections::BTreeSet<String> {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("locales")
                .join(lang);
            let mut keys = std::collections::BTreeSet::new();
            for entry in std::fs::read_dir(dir).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                keys.extend(
                    text.lines()
                        .filter(|l| !l.starts_with([' ', '#', '\t']) && l.contains(" ="))
                        .filter_map(|l| l.split(" =").next().map(str::to_string)),
                );
            }
            keys
        };
        let (kf, ke) = (keys("fr"), keys("en"));
        let missing_en: Vec<_> = kf.difference(&ke).collect();
        let missing_fr: Vec<_> = ke.difference(&kf).collect();
        assert!(missing_en.is_empty(), "missing in English: {missing_en:?}");
        assert!(missing_fr.is_empty(), "missing in French: {missing_fr:?}");
    }
}
