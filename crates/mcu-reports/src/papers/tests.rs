#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use chrono::NaiveDateTime;
use mcu_core::Actor;
use mcu_core::appeals::ActionRequest;
use mcu_core::model::{AppealDraft, PaperKind};
use mcu_core::{ErrorCode, Office};

use super::*;

fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-27T10:00", "%Y-%m-%dT%H:%M").unwrap()
}

fn actor() -> Actor<'static> {
    Actor {
        operator: "Иванова А.П.",
        at: now(),
    }
}

fn draft(name: &str, anonymous: bool) -> AppealDraft {
    AppealDraft {
        received_at: "2026-11-18T09:00".into(),
        registered_at: "2026-11-18T11:30".into(),
        channel: "letter".into(),
        appeal_type: "complaint".into(),
        anonymous,
        applicant_name: name.into(),
        applicant_address: "446160, с. Пестравка, ул. Мичурина, д. 5".into(),
        settlement: "Пестравка".into(),
        address: "ул. Ленина".into(),
        text: "Яма на дороге у школы.".into(),
        questions: vec!["0003.0009.0099.0742".into()],
        ..Default::default()
    }
}

/// An office in `dir` with one appeal of Петрова Анна Сергеевна; its id.
fn office(dir: &std::path::Path) -> (Office, i64) {
    let (office, _) = Office::open(&dir.join("mcu.sqlite"), now()).unwrap();
    let id = office
        .register(&draft("Петрова Анна Сергеевна", false), &actor())
        .unwrap();
    (office, id)
}

fn act(office: &Office, id: i64, req: ActionRequest) {
    let v = office.card(id, now().date()).unwrap().version;
    office.act(id, v, &req, &actor()).unwrap();
}

fn papers(office: &Office, id: i64, kind: PaperKind) -> AppealPapers {
    office
        .appeal_papers(id, kind, now(), "Иванова А.П.")
        .unwrap()
}

/// Fails with the whole text when any of `expected` is not in it.
fn has_all(text: &str, expected: &[&str]) {
    for e in expected {
        assert!(text.contains(e), "no «{e}» in:\n{text}");
    }
}

fn redirect(office: &Office, id: i64, to: &str) {
    act(
        office,
        id,
        ActionRequest::Redirect {
            addressee: to.into(),
        },
    );
}

fn text(kind: PaperKind, p: &AppealPapers) -> String {
    mcu_docs::to_text(&paper_document(kind, p))
}

#[test]
fn the_card_carries_the_registration_the_resolution_and_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let (office, id) = office(dir.path());
    act(
        &office,
        id,
        ActionRequest::Assign {
            block: "construction".into(),
            person: "Имангулов Алексей Валерьевич".into(),
        },
    );
    let p = papers(&office, id, PaperKind::Card);
    let t = text(PaperKind::Card, &p);
    has_all(
        &t,
        &[
            &format!("обращения № {}", p.card.number),
            "Муниципальный центр управления",
            "Поступило:",
            "18.11.2026 09:00",
            "Петрова Анна Сергеевна",
            "446160, с. Пестравка, ул. Мичурина, д. 5",
            "Яма на дороге у школы.",
            "0003.0009.0099.0742 Эксплуатация и сохранность автомобильных дорог",
            "Срок ответа:",
            &d(p.card.deadline.due_date),
            "Ход рассмотрения",
            "Регистрация",
            "Назначить ответственного",
            "Снято с контроля",
            "Сформировано 27.11.2026 10:00, дежурный Иванова А.П.",
        ],
    );
    // Empty fields are left out, not printed as empty labels.
    assert!(!t.contains("Телефон:"), "{t}");
    assert!(!t.contains("Продлено:"), "{t}");
}

