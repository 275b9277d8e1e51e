//! The audited fields of an appeal, listed once: each field's code (the name
//! the form, the draft's JSON and the audit log use), its Russian label, and
//! how the history shows its value (names instead of ids, dates as people
//! write them, so the history reads the same years later even if reference
//! data is renamed). The audit diff and the labels are derived from these
//! lists; a test checks them against the draft's and the input's fields.
//! They are vocabularies like the others (`code_enum!`), so the UI and
//! scripts get the codes and labels too.

use chrono::{NaiveDate, NaiveDateTime};

use super::appeal::{Appeal, AppealInput};
use super::enums::code_enum;
use super::lookup::Ref;

code_enum! {
    /// The registration fields: what the form edits ([`AppealInput`]).
    InputField {
        ReceivedAt = "received_at": "Дата поступления",
        RegisteredAt = "registered_at": "Дата регистрации",
        Channel = "channel": "Канал",
        Kind = "kind": "Вид",
        AppealType = "appeal_type": "Тип",
        Anonymous = "anonymous": "Анонимно",
        ApplicantName = "applicant_name": "ФИО заявителя",
        ApplicantAddress = "applicant_address": "Почтовый адрес",
        ApplicantPhone = "applicant_phone": "Телефон",
        ApplicantEmail = "applicant_email": "Электронная почта",
        Signatories = "signatories": "Число подписавших",
        RepeatedOf = "repeated_of": "Повторное к",
        Settlement = "settlement": "Населённый пункт",
        Address = "address": "Адрес проблемы",
        Text = "text": "Текст",
        ExternalId = "external_id": "Внешний номер",
        ExternalUrl = "external_url": "Ссылка",
        Questions = "questions": "Вопросы (ТОТК)",
        Block = "block": "Отраслевой блок",
        Person = "person": "Ответственный",
        Notes = "notes": "Примечание",
    }
}

code_enum! {
    /// The fields the lifecycle changes: status, deadline, answer, rating.
    StateField {
        Status = "status": "Статус",
        DueDate = "due_date": "Срок",
        FirstResponseDue = "first_response_due": "Срок первичного ответа",
        FirstResponseAt = "first_response_at": "Первичный ответ",
        OriginalDueDate = "original_due_date": "Исходный срок",
        ExtensionDays = "extension_days": "Продлено на дней",
        ExtensionReason = "extension_reason": "Причина продления",
        ExtensionNoticeAt = "extension_notice_at": "Уведомление о продлении",
        RedirectTo = "redirect_to": "Направлено в",
        NoAnswerGround = "no_answer_ground": "Основание без ответа",
        AnswerDate = "answer_date": "Дата ответа",
        AnswerNumber = "answer_number": "Исходящий номер",
        AnswerMethod = "answer_method": "Способ ответа",
        AnswerSummary = "answer_summary": "Содержание ответа",
        AnswerResult = "answer_result": "Результат",
        Satisfaction = "satisfaction": "Оценка заявителя",
    }
}

/// Resolves an id of a reference to the name the history shows.
pub type NameOf<'a> = &'a dyn Fn(Ref, i64) -> String;

pub fn show_dt(v: NaiveDateTime) -> String {
    v.format("%d.%m.%Y %H:%M").to_string()
}

pub fn show_date(v: NaiveDate) -> String {
    v.format("%d.%m.%Y").to_string()
}

fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> String) -> String {
    v.map(f).unwrap_or_default()
}

fn yes_no(b: bool) -> String {
    if b { "да" } else { "нет" }.to_owned()
}

impl InputField {
    /// The field's value in `i` as the history shows it.
    pub fn show(self, i: &AppealInput, name: NameOf<'_>) -> String {
        let named = |kind: Ref, id: Option<i64>| opt(id, |id| name(kind, id));
        match self {
            InputField::ReceivedAt => show_dt(i.received_at),
            InputField::RegisteredAt => show_dt(i.registered_at),
            InputField::Channel => i.channel.clone(),
            InputField::Kind => i.kind.label().into(),
            InputField::AppealType => i.appeal_type.label().into(),
            InputField::Anonymous => yes_no(i.anonymous),
            InputField::ApplicantName => i.applicant_name.clone(),
            InputField::ApplicantAddress => i.applicant_address.clone(),
            InputField::ApplicantPhone => i.applicant_phone.clone(),
            InputField::ApplicantEmail => i.applicant_email.clone(),
            InputField::Signatories => opt(i.signatories, |v| v.to_string()),
            InputField::RepeatedOf => named(Ref::Appeal, i.repeated_of),
            InputField::Settlement => named(Ref::Settlement, i.settlement_id),
            InputField::Address => i.address.clone(),
            InputField::Text => i.text.clone(),
            InputField::ExternalId => i.external_id.clone().unwrap_or_default(),
            InputField::ExternalUrl => i.external_url.clone(),
            InputField::Questions => i.questions.join(", "),
            InputField::Block => named(Ref::Block, i.block_id),
            InputField::Person => named(Ref::Person, i.person_id),
            InputField::Notes => i.notes.clone(),
        }
    }
}

