//! What changed between two states of an appeal, as human-readable values
//! (names instead of ids, dates as people write them), so that the history
//! reads the same years later even if reference data is renamed.

use chrono::{NaiveDate, NaiveDateTime};

use crate::model::Appeal;

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// Which reference an id points to, for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ref {
    Block,
    Person,
    Settlement,
    Appeal,
}

/// The Russian label of an audited field code.
pub fn field_label(field: &str) -> &'static str {
    match field {
        "received_at" => "Дата поступления",
        "registered_at" => "Дата регистрации",
        "channel" => "Канал",
        "kind" => "Вид",
        "appeal_type" => "Тип",
        "anonymous" => "Анонимно",
        "applicant_name" => "ФИО заявителя",
        "applicant_address" => "Почтовый адрес",
        "applicant_phone" => "Телефон",
        "applicant_email" => "Электронная почта",
        "signatories" => "Число подписавших",
        "repeated_of" => "Повторное к",
        "settlement" => "Населённый пункт",
        "address" => "Адрес проблемы",
        "text" => "Текст",
        "external_id" => "Внешний номер",
        "external_url" => "Ссылка",
        "questions" => "Вопросы (ТОТК)",
        "block" => "Отраслевой блок",
        "person" => "Ответственный",
        "notes" => "Примечание",
        "status" => "Статус",
        "due_date" => "Срок",
        "first_response_due" => "Срок первичного ответа",
        "first_response_at" => "Первичный ответ",
        "original_due_date" => "Исходный срок",
        "extension_days" => "Продлено на дней",
        "extension_reason" => "Причина продления",
        "extension_notice_at" => "Уведомление о продлении",
        "redirect_to" => "Направлено в",
        "no_answer_ground" => "Основание без ответа",
        "answer_date" => "Дата ответа",
        "answer_number" => "Исходящий номер",
        "answer_method" => "Способ ответа",
        "answer_summary" => "Содержание ответа",
        "answer_result" => "Результат",
        "satisfaction" => "Оценка заявителя",
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

pub fn show_dt(v: NaiveDateTime) -> String {
    v.format("%d.%m.%Y %H:%M").to_string()
}

pub fn show_date(v: NaiveDate) -> String {
    v.format("%d.%m.%Y").to_string()
}

fn opt<T>(v: Option<T>, f: impl Fn(T) -> String) -> String {
    v.map(f).unwrap_or_default()
}

/// The changes from `old` to `new`; `name` resolves ids to display names.
pub fn diff(old: &Appeal, new: &Appeal, name: &dyn Fn(Ref, i64) -> String) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |field: &str, o: String, n: String| {
        if o != n {
            out.push(Change {
                field: field.to_owned(),
                old: o,
                new: n,
            });
        }
    };
    let yes_no = |b: bool| {
        if b {
            "да".to_owned()
        } else {
            "нет".to_owned()
        }
    };
    let r = |kind: Ref| move |id: i64| name(kind, id);

    push(
        "received_at",
        show_dt(old.received_at),
        show_dt(new.received_at),
    );
    push(
        "registered_at",
        show_dt(old.registered_at),
        show_dt(new.registered_at),
    );
    push("channel", old.channel.clone(), new.channel.clone());
    push("kind", old.kind.label().into(), new.kind.label().into());
    push(
        "appeal_type",
        old.appeal_type.label().into(),
        new.appeal_type.label().into(),
    );
    push("anonymous", yes_no(old.anonymous), yes_no(new.anonymous));
    push(
        "applicant_name",
        old.applicant_name.clone(),
        new.applicant_name.clone(),
    );
    push(
        "applicant_address",
        old.applicant_address.clone(),
        new.applicant_address.clone(),
    );
    push(
        "applicant_phone",
        old.applicant_phone.clone(),
        new.applicant_phone.clone(),
    );
    push(
        "applicant_email",
        old.applicant_email.clone(),
        new.applicant_email.clone(),
    );
    push(
        "signatories",
        opt(old.signatories, |v| v.to_string()),
        opt(new.signatories, |v| v.to_string()),
    );
    push(
        "repeated_of",
        opt(old.repeated_of, r(Ref::Appeal)),
        opt(new.repeated_of, r(Ref::Appeal)),
    );
    push(
        "settlement",
        opt(old.settlement_id, r(Ref::Settlement)),
        opt(new.settlement_id, r(Ref::Settlement)),
    );
    push("address", old.address.clone(), new.address.clone());
    push("text", old.text.clone(), new.text.clone());
    push(
        "external_id",
        old.external_id.clone().unwrap_or_default(),
        new.external_id.clone().unwrap_or_default(),
    );
    push(
        "external_url",
        old.external_url.clone(),
        new.external_url.clone(),
    );
    push(
        "questions",
        old.questions.join(", "),
        new.questions.join(", "),
    );
    push(
        "block",
        opt(old.block_id, r(Ref::Block)),
        opt(new.block_id, r(Ref::Block)),
    );
    push(
        "person",
        opt(old.person_id, r(Ref::Person)),
        opt(new.person_id, r(Ref::Person)),
    );
    push("notes", old.notes.clone(), new.notes.clone());
    push(
        "status",
        old.status.label().into(),
        new.status.label().into(),
    );
    push("due_date", show_date(old.due_date), show_date(new.due_date));
    push(
        "first_response_due",
        opt(old.first_response_due, show_dt),
        opt(new.first_response_due, show_dt),
    );
    push(
        "first_response_at",
        opt(old.first_response_at, show_dt),
        opt(new.first_response_at, show_dt),
    );
    push(
        "original_due_date",
        opt(old.original_due_date, show_date),
        opt(new.original_due_date, show_date),
    );
    push(
        "extension_days",
        opt(old.extension_days, |v| v.to_string()),
        opt(new.extension_days, |v| v.to_string()),
    );
    push(
        "extension_reason",
        old.extension_reason.clone(),
        new.extension_reason.clone(),
    );
    push(
        "extension_notice_at",
        opt(old.extension_notice_at, show_date),
        opt(new.extension_notice_at, show_date),
    );
    push(
        "redirect_to",
        old.redirect_to.clone(),
        new.redirect_to.clone(),
    );
    push(
        "no_answer_ground",
        opt(old.no_answer_ground, |g| g.label().into()),
        opt(new.no_answer_ground, |g| g.label().into()),
    );
    let (oa, na) = (old.answer.as_ref(), new.answer.as_ref());
    push(
        "answer_date",
        opt(oa.map(|a| a.date), show_date),
        opt(na.map(|a| a.date), show_date),
    );
    push(
        "answer_number",
        opt(oa, |a| a.number.clone()),
        opt(na, |a| a.number.clone()),
    );
    push(
        "answer_method",
        opt(oa, |a| a.method.label().into()),
        opt(na, |a| a.method.label().into()),
    );
    push(
        "answer_summary",
        opt(oa, |a| a.summary.clone()),
        opt(na, |a| a.summary.clone()),
    );
    push(
        "answer_result",
        opt(oa, |a| a.result.label().into()),
        opt(na, |a| a.result.label().into()),
    );
    push(
        "satisfaction",
        opt(old.satisfaction, |s| s.label().into()),
        opt(new.satisfaction, |s| s.label().into()),
    );
    out
}

/// Changes between two serialisable records (reference data), field by field.
pub fn json_changes<T: serde::Serialize>(old: Option<&T>, new: &T) -> Vec<Change> {
    let to_map = |v: serde_json::Value| match v {
        serde_json::Value::Object(m) => m,
        _ => serde_json::Map::new(),
    };
    let show = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Bool(b)) => {
            if *b {
                "да".into()
            } else {
                "нет".into()
            }
        }
        Some(other) => other.to_string(),
    };
    let old = old
        .map(|o| to_map(serde_json::to_value(o).unwrap_or_default()))
        .unwrap_or_default();
    let new = to_map(serde_json::to_value(new).unwrap_or_default());
    new.iter()
        .filter(|(k, _)| k.as_str() != "id")
        .filter_map(|(k, v)| {
            let (o, n) = (show(old.get(k)), show(Some(v)));
            (o != n).then(|| Change {
                field: k.clone(),
                old: o,
                new: n,
            })
        })
        .collect()
}