#[test]
fn notices_are_refused_at_the_field_until_the_appeal_has_them() {
    let dir = tempfile::tempdir().unwrap();
    let (office, id) = office(dir.path());
    let options = office.paper_options(id, now().date()).unwrap();
    let unavailable: Vec<_> = options.iter().map(|o| o.unavailable.as_str()).collect();
    assert_eq!(
        unavailable,
        [
            "",
            "Обращение не направлялось по компетенции.",
            "Срок рассмотрения не продлевался.",
            ""
        ]
    );
    for kind in [PaperKind::RedirectNotice, PaperKind::ExtensionNotice] {
        let e = office
            .appeal_papers(id, kind, now(), "Иванова А.П.")
            .unwrap_err()
            .to_public();
        assert_eq!(e.code, ErrorCode::Validation);
        assert_eq!(e.fields[0].field, "kind");
    }

    let anon = office.register(&draft("", true), &actor()).unwrap();
    redirect(&office, anon, "Министерство транспорта Самарской области");
    let o = office.paper_options(anon, now().date()).unwrap();
    assert_eq!(o[0].unavailable, "");
    assert_eq!(
        o[1].unavailable,
        "Обращение анонимное: уведомление направить некому."
    );
}

#[test]
fn the_extension_notice_names_the_appeal_the_new_date_and_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (office, id) = office(dir.path());
    act(
        &office,
        id,
        ActionRequest::Extend {
            days: "21".into(),
            reason: "Запрос в ГКУ «Самарауправтодор».".into(),
            notice_date: String::new(),
        },
    );
    let p = papers(&office, id, PaperKind::ExtensionNotice);
    let due = d(p.card.deadline.due_date);
    let t = text(PaperKind::ExtensionNotice, &p);
    has_all(
        &t,
        &[
            "Уведомление о продлении срока рассмотрения обращения",
            "Кому:",
            "Петрова Анна Сергеевна",
            "Уважаемая Анна Сергеевна!",
            &format!(
                "Ваше обращение, поступившее 18.11.2026 и зарегистрированное 18.11.2026 за №\u{a0}{}",
                p.card.number
            ),
            "частью 2 статьи 12 Федерального закона от 02.05.2006 № 59-ФЗ",
            &format!("продлён на 21 день — до {due} включительно."),
            // One final stop, whether or not the operator typed one.
            "Причина продления: Запрос в ГКУ «Самарауправтодор».\n",
            &format!("Ответ будет направлен Вам не позднее {due}."),
            "исх. № ______________",
        ],
    );
}

#[test]
fn the_redirect_notice_says_where_and_when_the_appeal_went() {
    let dir = tempfile::tempdir().unwrap();
    let (office, id) = office(dir.path());
    redirect(&office, id, "Министерство транспорта Самарской области");
    let p = papers(&office, id, PaperKind::RedirectNotice);
    let t = text(PaperKind::RedirectNotice, &p);
    has_all(
        &t,
        &[
            "Уведомление о переадресации обращения",
            "Уважаемая Анна Сергеевна!",
            "» 27.11.2026 направлено в соответствии с частью 3 статьи 8 Федерального закона",
            "» для рассмотрения по компетенции: Министерство транспорта Самарской области.",
        ],
    );
}

#[test]
fn the_answer_letter_is_a_draft_until_the_answer_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let (office, id) = office(dir.path());
    let p = papers(&office, id, PaperKind::Answer);
    let draft = text(PaperKind::Answer, &p);
    has_all(
        &draft,
        &[
            "Ответ на обращение",
            "Уважаемая Анна Сергеевна!",
            &format!(
                "№\u{a0}{} по вопросу «Эксплуатация и сохранность автомобильных дорог» рассмотрено.",
                p.card.number
            ),
            // Lines for the executor to write the answer on.
            &format!("{0}\n{0}", "_".repeat(70)),
            "исх. № ______________",
        ],
    );
    act(
        &office,
        id,
        ActionRequest::Answer {
            date: "2026-11-26".into(),
            number: "01-15/123".into(),
            method: "post".into(),
            summary: "Ремонт дороги у школы включён в план на май 2027 года.".into(),
            result: "supported_measures".into(),
            satisfaction: String::new(),
        },
    );
    let answered = text(PaperKind::Answer, &papers(&office, id, PaperKind::Answer));
    assert!(
        answered.contains("исх. № 01-15/123 от 26.11.2026"),
        "{answered}"
    );
    assert!(
        answered.contains("Ремонт дороги у школы включён в план на май 2027 года."),
        "{answered}"
    );
    assert!(!answered.contains(&"_".repeat(70)), "{answered}");
}