impl StateField {
    /// The field's value in `a` as the history shows it.
    pub fn show(self, a: &Appeal) -> String {
        let answer = a.answer.as_ref();
        match self {
            StateField::Status => a.status.label().into(),
            StateField::DueDate => show_date(a.due_date),
            StateField::FirstResponseDue => opt(a.first_response_due, show_dt),
            StateField::FirstResponseAt => opt(a.first_response_at, show_dt),
            StateField::OriginalDueDate => opt(a.original_due_date, show_date),
            StateField::ExtensionDays => opt(a.extension_days, |v| v.to_string()),
            StateField::ExtensionReason => a.extension_reason.clone(),
            StateField::ExtensionNoticeAt => opt(a.extension_notice_at, show_date),
            StateField::RedirectTo => a.redirect_to.clone(),
            StateField::NoAnswerGround => opt(a.no_answer_ground, |g| g.label().into()),
            StateField::AnswerDate => opt(answer.map(|x| x.date), show_date),
            StateField::AnswerNumber => opt(answer, |x| x.number.clone()),
            StateField::AnswerMethod => opt(answer, |x| x.method.label().into()),
            StateField::AnswerSummary => opt(answer, |x| x.summary.clone()),
            StateField::AnswerResult => opt(answer, |x| x.result.label().into()),
            StateField::Satisfaction => opt(a.satisfaction, |s| s.label().into()),
        }
    }
}

/// The Russian label of an audited field code, of an appeal or of any other
/// audited record (reference data, road-map measures, settings); "" when unknown.
pub fn field_label(field: &str) -> &'static str {
    if let Some(f) = InputField::from_code(field) {
        return f.label();
    }
    if let Some(f) = StateField::from_code(field) {
        return f.label();
    }
    match field {
        "reason" => "Причина",
        "note" => "Комментарий",
        "name" => "Наименование",
        "code" => "Код",
        "active" => "Действует",
        "problem" => "Проблема",
        "measure" => "Мероприятие",
        "theme" => "Социально значимая тема",
        "topic" => "Тема ТОТК",
        "responsible" => "Ответственное лицо",
        "start_date" => "Дата начала",
        "funding" => "Источник финансирования",
        "done_date" => "Дата выполнения",
        "result" => "Итог",
        "timeliness_weight" => "Рейтинг: вес соблюдения сроков",
        "measures_weight" => "Рейтинг: вес принятых мер",
        "satisfaction_weight" => "Рейтинг: вес удовлетворённости",
        "min_base" => "Рейтинг: минимум для места",
        "short_name" => "Краткое наименование",
        "indicators" => "Перечень показателей",
        // Settings (notifications, backups): their fields are audited by name.
        "enabled" => "Уведомления: показывать",
        "due_today" => "Уведомления: срок сегодня",
        "overdue" => "Уведомления: срок истёк",
        "first_response" => "Уведомления: первичный ответ",
        "first_response_warn_minutes" => "Уведомления: предупреждать за, мин",
        "digest_on_start" => "Уведомления: сводка при запуске",
        "interval_seconds" => "Уведомления: проверять каждые, с",
        "auto" => "Резервные копии: автоматически",
        "every_days" => "Резервные копии: раз в дней",
        "keep" => "Резервные копии: хранить автокопий",
        "folder" => "Резервные копии: папка",
        "district" => "Муниципальное образование",
        "population" => "Численность населения",
        "signer_position" => "Подписывает письма: должность",
        "signer_name" => "Подписывает письма: ФИО",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDateTime;

    use super::*;
    use crate::model::{AppealDraft, AppealKind, AppealType};

    fn keys<T: serde::Serialize>(v: &T) -> Vec<String> {
        match serde_json::to_value(v).unwrap() {
            serde_json::Value::Object(m) => m.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    fn input(n: i64) -> AppealInput {
        let at = NaiveDateTime::parse_from_str("2026-11-27T10:00:00", "%Y-%m-%dT%H:%M:%S").unwrap()
            + chrono::Duration::days(n);
        AppealInput {
            received_at: at,
            registered_at: at,
            channel: format!("c{n}"),
            kind: [AppealKind::Fz59, AppealKind::Pos][n as usize % 2],
            appeal_type: [AppealType::Complaint, AppealType::Request][n as usize % 2],
            anonymous: n % 2 == 1,
            applicant_name: format!("a{n}"),
            applicant_address: format!("b{n}"),
            applicant_phone: format!("p{n}"),
            applicant_email: format!("e{n}"),
            signatories: Some(n as u32 + 2),
            repeated_of: Some(n),
            settlement_id: Some(n),
            address: format!("d{n}"),
            text: format!("t{n}"),
            external_id: Some(format!("x{n}")),
            external_url: format!("u{n}"),
            questions: vec![format!("q{n}")],
            block_id: Some(n),
            person_id: Some(n),
            notes: format!("n{n}"),
        }
    }

    /// The form's draft, the validated input and the audited list name the
    /// same fields in the same order: a field added to one and not the
    /// others fails here.
    #[test]
    fn the_draft_the_input_and_the_audit_list_the_same_fields() {
        let listed: Vec<&str> = InputField::ALL.iter().map(|f| f.code()).collect();
        let mut draft = keys(&AppealDraft::default());
        let mut stored = keys(&input(0));
        let mut sorted = listed.clone();
        sorted.sort_unstable();
        draft.sort_unstable();
        stored.sort_unstable();
        assert_eq!(draft, sorted);
        assert_eq!(stored, sorted);
    }

    /// Every registration field shows its value: two inputs that differ in
    /// every field differ in every shown value.
    #[test]
    fn every_input_field_shows_its_own_value() {
        let name = |k: Ref, id: i64| format!("{k:?}{id}");
        let (a, b) = (input(0), input(1));
        for f in InputField::ALL {
            assert_ne!(f.show(&a, &name), f.show(&b, &name), "{}", f.code());
        }
    }

    #[test]
    fn labels_of_every_listed_field_and_none_for_unknown_ones() {
        for f in InputField::ALL {
            assert_eq!(field_label(f.code()), f.label());
            assert!(!f.label().is_empty());
        }
        for f in StateField::ALL {
            assert_eq!(field_label(f.code()), f.label());
        }
        assert_eq!(field_label("nonsense"), "");
    }
}
