//! Papers printed from an appeal's card: the registration and control card
//! (РКК) that goes to the executor, the two notices 59-ФЗ obliges the
//! office to send the applicant (redirection, ст. 8 ч. 3; extension, ст. 12
//! ч. 2), and the answer letter (a draft to complete, or the recorded
//! answer). This module decides which papers an appeal can have and why not;
//! `mcu-reports` lays them out.

use chrono::NaiveDateTime;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CoreError, CoreResult};
use crate::model::{AppealCard, PaperKind, Status};
use crate::office::Office;
use chrono::NaiveDate;

/// A paper as offered on the card: available, or the reason it is not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PaperOption {
    pub kind: PaperKind,
    pub label: String,
    /// Empty when the paper can be made; otherwise why not, in Russian.
    pub unavailable: String,
}

/// Everything a paper of one appeal is made from.
#[derive(Debug, Clone, PartialEq)]
pub struct AppealPapers {
    pub card: AppealCard,
    /// The header of the office's documents (settings `office_name`).
    pub office_name: String,
    pub made_at: NaiveDateTime,
    /// Who prepared the paper («Исп.» of a letter).
    pub operator: String,
    /// Who signs letters (the office's profile); empty leaves lines to fill in.
    pub signer_position: String,
    pub signer_name: String,
}

/// Why `kind` cannot be made for this appeal, or `None` when it can.
pub fn unavailable(card: &AppealCard, kind: PaperKind) -> Option<&'static str> {
    let anonymous = card.draft.anonymous || card.draft.applicant_name.trim().is_empty();
    match kind {
        PaperKind::Card => None,
        PaperKind::Answer if anonymous => Some("Обращение анонимное: ответ направить некому."),
        _ if anonymous => Some("Обращение анонимное: уведомление направить некому."),
        PaperKind::RedirectNotice if card.redirect_to.trim().is_empty() => {
            Some("Обращение не направлялось по компетенции.")
        }
        PaperKind::ExtensionNotice if card.deadline.original_due_date.is_none() => {
            Some("Срок рассмотрения не продлевался.")
        }
        // The answer of a redirected appeal is the other body's to give; one
        // left without an answer (ст. 11) gets none.
        PaperKind::Answer if card.status == Status::Redirected => {
            Some("Обращение направлено по компетенции: ответ даст тот орган.")
        }
        PaperKind::Answer if card.status == Status::NoAnswer => {
            Some("Обращение оставлено без ответа по существу (ст. 11 59-ФЗ).")
        }
        _ => None,
    }
}

/// The papers of the card, in the order the card offers them.
pub fn options(card: &AppealCard) -> Vec<PaperOption> {
    PaperKind::ALL
        .iter()
        .map(|&kind| PaperOption {
            kind,
            label: kind.label().to_owned(),
            unavailable: unavailable(card, kind).unwrap_or_default().to_owned(),
        })
        .collect()
}

/// Refuses a paper the appeal cannot have, at the field `kind`.
pub fn check(card: &AppealCard, kind: PaperKind) -> CoreResult<()> {
    match unavailable(card, kind) {
        Some(why) => Err(CoreError::field("kind", why)),
        None => Ok(()),
    }
}

/// «Уважаемый Иван Петрович!» from «Петров Иван Петрович»: the name and
/// patronymic, and the form of address by the patronymic's ending (Russian
/// patronymics end in -вич/-ич for men, -вна/-чна/-шна for women); without a
/// patronymic, «Уважаемый(ая)» and the name as written.
pub fn greeting(full_name: &str) -> String {
    let parts: Vec<&str> = full_name.split_whitespace().collect();
    // «оглы»/«кызы» are part of a Turkic patronymic: «Руслан Гейдар оглы».
    let (name, patronymic) = match parts.as_slice() {
        [_, name, rest @ ..] if !rest.is_empty() => {
            let patronymic = rest.join(" ");
            (format!("{name} {patronymic}"), patronymic)
        }
        _ => (parts.join(" "), String::new()),
    };
    let p = patronymic.to_lowercase();
    let form = if p.ends_with("ич") || p.ends_with("оглы") {
        "Уважаемый"
    } else if p.ends_with("на") || p.ends_with("кызы") {
        "Уважаемая"
    } else {
        "Уважаемый(ая)"
    };
    format!("{form} {name}!")
}

impl Office {
    /// The papers the card offers, each available or with the reason it is not.
    pub fn paper_options(&self, id: i64, today: NaiveDate) -> CoreResult<Vec<PaperOption>> {
        Ok(crate::papers::options(&self.card(id, today)?))
    }

    /// What a paper of the appeal is made from; refused at the field `kind`
    /// when the appeal cannot have it (an anonymous applicant, no redirection,
    /// no extension).
    pub fn appeal_papers(
        &self,
        id: i64,
        kind: PaperKind,
        made_at: NaiveDateTime,
        operator: &str,
    ) -> CoreResult<crate::papers::AppealPapers> {
        let card = self.card(id, made_at.date())?;
        crate::papers::check(&card, kind)?;
        let profile = self.office_profile()?;
        Ok(crate::papers::AppealPapers {
            card,
            office_name: profile.name,
            made_at,
            operator: operator.to_owned(),
            signer_position: profile.signer_position,
            signer_name: profile.signer_name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greeting_takes_the_form_of_address_from_the_patronymic() {
        assert_eq!(greeting("Петров Иван Петрович"), "Уважаемый Иван Петрович!");
        assert_eq!(
            greeting("Ильина  Анна Кузьминична"),
            "Уважаемая Анна Кузьминична!"
        );
        assert_eq!(
            greeting("Алиев Руслан Гейдар оглы"),
            "Уважаемый Руслан Гейдар оглы!"
        );
        assert_eq!(
            greeting("Алиева Лейла Гейдар кызы"),
            "Уважаемая Лейла Гейдар кызы!"
        );
        assert_eq!(greeting("Смит Джон"), "Уважаемый(ая) Смит Джон!");
        assert_eq!(greeting("Сидорова"), "Уважаемый(ая) Сидорова!");
    }
}
