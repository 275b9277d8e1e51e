//! Papers of one appeal laid out as documents: the registration and control
//! card (РКК) for the executor, and the notices to the applicant about a
//! redirection (59-ФЗ ст. 8 ч. 3) and an extension (ст. 12 ч. 2). Which paper
//! an appeal may have is decided in `mcu_core::papers`.
//!
//! The notices leave the outgoing number, date and signature as lines to fill
//! in by hand (or in the DOCX): they are the administration's, not the
//! program's.

use mcu_core::model::{AppealCard, AppealKind, AppealType, PaperKind};
use mcu_core::papers::{AppealPapers, greeting};
use mcu_docs::{Block, Document, Table};

use crate::d;

/// The document of `kind`. Call with papers from `Office::appeal_papers`,
/// which has already refused a paper the appeal cannot have.
pub fn paper_document(kind: PaperKind, p: &AppealPapers) -> Document {
    match kind {
        PaperKind::Card => control_card(p),
        PaperKind::RedirectNotice => redirect_notice(p),
        PaperKind::ExtensionNotice => extension_notice(p),
        PaperKind::Answer => answer_letter(p),
    }
}

/// «Карточка_2026-00042.pdf»: the file name of a paper, without the extension.
pub fn file_stem(kind: PaperKind, number: &str) -> String {
    let what = match kind {
        PaperKind::Card => "Карточка",
        PaperKind::RedirectNotice => "Уведомление_о_переадресации",
        PaperKind::ExtensionNotice => "Уведомление_о_продлении",
        PaperKind::Answer => "Ответ",
    };
    let number: String = number
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{what}_{number}")
}

/// `2026-11-02T08:46` as «02.11.2026 08:46»; anything else as it is.
fn when(s: &str) -> String {
    mcu_core::period::parse_datetime(s)
        .map(|t| t.format("%d.%m.%Y %H:%M").to_string())
        .unwrap_or_else(|| s.to_owned())
}

fn day_of(s: &str) -> String {
    mcu_core::period::parse_datetime(s)
        .map(|t| d(t.date()))
        .unwrap_or_else(|| s.to_owned())
}

/// «1 день», «3 дня», «30 дней».
fn days(n: u32) -> String {
    let word = match (n % 10, n % 100) {
        (1, r) if r != 11 => "день",
        (2..=4, r) if !(12..=14).contains(&r) => "дня",
        _ => "дней",
    };
    format!("{n} {word}")
}

