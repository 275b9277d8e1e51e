//! Masking of applicants' personal data (персональные данные, 152-ФЗ) for
//! everything that leaves the office: full names become initials, phones and
//! e-mails are hidden, an address is reduced to its settlement, and free text
//! loses phone numbers, e-mail addresses and the applicant's own name.
//! Pure functions, so every export masks the same way.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Whether an export shows applicants' personal data. Masked is the default:
/// an unmasked export must be asked for explicitly.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PersonalData {
    #[default]
    Masked,
    Full,
}

/// What a hidden phone or e-mail shows.
pub const HIDDEN: &str = "скрыто";
/// What replaces a phone number inside text.
pub const PHONE_MARK: &str = "[телефон]";
/// What replaces an e-mail address inside text.
pub const EMAIL_MARK: &str = "[e-mail]";
/// What replaces the applicant's name inside text.
pub const NAME_MARK: &str = "[заявитель]";

/// «Петров Пётр Петрович» → «П. П. П.»; empty stays empty.
pub fn initials(full_name: &str) -> String {
    full_name
        .split(|c: char| c.is_whitespace() || c == '.')
        .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
        // One letter per word even where the capital is two characters (ﬀ, ὐ).
        .map(|c| {
            c.to_uppercase()
                .next()
                .filter(|u| u.is_alphabetic())
                .unwrap_or(c)
        })
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A phone or e-mail as shown in a masked export: «скрыто» when there was one.
pub fn hide(value: &str) -> String {
    if value.trim().is_empty() {
        String::new()
    } else {
        HIDDEN.to_owned()
    }
}

/// An address reduced to the settlement (street and house dropped).
pub fn address_to_settlement(_address: &str, settlement: &str) -> String {
    settlement.to_owned()
}

fn is_email_char(c: char) -> bool {
    c.is_alphanumeric() || "._%+-".contains(c)
}

/// Free text without e-mail addresses, phone numbers (a run of 5+ digits,
/// possibly split by spaces, dashes, pluses or brackets (not dots: dates stay), with an optional +)
/// and the words of `name` (3+ letters, any case).
pub fn scrub_text(text: &str, name: &str) -> String {
    let text = scrub_emails(text);
    let text = scrub_phones(&text);
    scrub_name(&text, name)
}

fn scrub_emails(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '@' {
            let mut start = out.chars().count();
            let mut kept: Vec<char> = out.chars().collect();
            while start > 0 && is_email_char(kept[start - 1]) {
                start -= 1;
            }
            let mut end = i + 1;
            while end < chars.len() && is_email_char(chars[end]) {
                end += 1;
            }
            // A full stop after the address ends the sentence, not the address.
            while end > i + 1 && chars[end - 1] == '.' {
                end -= 1;
            }
            kept.truncate(start);
            out = kept.into_iter().collect();
            out.push_str(EMAIL_MARK);
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn scrub_phones(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() || (c == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            // The longest run of digits and separators starting here.
            let mut end = i;
            let mut digits = 0;
            let mut last_digit = i;
            while end < chars.len() {
                let d = chars[end];
                if d.is_ascii_digit() {
                    digits += 1;
                    last_digit = end;
                } else if !" -()+\u{a0}".contains(d) {
                    break;
                }
                end += 1;
            }
            if digits >= 5 {
                out.push_str(PHONE_MARK);
                i = last_digit + 1;
                continue;
            }
            out.extend(&chars[i..=last_digit.max(i)]);
            i = last_digit.max(i) + 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

fn scrub_name(text: &str, name: &str) -> String {
    let words: Vec<Vec<char>> = name
        .split(|c: char| !c.is_alphabetic() && c != '-')
        .filter(|w| w.chars().count() >= 3)
        .map(|w| w.chars().flat_map(char::to_lowercase).collect())
        .collect();
    if words.is_empty() {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'outer: while i < chars.len() {
        let word_start = i == 0 || !chars[i - 1].is_alphabetic();
        for w in words.iter().filter(|_| word_start) {
            if lower[i..].starts_with(w) {
                out.push_str(NAME_MARK);
                i += w.len();
                // The rest of the word (a case ending: Петрова, Петрову).
                while i < chars.len() && chars[i].is_alphabetic() {
                    i += 1;
                }
                continue 'outer;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_become_initials() {
        assert_eq!(initials("Петров Пётр Петрович"), "П. П. П.");
        assert_eq!(initials("  ёлкин  иван "), "Ё. И.");
        assert_eq!(initials("Иванова А.Б."), "И. А. Б.");
        assert_eq!(initials(""), "");
    }

    #[test]
    fn phones_emails_and_names_leave_text() {
        let t = "Звоните +7 (927) 123-45-67 или пишите ivan.petrov@mail.ru. Петровы из дома 12, кв. 5; Петрову П.";
        let s = scrub_text(t, "Петров Пётр");
        assert_eq!(
            s,
            "Звоните [телефон] или пишите [e-mail]. [заявитель] из дома 12, кв. 5; [заявитель] П."
        );
        assert_eq!(hide(""), "");
        assert_eq!(hide("8 800"), "скрыто");
        assert_eq!(
            address_to_settlement("ул. Ленина, 5", "Пестравка"),
            "Пестравка"
        );
    }

    fn digits_run(s: &str) -> usize {
        let mut best = 0;
        let mut run = 0;
        for c in s.chars() {
            if c.is_ascii_digit() {
                run += 1;
                best = best.max(run);
            } else if !" -()+".contains(c) {
                run = 0;
            }
        }
        best
    }

    proptest! {
        #[test]
        fn scrubbed_text_keeps_no_contacts(
            before in "[а-яА-Я ,.0-9]{0,30}",
            phone in "\\+?[0-9][0-9 ()-]{6,16}[0-9]",
            user in "[bcd][a-z0-9._]{2,10}",
            domain in "[a-z]{2,8}\\.(ru|com)",
            after in "[а-яА-Я ,.]{0,30}",
        ) {
            let text = format!("{before} {phone} {user}@{domain} {after}");
            let s = scrub_text(&text, "");
            prop_assert!(!s.contains('@'), "{}", s);
            prop_assert!(digits_run(&s) < 5, "{}", s);
            prop_assert!(!s.contains(&user), "{}", s);
        }

        #[test]
        fn scrubbed_text_keeps_no_name(
            surname in "[БВГДЖЗКЛМНПРСТФХ][аеиоуы][бвгджзклмнпрст]{2,6}",
            text in "[аеиоуэюя ,.]{0,40}",
        ) {
            let with_name = format!("{text} {surname}а {text} {}", surname.to_uppercase());
            let s = scrub_text(&with_name, &format!("{surname} Иван"));
            prop_assert!(!s.to_lowercase().contains(&surname.to_lowercase()), "{}", s);
        }

        #[test]
        fn initials_are_short_and_only_letters_and_dots(name in "\\PC{0,40}") {
            let i = initials(&name);
            prop_assert!(i.chars().all(|c| c.is_alphabetic() || c == '.' || c == ' '), "{}", i);
            prop_assert!(i.split(' ').all(|w| w.is_empty() || w.chars().count() <= 3));
        }
    }
}
