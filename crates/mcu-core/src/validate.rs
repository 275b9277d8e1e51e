//! Turns what the operator typed ([`AppealDraft`]) into a validated
//! [`AppealInput`], or returns every field error at once, each with the field
//! name and a Russian message. Nothing here writes: the caller keeps the draft.

use chrono::{NaiveDate, NaiveDateTime};

use crate::period::parse_datetime;

use crate::error::FieldError;
use crate::model::{AppealDraft, AppealInput, AppealKind, AppealType, Channel};

/// The longest text we accept: large letters fit, a pasted book does not.
pub const MAX_TEXT_CHARS: usize = 1_000_000;

/// What validation needs to know about the database.
pub trait Lookup {
    fn channel(&self, code: &str) -> Option<Channel>;
    fn settlement_id(&self, name: &str) -> Option<i64>;
    /// By code or by name.
    fn block_id(&self, code_or_name: &str) -> Option<i64>;
    /// The person's id and the blocks they are responsible for.
    fn person(&self, full_name: &str) -> Option<(i64, Vec<i64>)>;
    fn topic_exists(&self, code: &str) -> bool;
    /// Id and registration moment of an appeal by its number.
    fn appeal_by_number(&self, number: &str) -> Option<(i64, NaiveDateTime)>;
    /// The appeal (id, number) already holding this external id for this kind.
    fn external_id_owner(&self, kind: AppealKind, external_id: &str) -> Option<(i64, String)>;
}

/// Collects field errors so that all of them are reported together.
#[derive(Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self.0)
        }
    }
}

/// Validates a moment that must not lie in the future.
pub fn past_datetime(
    errs: &mut Errors,
    field: &str,
    raw: &str,
    what: &str,
    now: NaiveDateTime,
) -> Option<NaiveDateTime> {
    if raw.trim().is_empty() {
        errs.add(field, format!("Укажите {what}."));
        return None;
    }
    let Some(v) = parse_datetime(raw) else {
        errs.add(
            field,
            format!(
                "Не удалось разобрать {what} «{}»: ожидается ДД.ММ.ГГГГ ЧЧ:ММ.",
                raw.trim()
            ),
        );
        return None;
    };
    // A minute of slack for clocks of two programs on one PC.
    if v > now + chrono::Duration::minutes(1) {
        errs.add(
            field,
            format!("{} не может быть в будущем.", capitalize(what)),
        );
        return None;
    }
    if v.date() < NaiveDate::from_ymd_opt(2000, 1, 1).expect("constant date") {
        errs.add(field, "Проверьте год: дата раньше 2000 года.");
        return None;
    }
    Some(v)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn max_len(errs: &mut Errors, field: &str, value: &str, max: usize, what: &str) {
    let n = value.chars().count();
    if n > max {
        errs.add(
            field,
            format!(
                "{} слишком длинное: {n} символов, допускается не более {max}.",
                capitalize(what)
            ),
        );
    }
}

fn valid_phone(p: &str) -> bool {
    let digits = p.chars().filter(char::is_ascii_digit).count();
    p.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) && (5..=15).contains(&digits)
}

fn valid_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.chars().any(char::is_whitespace)
}