#[test]
fn a_redirected_appeal_gets_no_answer_letter_from_us() {
    let dir = tempfile::tempdir().unwrap();
    let (office, id) = office(dir.path());
    redirect(&office, id, "Министерство транспорта Самарской области");
    let o = office.paper_options(id, now().date()).unwrap();
    assert_eq!(o[3].kind, PaperKind::Answer);
    assert_eq!(
        o[3].unavailable,
        "Обращение направлено по компетенции: ответ даст тот орган."
    );
}

#[test]
fn a_platform_message_is_not_told_about_59_fz() {
    let dir = tempfile::tempdir().unwrap();
    let (office, _) = office(dir.path());
    let mut pos = draft("Козлов Пётр Ильич", false);
    pos.channel = "pos".into();
    let id = office.register(&pos, &actor()).unwrap();
    redirect(&office, id, "Администрация сельского поселения Марьевка");
    let t = text(
        PaperKind::RedirectNotice,
        &papers(&office, id, PaperKind::RedirectNotice),
    );
    assert!(t.contains("Уважаемый Пётр Ильич!"), "{t}");
    assert!(
        t.contains("» 27.11.2026 направлено для рассмотрения по компетенции: Администрация сельского поселения Марьевка."),
        "{t}"
    );
    assert!(!t.contains("59-ФЗ"), "{t}");
}

#[test]
fn letters_carry_the_office_and_the_signer_of_its_profile() {
    let dir = tempfile::tempdir().unwrap();
    let (office, id) = office(dir.path());
    let unsigned = text(PaperKind::Answer, &papers(&office, id, PaperKind::Answer));
    assert!(unsigned.contains("Должность:"), "{unsigned}");
    let mut profile = office.office_profile().unwrap();
    profile.name = "Администрация муниципального района Пестравский".into();
    profile.signer_position = "Глава муниципального района Пестравский".into();
    profile.signer_name = "А. В. Иванов".into();
    office.save_office_profile(&profile, &actor()).unwrap();
    let signed = text(PaperKind::Answer, &papers(&office, id, PaperKind::Answer));
    assert!(
        signed.starts_with("Администрация муниципального района Пестравский\n"),
        "{signed}"
    );
    assert!(
        signed.contains(
            "Глава муниципального района Пестравский: ______________________ А. В. Иванов"
        ),
        "{signed}"
    );
    assert!(!signed.contains("Должность:"), "{signed}");
}

#[test]
fn papers_render_as_pdf_and_docx() {
    let dir = tempfile::tempdir().unwrap();
    let (office, id) = office(dir.path());
    let p = papers(&office, id, PaperKind::Card);
    let doc = paper_document(PaperKind::Card, &p);
    let pdf = crate::render(&doc, crate::DocFormat::Pdf).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let docx = crate::render(&doc, crate::DocFormat::Docx).unwrap();
    assert!(docx.starts_with(b"PK"));
}

#[test]
fn days_and_file_names() {
    assert_eq!(days(1), "1 день");
    assert_eq!(days(3), "3 дня");
    assert_eq!(days(11), "11 дней");
    assert_eq!(days(21), "21 день");
    assert_eq!(days(22), "22 дня");
    assert_eq!(days(30), "30 дней");
    assert_eq!(
        file_stem(PaperKind::ExtensionNotice, "2026/00042"),
        "Уведомление_о_продлении_2026_00042"
    );
}
