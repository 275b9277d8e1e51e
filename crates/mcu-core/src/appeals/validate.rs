//! Turns what the operator typed ([`AppealDraft`]) into a validated
//! [`AppealInput`], or returns every field error at once, each with the field
//! name and a Russian message. Nothing here writes: the caller keeps the draft.

use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::db::lookup::ConnLookup;

use crate::error::FieldError;
use crate::model::{AppealDraft, AppealInput, AppealKind, AppealType, Channel, Lookup};
use crate::validate::{Errors, max_len, past_datetime};

/// The longest text we accept: large letters fit, a pasted book does not.
pub const MAX_TEXT_CHARS: usize = 1_000_000;

/// [`validate_draft`] against the reference data and appeals as the caller's
/// connection sees them (an import's transaction, a preview's read).
pub fn check_draft(
    c: &Connection,
    d: &AppealDraft,
    now: NaiveDateTime,
    editing: Option<i64>,
) -> Result<AppealInput, Vec<FieldError>> {
    validate_draft(d, &ConnLookup(c), now, editing)
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
    let (received_at, registered_at) = moments(&mut e, d, now);
    let (channel, kind) = channel_and_kind(&mut e, d, lookup);
    let appeal_type = appeal_type(&mut e, &d.appeal_type);
    let applicant = applicant(&mut e, d);
    let signatories = signatories(&mut e, &d.signatories);
    let repeated_of = repeated_of(&mut e, &d.repeated_of, lookup, editing, registered_at);
    let settlement_id = place(&mut e, d, lookup);
    text(&mut e, &d.text);
    let external_id = external_id(&mut e, &d.external_id, kind, lookup, editing);
    let external_url = external_url(&mut e, &d.external_url);
    let questions = questions(&mut e, &d.questions, lookup);
    let (block_id, person_id) = resolve_assignment(&mut e, lookup, &d.block, &d.person, false);
    max_len(&mut e, "notes", &d.notes, 100_000, "примечание");

    e.into_result(|| AppealInput {
        received_at: received_at.expect("checked"),
        registered_at: registered_at.expect("checked"),
        channel: channel.expect("checked").code,
        kind: kind.expect("checked"),
        appeal_type: appeal_type.expect("checked"),
        anonymous: d.anonymous,
        applicant_name: applicant.name,
        applicant_address: applicant.address,
        applicant_phone: applicant.phone,
        applicant_email: applicant.email,
        signatories,
        repeated_of,
        settlement_id,
        address: d.address.trim().to_owned(),
        text: d.text.clone(),
        external_id,
        external_url,
        questions,
        block_id,
        person_id,
        notes: d.notes.clone(),
    })
}