/// Validates a draft. `editing` is the id of the appeal being edited (its own
/// external id and number are not conflicts).
pub fn validate_draft(
    d: &AppealDraft,
    lookup: &dyn Lookup,
    now: NaiveDateTime,
    editing: Option<i64>,
) -> Result<AppealInput, Vec<FieldError>> {
    let mut e = Errors::default();

    let received_at = past_datetime(
        &mut e,
        "received_at",
        &d.received_at,
        "дату поступления",
        now,
    );
    let registered_at = past_datetime(
        &mut e,
        "registered_at",
        &d.registered_at,
        "дату регистрации",
        now,
    );
    if let (Some(rc), Some(rg)) = (received_at, registered_at)
        && rg < rc
    {
        e.add(
            "registered_at",
            "Дата регистрации не может быть раньше даты поступления.",
        );
    }

    let channel = if d.channel.trim().is_empty() {
        e.add("channel", "Выберите канал поступления.");
        None
    } else {
        let c = lookup.channel(d.channel.trim());
        if c.is_none() {
            e.add(
                "channel",
                format!("Неизвестный канал «{}».", d.channel.trim()),
            );
        }
        c
    };

    let kind = if d.kind.trim().is_empty() {
        channel.as_ref().map(|c| c.default_kind)
    } else {
        let k = AppealKind::from_code(d.kind.trim());
        if k.is_none() {
            e.add(
                "kind",
                format!("Неизвестный вид «{}»: 59fz, pos или im.", d.kind.trim()),
            );
        }
        k
    };
    if kind.is_none() && channel.is_some() {
        e.add(
            "kind",
            "Выберите вид: обращение по 59-ФЗ, сообщение ПОС или инцидент.",
        );
    }

    let appeal_type = match d.appeal_type.trim() {
        "" => {
            e.add(
                "appeal_type",
                "Выберите тип: предложение, заявление, жалоба, запрос или не обращение.",
            );
            None
        }
        t => {
            let v = AppealType::from_code(t);
            if v.is_none() {
                e.add("appeal_type", format!("Неизвестный тип «{t}»."));
            }
            v
        }
    };

    let name = d.applicant_name.trim();
    if !d.anonymous && name.is_empty() {
        e.add(
            "applicant_name",
            "Укажите ФИО заявителя или отметьте «Анонимно».",
        );
    }
    max_len(&mut e, "applicant_name", name, 300, "ФИО");
    max_len(
        &mut e,
        "applicant_address",
        d.applicant_address.trim(),
        1000,
        "почтовый адрес",
    );
    let phone = d.applicant_phone.trim();
    if !phone.is_empty() && !valid_phone(phone) {
        e.add(
            "applicant_phone",
            "Телефон: только цифры, пробелы, +, -, скобки; от 5 до 15 цифр.",
        );
    }
    let email = d.applicant_email.trim();
    if !email.is_empty() && !valid_email(email) {
        e.add(
            "applicant_email",
            format!("Адрес электронной почты «{email}» записан неверно."),
        );
    }

    let signatories = match d.signatories.trim() {
        "" => None,
        s => match s.parse::<u32>() {
            Ok(n) if (2..=1_000_000).contains(&n) => Some(n),
            Ok(_) => {
                e.add("signatories", "Коллективное обращение подписывают не менее 2 человек; для индивидуального оставьте поле пустым.");
                None
            }
            Err(_) => {
                e.add(
                    "signatories",
                    format!("Число подписавших должно быть целым числом, а не «{s}»."),
                );
                None
            }
        },
    };

    let repeated_of = match d.repeated_of.trim() {
        "" => None,
        num => match lookup.appeal_by_number(num) {
            None => {
                e.add("repeated_of", format!("Обращение № {num} не найдено."));
                None
            }
            Some((id, _)) if Some(id) == editing => {
                e.add("repeated_of", "Обращение не может повторять само себя.");
                None
            }
            Some((id, at)) => {
                if let Some(rg) = registered_at
                    && at > rg
                {
                    e.add(
                        "repeated_of",
                        format!("Обращение № {num} зарегистрировано позже этого."),
                    );
                }
                Some(id)
            }
        },
    };

    let settlement_id = match d.settlement.trim() {
        "" => None,
        s => {
            let id = lookup.settlement_id(s);
            if id.is_none() {
                e.add(
                    "settlement",
                    format!("Населённый пункт «{s}» не найден в справочнике."),
                );
            }
            id
        }
    };
    max_len(&mut e, "address", d.address.trim(), 1000, "адрес");

    if d.text.trim().is_empty() {
        e.add("text", "Введите текст обращения.");
    }
    max_len(&mut e, "text", &d.text, MAX_TEXT_CHARS, "текст");

    let external_id = match d.external_id.trim() {
        "" => None,
        x => {
            max_len(&mut e, "external_id", x, 200, "внешний номер");
            if let Some(k) = kind
                && let Some((owner, number)) = lookup.external_id_owner(k, x)
                && Some(owner) != editing
            {
                e.add(
                    "external_id",
                    format!("Внешний номер {x} уже зарегистрирован: № {number}."),
                );
            }
            Some(x.to_owned())
        }
    };
    let url = d.external_url.trim();
    if !(url.is_empty() || url.starts_with("http://") || url.starts_with("https://")) {
        e.add(
            "external_url",
            "Ссылка должна начинаться с http:// или https://.",
        );
    }
    max_len(&mut e, "external_url", url, 2000, "ссылка");

    let mut questions: Vec<String> = Vec::new();
    for (i, q) in d.questions.iter().enumerate() {
        let code = q.trim();
        if code.is_empty() {
            continue;
        }
        if !lookup.topic_exists(code) {
            e.add(
                &format!("questions.{i}"),
                format!("Код ТОТК «{code}» не найден в классификаторе."),
            );
        } else if questions.iter().any(|c| c == code) {
            e.add(
                &format!("questions.{i}"),
                format!("Вопрос {code} указан дважды."),
            );
        } else {
            questions.push(code.to_owned());
        }
    }
    if questions.is_empty() && !d.questions.iter().any(|q| !q.trim().is_empty()) {
        e.add("questions", "Укажите хотя бы один вопрос (код ТОТК).");
    }

    let block_id = match d.block.trim() {
        "" => None,
        b => {
            let id = lookup.block_id(b);
            if id.is_none() {
                e.add("block", format!("Отраслевой блок «{b}» не найден."));
            }
            id
        }
    };
    let person_id = match d.person.trim() {
        "" => None,
        p => match lookup.person(p) {
            None => {
                e.add("person", format!("Ответственное лицо «{p}» не найдено."));
                None
            }
            Some((id, blocks)) => {
                if block_id.is_none() && d.block.trim().is_empty() {
                    e.add("block", "Выберите отраслевой блок ответственного лица.");
                } else if let Some(b) = block_id
                    && !blocks.contains(&b)
                {
                    e.add("person", format!("{p} не отвечает за выбранный блок."));
                }
                Some(id)
            }
        },
    };
    max_len(&mut e, "notes", &d.notes, 100_000, "примечание");

    e.into_result(|| AppealInput {
        received_at: received_at.expect("checked"),
        registered_at: registered_at.expect("checked"),
        channel: channel.expect("checked").code,
        kind: kind.expect("checked"),
        appeal_type: appeal_type.expect("checked"),
        anonymous: d.anonymous,
        applicant_name: name.to_owned(),
        applicant_address: d.applicant_address.trim().to_owned(),
        applicant_phone: phone.to_owned(),
        applicant_email: email.to_owned(),
        signatories,
        repeated_of,
        settlement_id,
        address: d.address.trim().to_owned(),
        text: d.text.clone(),
        external_id,
        external_url: url.to_owned(),
        questions,
        block_id,
        person_id,
        notes: d.notes.clone(),
    })
}