fn pairs(items: &[(&str, String)]) -> Block {
    Block::KeyValues(
        items
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

fn heading(text: &str) -> Block {
    Block::Heading {
        level: 2,
        text: text.to_owned(),
    }
}

fn applicant(c: &AppealCard) -> String {
    if c.draft.anonymous && c.draft.applicant_name.is_empty() {
        "Анонимно".to_owned()
    } else {
        c.draft.applicant_name.clone()
    }
}

fn action_label(actions: &[mcu_core::reference::Term], code: &str) -> String {
    actions
        .iter()
        .find(|t| t.code == code)
        .map_or_else(|| code.to_owned(), |t| t.label.clone())
}

fn control_card(p: &AppealPapers) -> Document {
    let c = &p.card;
    let dr = &c.draft;
    let mut blocks = vec![
        heading("Поступление"),
        pairs(&[
            ("Канал", c.channel_name.clone()),
            ("Вид", c.kind_resolved.label().to_owned()),
            (
                "Тип",
                AppealType::from_code(&dr.appeal_type)
                    .map(|t| t.label().to_owned())
                    .unwrap_or_default(),
            ),
            ("Поступило", when(&dr.received_at)),
            ("Зарегистрировано", when(&dr.registered_at)),
            ("Внешний номер", dr.external_id.clone()),
            ("Ссылка", dr.external_url.clone()),
        ]),
        heading("Заявитель"),
        pairs(&[
            ("Ф.И.О.", applicant(c)),
            ("Почтовый адрес", dr.applicant_address.clone()),
            ("Телефон", dr.applicant_phone.clone()),
            ("Электронная почта", dr.applicant_email.clone()),
            (
                "Коллективное",
                if dr.signatories.is_empty() {
                    String::new()
                } else {
                    format!("подписавших: {}", dr.signatories)
                },
            ),
            (
                "Повторное к",
                if dr.repeated_of.is_empty() {
                    String::new()
                } else {
                    format!("№ {}", dr.repeated_of)
                },
            ),
        ]),
        heading("Содержание"),
        pairs(&[
            ("Населённый пункт", c.settlement_name.clone()),
            ("Адрес проблемы", dr.address.clone()),
        ]),
        Block::Paragraph(dr.text.clone()),
        Block::Bullets(
            c.question_views
                .iter()
                .map(|q| format!("{} {}", q.code, q.name))
                .collect(),
        ),
    ];

    let dl = &c.deadline;
    let due = if dl.official {
        d(dl.due_date)
    } else {
        format!("{} (по прогнозу календаря)", d(dl.due_date))
    };
    let extension = match (dl.original_due_date, dl.extension_days) {
        (Some(orig), Some(n)) => format!(
            "на {} (исходный срок {}); причина: {}",
            days(n),
            d(orig),
            dl.extension_reason
        ),
        _ => String::new(),
    };
    blocks.push(heading("Резолюция и контроль"));
    blocks.push(pairs(&[
        ("Отраслевой блок", c.block_name.clone()),
        ("Ответственный", c.person_name.clone()),
        ("Срок ответа", due),
        ("Правило срока", dl.rule_name.clone()),
        ("Продлено", extension),
        ("Направлено по компетенции", c.redirect_to.clone()),
        (
            "Оставлено без ответа",
            c.no_answer_ground
                .map(|g| g.label().to_owned())
                .unwrap_or_default(),
        ),
        ("Состояние", c.status.label().to_owned()),
        ("Примечание", dr.notes.clone()),
    ]));

    if let Some(a) = &c.answer {
        blocks.push(heading("Ответ"));
        blocks.push(pairs(&[
            ("Дата", d(a.date)),
            ("Исходящий номер", a.number.clone()),
            ("Способ", a.method.label().to_owned()),
            ("Результат", a.result.label().to_owned()),
            (
                "Оценка заявителя",
                c.satisfaction
                    .map(|s| s.label().to_owned())
                    .unwrap_or_default(),
            ),
        ]));
        if !a.summary.trim().is_empty() {
            blocks.push(Block::Paragraph(a.summary.clone()));
        }
    }

    blocks.push(heading("Ход рассмотрения"));
    // The labels once per card, not once per history row.
    let actions = mcu_core::reference::vocabulary().actions;
    blocks.push(Block::Table(Table {
        headers: ["Когда", "Кто", "Действие", "Поле", "Было", "Стало"]
            .map(String::from)
            .to_vec(),
        rows: c
            .history
            .iter()
            .map(|h| {
                vec![
                    h.at.format("%d.%m.%Y %H:%M").to_string(),
                    h.operator.clone(),
                    action_label(&actions, &h.action),
                    h.field_label.clone(),
                    h.old_value.clone(),
                    h.new_value.clone(),
                ]
            })
            .collect(),
        widths: vec![1.5, 1.6, 1.6, 1.5, 1.8, 1.8],
        numeric: Vec::new(),
    }));
    blocks.push(heading("Снято с контроля"));
    blocks.push(Block::KeyValues(vec![
        ("Дата".into(), "«____» ______________ 20____ г.".into()),
        (
            "Подпись".into(),
            "______________________ / ______________________".into(),
        ),
    ]));

    Document {
        title: format!(
            "Регистрационно-контрольная карточка\nобращения № {}",
            c.number
        ),
        org_header: crate::org_header(&p.office_name),
        subtitle: format!("{} · {}", c.kind_resolved.label(), c.status.label()),
        blocks,
        footer_note: crate::made_by(p.made_at, &p.operator),
    }
}

/// «Ваше обращение, поступившее 02.11.2026 и зарегистрированное 02.11.2026
/// за № 2026-02031, по вопросу «…»»: how both notices name the appeal.
fn appeal_named(c: &AppealCard) -> String {
    let questions: Vec<&str> = c.question_views.iter().map(|q| q.name.as_str()).collect();
    let about = if questions.is_empty() {
        String::new()
    } else {
        format!(" по вопросу «{}»", questions.join("; "))
    };
    format!(
        "Ваше обращение, поступившее {} и зарегистрированное {} за №\u{a0}{}{about}",
        day_of(&c.draft.received_at),
        day_of(&c.draft.registered_at),
        c.number
    )
}

const LAW: &str = "Федерального закона от 02.05.2006 № 59-ФЗ «О порядке рассмотрения обращений граждан Российской Федерации»";

/// Addressee, greeting, body, signature: the shape the letters share.
fn notice(p: &AppealPapers, title: &str, body: Vec<String>) -> Document {
    let c = &p.card;
    let dr = &c.draft;
    let blank = "________________________________________".to_owned();
    let address = if dr.applicant_address.trim().is_empty() {
        blank
    } else {
        dr.applicant_address.clone()
    };
    let mut blocks = vec![
        Block::KeyValues(
            [
                ("Кому", dr.applicant_name.clone()),
                ("Адрес", address),
                ("Электронная почта", dr.applicant_email.clone()),
            ]
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
        ),
        Block::Centered(greeting(&dr.applicant_name)),
    ];
    blocks.extend(body.into_iter().map(Block::Paragraph));
    blocks.push(signature(p));
    Document {
        title: title.to_owned(),
        org_header: crate::org_header(&p.office_name),
        subtitle: "исх. № ______________ от «____» ______________ 20____ г.".into(),
        blocks,
        footer_note: crate::made_by(p.made_at, &p.operator),
    }
}

/// The signer from the office's profile with a line to sign on; without one,
/// lines for the position and the name.
fn signature(p: &AppealPapers) -> Block {
    let line = "______________________";
    let (position, name) = (p.signer_position.trim(), p.signer_name.trim());
    if position.is_empty() && name.is_empty() {
        return Block::KeyValues(vec![
            ("Должность".into(), format!("{line}{line}")),
            ("Подпись".into(), format!("{line} / {line}")),
        ]);
    }
    let name = if name.is_empty() { line } else { name };
    let position = if position.is_empty() {
        "Подпись"
    } else {
        position
    };
    Block::KeyValues(vec![(position.to_owned(), format!("{line} {name}"))])
}

fn redirect_notice(p: &AppealPapers) -> Document {
    let c = &p.card;
    let sent = c
        .history
        .iter()
        .rev()
        .find(|h| h.action == "redirect")
        .map(|h| format!(" {}", d(h.at.date())))
        .unwrap_or_default();
    let law = if c.kind_resolved == AppealKind::Fz59 {
        format!(" в соответствии с частью 3 статьи 8 {LAW}")
    } else {
        String::new()
    };
    notice(
        p,
        "Уведомление о переадресации обращения",
        vec![
            format!(
                "{}{sent} направлено{law} для рассмотрения по компетенции: {}.",
                appeal_named(c),
                c.redirect_to.trim().trim_end_matches('.')
            ),
            "Ответ на обращение Вам направит орган (должностное лицо), в компетенцию которого входит решение поставленных в нём вопросов.".into(),
        ],
    )
}

fn extension_notice(p: &AppealPapers) -> Document {
    let c = &p.card;
    let dl = &c.deadline;
    let by = match dl.extension_days {
        Some(n) => format!("на {} — ", days(n)),
        None => String::new(),
    };
    let law = if c.kind_resolved == AppealKind::Fz59 {
        format!("В соответствии с частью 2 статьи 12 {LAW} срок")
    } else {
        "Срок".to_owned()
    };
    let mut body = vec![format!(
        "{} находится на рассмотрении. {law} его рассмотрения продлён {by}до {} включительно.",
        appeal_named(c),
        d(dl.due_date)
    )];
    if !dl.extension_reason.trim().is_empty() {
        body.push(format!(
            "Причина продления: {}.",
            dl.extension_reason.trim().trim_end_matches('.')
        ));
    }
    body.push(format!(
        "Ответ будет направлен Вам не позднее {}.",
        d(dl.due_date)
    ));
    notice(
        p,
        "Уведомление о продлении срока рассмотрения обращения",
        body,
    )
}

/// The answer letter: the recorded answer (its outgoing number and date in the
/// header), or, before it is recorded, lines for the executor to write it on.
fn answer_letter(p: &AppealPapers) -> Document {
    let c = &p.card;
    let blank = "______________________________________________________________________";
    let mut body = vec![format!("{} рассмотрено.", appeal_named(c))];
    match &c.answer {
        Some(a) if !a.summary.trim().is_empty() => body.push(a.summary.trim().to_owned()),
        _ => body.push([blank; 6].join("\n")),
    }
    let mut doc = notice(p, "Ответ на обращение", body);
    if let Some(a) = &c.answer {
        let number = if a.number.trim().is_empty() {
            "______________".to_owned()
        } else {
            a.number.trim().to_owned()
        };
        doc.subtitle = format!("исх. № {number} от {}", d(a.date));
    }
    doc
}

#[cfg(test)]
mod tests;