/// Receipt and registration: given, parseable, not in the future, in order.
fn moments(
    e: &mut Errors,
    d: &AppealDraft,
    now: NaiveDateTime,
) -> (Option<NaiveDateTime>, Option<NaiveDateTime>) {
    let received_at = past_datetime(e, "received_at", &d.received_at, "дату поступления", now);
    let registered_at = past_datetime(
        e,
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
    (received_at, registered_at)
}

/// The channel, and the kind: typed, or the channel's default.
fn channel_and_kind(
    e: &mut Errors,
    d: &AppealDraft,
    lookup: &dyn Lookup,
) -> (Option<Channel>, Option<AppealKind>) {
    let channel = match d.channel.trim() {
        "" => {
            e.add("channel", "Выберите канал поступления.");
            None
        }
        code => {
            let c = lookup.channel(code);
            if c.is_none() {
                e.add("channel", format!("Неизвестный канал «{code}»."));
            }
            c
        }
    };
    let kind = match d.kind.trim() {
        "" => channel.as_ref().map(|c| c.default_kind),
        code => {
            let k = AppealKind::from_code(code);
            if k.is_none() {
                e.add(
                    "kind",
                    format!("Неизвестный вид «{code}»: 59fz, pos или im."),
                );
            }
            k
        }
    };
    if kind.is_none() && channel.is_some() {
        e.add(
            "kind",
            "Выберите вид: обращение по 59-ФЗ, сообщение ПОС или инцидент.",
        );
    }
    (channel, kind)
}

fn appeal_type(e: &mut Errors, raw: &str) -> Option<AppealType> {
    match raw.trim() {
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
    }
}

/// The applicant's particulars, trimmed.
struct Applicant {
    name: String,
    address: String,
    phone: String,
    email: String,
}

fn applicant(e: &mut Errors, d: &AppealDraft) -> Applicant {
    let name = d.applicant_name.trim();
    if !d.anonymous && name.is_empty() {
        e.add(
            "applicant_name",
            "Укажите ФИО заявителя или отметьте «Анонимно».",
        );
    }
    max_len(e, "applicant_name", name, 300, "ФИО");
    let address = d.applicant_address.trim();
    max_len(e, "applicant_address", address, 1000, "почтовый адрес");
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
    Applicant {
        name: name.to_owned(),
        address: address.to_owned(),
        phone: phone.to_owned(),
        email: email.to_owned(),
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

/// Signatories of a collective appeal; empty for an individual one.
fn signatories(e: &mut Errors, raw: &str) -> Option<u32> {
    match raw.trim() {
        "" => None,
        s => match s.parse::<u32>() {
            Ok(n) if (2..=1_000_000).contains(&n) => Some(n),
            Ok(_) => {
                e.add(
                    "signatories",
                    "Коллективное обращение подписывают не менее 2 человек; для индивидуального оставьте поле пустым.",
                );
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
    }
}

/// The earlier appeal this one repeats: it exists, is not this one, and was
/// registered no later than this one.
fn repeated_of(
    e: &mut Errors,
    raw: &str,
    lookup: &dyn Lookup,
    editing: Option<i64>,
    registered_at: Option<NaiveDateTime>,
) -> Option<i64> {
    let num = raw.trim();
    if num.is_empty() {
        return None;
    }
    match lookup.appeal_by_number(num) {
        None => {
            e.add("repeated_of", format!("Обращение № {num} не найдено."));
            None
        }
        Some((id, _)) if Some(id) == editing => {
            e.add("repeated_of", "Обращение не может повторять само себя.");
            None
        }
        Some((id, at)) => {
            if registered_at.is_some_and(|rg| at > rg) {
                e.add(
                    "repeated_of",
                    format!("Обращение № {num} зарегистрировано позже этого."),
                );
            }
            Some(id)
        }
    }
}

/// Where the problem is: a settlement of the reference and an address.
fn place(e: &mut Errors, d: &AppealDraft, lookup: &dyn Lookup) -> Option<i64> {
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
    max_len(e, "address", d.address.trim(), 1000, "адрес");
    settlement_id
}

fn text(e: &mut Errors, text: &str) {
    if text.trim().is_empty() {
        e.add("text", "Введите текст обращения.");
    }
    max_len(e, "text", text, MAX_TEXT_CHARS, "текст");
}

/// The number at the source (ПОС, «Инцидент Менеджмент»): unique per kind.
fn external_id(
    e: &mut Errors,
    raw: &str,
    kind: Option<AppealKind>,
    lookup: &dyn Lookup,
    editing: Option<i64>,
) -> Option<String> {
    let x = raw.trim();
    if x.is_empty() {
        return None;
    }
    max_len(e, "external_id", x, 200, "внешний номер");
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

fn external_url(e: &mut Errors, raw: &str) -> String {
    let url = raw.trim();
    if !(url.is_empty() || url.starts_with("http://") || url.starts_with("https://")) {
        e.add(
            "external_url",
            "Ссылка должна начинаться с http:// или https://.",
        );
    }
    max_len(e, "external_url", url, 2000, "ссылка");
    url.to_owned()
}

/// The ТОТК codes of the questions: known, each once, at least one.
fn questions(e: &mut Errors, raw: &[String], lookup: &dyn Lookup) -> Vec<String> {
    let mut questions: Vec<String> = Vec::new();
    for (i, q) in raw.iter().enumerate() {
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
    if questions.is_empty() && !raw.iter().any(|q| !q.trim().is_empty()) {
        e.add("questions", "Укажите хотя бы один вопрос (код ТОТК).");
    }
    questions
}

/// A sector block (by code or name) and a responsible person (by full name)
/// who answers for it: the form's fields and the «Назначить» action alike.
/// With `block_required` an empty block is an error; otherwise a person
/// without a block is.
pub(crate) fn resolve_assignment(
    e: &mut Errors,
    lookup: &dyn Lookup,
    block: &str,
    person: &str,
    block_required: bool,
) -> (Option<i64>, Option<i64>) {
    let block = block.trim();
    let block_id = match block {
        "" => {
            if block_required {
                e.add("block", "Выберите отраслевой блок.");
            }
            None
        }
        b => {
            let id = lookup.block_id(b);
            if id.is_none() {
                e.add("block", format!("Отраслевой блок «{b}» не найден."));
            }
            id
        }
    };
    let person_id = match person.trim() {
        "" => None,
        p => match lookup.person(p) {
            None => {
                e.add("person", format!("Ответственное лицо «{p}» не найдено."));
                None
            }
            Some((id, blocks)) => {
                if block.is_empty() {
                    if !block_required {
                        e.add("block", "Выберите отраслевой блок ответственного лица.");
                    }
                } else if let Some(b) = block_id
                    && !blocks.contains(&b)
                {
                    e.add("person", format!("{p} не отвечает за выбранный блок."));
                }
                Some(id)
            }
        },
    };
    (block_id, person_id)
}
