//! Synthetic but realistic demo data for trying the app and for benchmarks:
//! typical rural-district problems by ТОТК topic, channels and settlements with
//! realistic weights, a spread of statuses and deadlines with some overdue.
//! Every name, phone and text is generated: there is no real personal data here.

use chrono::{Duration, NaiveDateTime, NaiveTime};
use fastrand::Rng;
use rusqlite::Connection;

use crate::appeals::Registrar;
use crate::calendar::WorkCalendar;
use crate::db::audit::record;
use crate::db::{appeals, reference};
use crate::deadline::{self, DeadlineRule};
use crate::error::CoreResult;
use crate::model::*;
use crate::office::Office;

/// (ТОТК code, weight, texts). `{street}` and `{house}` are filled in.
const TOPICS: &[(&str, u32, &[&str])] = &[
    (
        "0003.0009.0099.0742",
        14,
        &[
            "Прошу отремонтировать дорогу по ул. {street}: ямы глубиной до 20 см, после дождя не проехать.",
            "На ул. {street} разбито асфальтовое покрытие, машины ездят по обочине. Когда будет ремонт?",
            "Дорогу по ул. {street} не грейдировали с весны, школьный автобус застревает.",
        ],
    ),
    (
        "0003.0009.0099.0738",
        5,
        &[
            "Не расчищена от снега дорога по ул. {street}, к дому {house} не может подъехать скорая.",
            "Просим подсыпать дорогу по ул. {street} — гололёд, люди падают.",
        ],
    ),
    (
        "0003.0009.0097.0690",
        9,
        &[
            "Не горят фонари уличного освещения на ул. {street} от дома {house} до конца улицы.",
            "Вечером на ул. {street} полная темнота, три фонаря не работают больше месяца.",
        ],
    ),
    (
        "0003.0009.0097.0694",
        6,
        &[
            "Просим убрать мусор и листья у детской площадки на ул. {street}.",
            "Не вывезен снег с обочин ул. {street}, сужена проезжая часть.",
        ],
    ),
    (
        "0003.0009.0097.0698",
        3,
        &[
            "На детской площадке по ул. {street} сломаны качели, дети могут пораниться.",
            "Просим установить детскую площадку на ул. {street}, детей много, играть негде.",
        ],
    ),
    (
        "0005.0005.0056.1154",
        8,
        &[
            "Третий день нет воды в доме {house} по ул. {street}. Когда дадут воду?",
            "Низкое давление воды на ул. {street}, на второй этаж вода не поднимается.",
            "Порыв водопровода на ул. {street} у дома {house}, вода течёт по дороге.",
        ],
    ),
    (
        "0005.0005.0056.1153",
        5,
        &[
            "Постоянные отключения электроэнергии на ул. {street}, сгорел холодильник.",
            "Скачет напряжение в сети по ул. {street}, просим проверить трансформатор.",
        ],
    ),
    (
        "0005.0005.0056.1155",
        3,
        &[
            "Запах газа у дома {house} по ул. {street}, просим проверить.",
            "Низкое давление газа по ул. {street}, в доме холодно.",
        ],
    ),
    (
        "0005.0005.0056.1156",
        4,
        &[
            "В квартире холодно, батареи еле тёплые, ул. {street}, д. {house}.",
            "Котельная не даёт тепло в дом {house} на ул. {street}.",
        ],
    ),
    (
        "0005.0005.0056.1157",
        3,
        &["Засорилась канализация у дома {house} по ул. {street}, стоки выходят на улицу."],
    ),
    (
        "0005.0005.0056.1160",
        7,
        &[
            "Не вывозят мусор с контейнерной площадки на ул. {street} уже неделю.",
            "Контейнеры на ул. {street} переполнены, мусор разносит ветер.",
        ],
    ),
    (
        "0005.0005.0056.1161",
        4,
        &["За ул. {street} у оврага стихийная свалка, просим убрать и запретить."],
    ),
    (
        "0005.0005.0056.1168",
        3,
        &[
            "Протекает крыша многоквартирного дома {house} по ул. {street}, управляющая компания не реагирует.",
        ],
    ),
    (
        "0005.0005.0056.1149",
        3,
        &["Прошу разъяснить начисления за водоснабжение, сумма выросла вдвое."],
    ),
    (
        "0005.0005.0055.1122",
        2,
        &[
            "Дом {house} по ул. {street} в аварийном состоянии, прошу включить в программу переселения.",
        ],
    ),
    (
        "0003.0009.0099.0733",
        6,
        &[
            "Отменили утренний автобус до Самары, людям не уехать на работу.",
            "Автобус по маршруту через ул. {street} ходит с опозданием на час.",
        ],
    ),
    (
        "0003.0009.0099.0743",
        2,
        &["Просим установить лежачего полицейского у школы на ул. {street}."],
    ),
    (
        "0003.0009.0099.0744",
        2,
        &["На перекрёстке ул. {street} нет знака «Уступи дорогу», были аварии."],
    ),
    (
        "0002.0013.0139.0335",
        3,
        &["Школьный автобус не приходит вовремя, дети опаздывают на первый урок."],
    ),
    (
        "0002.0013.0139.0329",
        2,
        &["Нет мест в детском саду, ребёнку 3 года, очередь не движется."],
    ),
    (
        "0002.0013.0139.0330",
        2,
        &["Жалоба на качество питания в школьной столовой."],
    ),
    (
        "0002.0013.0139.0332",
        2,
        &["В классах школы холодно, дети сидят в куртках."],
    ),
    (
        "0002.0014.0143.0394",
        4,
        &[
            "В ФАП нет фельдшера уже два месяца, за помощью ездим в район.",
            "Просим организовать выезд врача в село, пожилым не добраться до поликлиники.",
        ],
    ),
    (
        "0002.0014.0143.0393",
        2,
        &["Скорая помощь ехала больше часа, просим разобраться."],
    ),
    (
        "0002.0014.0143.0420",
        3,
        &["Нет льготных лекарств в аптеке, рецепт не могу отоварить второй месяц."],
    ),
    (
        "0002.0007.0073.0294",
        3,
        &[
            "Многодетная семья, просим помочь с дровами на зиму.",
            "Прошу оказать материальную помощь пенсионерке, сгорел дом.",
        ],
    ),
    (
        "0002.0007.0072.0288",
        2,
        &["Прошу оказать материальную помощь на лечение."],
    ),
    (
        "0002.0007.0067.0274",
        1,
        &["Нет пандуса у входа в администрацию поселения, инвалиду-колясочнику не попасть."],
    ),
    (
        "0003.0009.0097.0703",
        2,
        &["Просим газифицировать ул. {street}, дома отапливаем дровами."],
    ),
    (
        "0003.0011.0127.0866",
        3,
        &["По ул. {street} бегает стая бездомных собак, дети боятся ходить в школу."],
    ),
    (
        "0003.0009.0100.0757",
        1,
        &["В селе нет мобильной связи и интернета, просим установить вышку."],
    ),
    (
        "0001.0002.0027.0152",
        1,
        &["Выражаю благодарность за быстрый ремонт водопровода на ул. {street}!"],
    ),
];

const STREETS: &[&str] = &[
    "Ленина",
    "Советская",
    "Мира",
    "Молодёжная",
    "Садовая",
    "Школьная",
    "Центральная",
    "Набережная",
    "Полевая",
    "Кооперативная",
    "Победы",
    "Октябрьская",
    "Зелёная",
    "Луговая",
    "Степная",
];
const SURNAMES: &[(&str, &str)] = &[
    ("Кузнец", "ов"),
    ("Смирн", "ов"),
    ("Попов", ""),
    ("Волк", "ов"),
    ("Морозов", ""),
    ("Лебедев", ""),
    ("Козлов", ""),
    ("Новиков", ""),
    ("Соловьёв", ""),
    ("Васильев", ""),
    ("Зайцев", ""),
    ("Павлов", ""),
    ("Семёнов", ""),
    ("Голубев", ""),
    ("Виноградов", ""),
    ("Богданов", ""),
    ("Воробьёв", ""),
    ("Фёдоров", ""),
];
const MALE: &[&str] = &[
    "Александр",
    "Сергей",
    "Владимир",
    "Николай",
    "Иван",
    "Андрей",
    "Михаил",
    "Алексей",
    "Юрий",
    "Виктор",
];
const FEMALE: &[&str] = &[
    "Татьяна",
    "Наталья",
    "Елена",
    "Ольга",
    "Светлана",
    "Галина",
    "Анна",
    "Ирина",
    "Любовь",
    "Мария",
];
const PATRONYMIC_ROOTS: &[&str] = &[
    "Иванов",
    "Петров",
    "Николаев",
    "Сергеев",
    "Александров",
    "Владимиров",
    "Михайлов",
];

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

fn weighted<'a, T>(rng: &mut Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| *w).sum();
    let mut x = rng.u32(..total.max(1));
    for (v, w) in items {
        if x < *w {
            return v;
        }
        x -= w;
    }
    &items[0].0
}

fn person_name(rng: &mut Rng) -> String {
    let (root, suffix) = pick(rng, SURNAMES);
    let surname = format!("{root}{suffix}");
    let patronymic_root = pick(rng, PATRONYMIC_ROOTS);
    if rng.bool() {
        format!("{surname} {} {patronymic_root}ич", pick(rng, MALE))
    } else {
        format!("{surname}а {} {patronymic_root}на", pick(rng, FEMALE))
    }
}

/// What a call to [`generate`] produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoReport {
    pub added: usize,
    pub overdue: usize,
}

/// The office's reference data the demo draws from, with their weights.
struct Pool {
    /// Active settlements weighted by population.
    settlements: Vec<(i64, u32)>,
    topics: Vec<Topic>,
    blocks: Vec<SectorBlock>,
    persons: Vec<Person>,
    /// The demo's topics the office's classifier has: (code, texts).
    usable: Vec<(&'static str, &'static [&'static str])>,
    /// Index into `usable` with its weight.
    topic_weights: Vec<(usize, u32)>,
}

const CHANNELS: &[(&str, u32)] = &[
    ("pos", 35),
    ("im", 20),
    ("letter", 9),
    ("email", 9),
    ("epgu", 11),
    ("phone", 11),
    ("reception", 5),
];

impl Pool {
    fn load(conn: &Connection) -> CoreResult<Pool> {
        let settlements = reference::settlements(conn)?
            .into_iter()
            .filter(|s| s.active)
            .map(|s| {
                (
                    s.id,
                    s.population.map_or(450, |p| p.clamp(50, 100_000) as u32),
                )
            })
            .collect();
        let topics = reference::topics(conn)?;
        let (usable, topic_weights) = TOPICS
            .iter()
            .filter(|(code, _, _)| topics.iter().any(|t| t.code == *code))
            .enumerate()
            .map(|(i, (c, w, t))| ((*c, *t), (i, *w)))
            .unzip();
        Ok(Pool {
            settlements,
            topics,
            blocks: reference::blocks(conn)?,
            persons: reference::persons(conn)?,
            usable,
            topic_weights,
        })
    }
}

/// Adds `n` synthetic appeals registered before `actor.at`, in one transaction.
pub fn generate(
    conn: &Connection,
    n: usize,
    seed: u64,
    actor: &Actor<'_>,
) -> CoreResult<DemoReport> {
    let mut rng = Rng::with_seed(seed);
    let now = actor.at;
    let registrar = Registrar::load(conn)?;
    let pool = Pool::load(conn)?;
    let mut report = DemoReport {
        added: 0,
        overdue: 0,
    };
    for registered_at in registration_moments(&mut rng, n, now) {
        let (input, to) = appeal_input(&mut rng, &pool, registered_at);
        let Some(rule) = registrar
            .deadlines()
            .rule_for(input.kind, &input.questions)
            .cloned()
        else {
            continue;
        };
        let created = Actor {
            operator: "Демо-данные",
            at: registered_at,
        };
        let id = match registrar.register_input(&input, &created) {
            Ok(id) => id,
            // A rare clash of random external ids: skip the row.
            Err(crate::error::CoreError::Sqlite(e))
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) =>
            {
                continue;
            }
            Err(e) => return Err(e),
        };
        let a = age(conn, &mut rng, id, &rule, &registrar, to, now)?;
        if a.status.is_open() && a.due_date < now.date() {
            report.overdue += 1;
        }
        report.added += 1;
    }
    Ok(report)
}

/// Registration moments, sorted, so that numbers follow time as in a real
/// register; spread over a period that grows with the volume (~20 appeals a
/// day, at least 4 months), recent days denser.
fn registration_moments(rng: &mut Rng, n: usize, now: NaiveDateTime) -> Vec<NaiveDateTime> {
    let today = now.date();
    let span_days = (n as i64 / 20).clamp(120, 5 * 365);
    let mut moments: Vec<NaiveDateTime> = (0..n)
        .map(|_| {
            // The age is skewed towards today.
            let age_days = (rng.f64().powf(1.6) * span_days as f64) as i64;
            let at = (today - Duration::days(age_days)).and_time(NaiveTime::MIN)
                + Duration::minutes(rng.i64(8 * 60..18 * 60));
            if at > now - Duration::minutes(5) {
                now - Duration::minutes(rng.i64(5..16 * 60))
            } else {
                at
            }
        })
        .collect();
    moments.sort_unstable();
    moments
}

/// One synthetic appeal as registered, and whom it will be assigned to.
fn appeal_input(
    rng: &mut Rng,
    pool: &Pool,
    registered_at: NaiveDateTime,
) -> (AppealInput, Assignee) {
    let (code, texts) = pool.usable[*weighted(rng, &pool.topic_weights)];
    let topic = pool
        .topics
        .iter()
        .find(|t| t.code == code)
        .expect("filtered above");
    let channel = *weighted(rng, CHANNELS);
    let kind = match channel {
        "pos" => AppealKind::Pos,
        "im" => AppealKind::Incident,
        _ => AppealKind::Fz59,
    };
    let received_at = registered_at - Duration::minutes(rng.i64(0..600));
    let street = pick(rng, STREETS);
    let text = pick(rng, texts)
        .replace("{street}", street)
        .replace("{house}", &rng.u32(1..80).to_string());
    let anonymous = kind == AppealKind::Incident && rng.u8(..100) < 40;
    let applicant_name = if anonymous {
        String::new()
    } else {
        person_name(rng)
    };
    let block_id = topic.block_id.or_else(|| pool.blocks.first().map(|b| b.id));
    let person_id = block_id.and_then(|b| {
        let ps: Vec<&Person> = pool
            .persons
            .iter()
            .filter(|p| p.block_ids.contains(&b))
            .collect();
        (!ps.is_empty()).then(|| pick(rng, &ps).id)
    });
    let settlement_id = *weighted(rng, &pool.settlements);
    let input = AppealInput {
        received_at,
        registered_at,
        channel: channel.to_owned(),
        kind,
        appeal_type: *pick(
            rng,
            &[
                AppealType::Complaint,
                AppealType::Complaint,
                AppealType::Statement,
                AppealType::Statement,
                AppealType::Proposal,
                AppealType::Request,
            ],
        ),
        anonymous,
        applicant_name,
        applicant_address: if kind == AppealKind::Fz59 {
            format!("ул. {street}, д. {}", rng.u32(1..80))
        } else {
            String::new()
        },
        applicant_phone: if rng.bool() {
            format!(
                "+7 9{:02} {:03}-{:02}-{:02}",
                rng.u32(0..100),
                rng.u32(0..1000),
                rng.u32(0..100),
                rng.u32(0..100)
            )
        } else {
            String::new()
        },
        applicant_email: String::new(),
        signatories: (rng.u8(..100) < 4).then(|| rng.u32(2..60)),
        repeated_of: None,
        settlement_id: Some(settlement_id),
        address: format!("ул. {street}"),
        text,
        external_id: matches!(kind, AppealKind::Pos | AppealKind::Incident)
            .then(|| format!("DEMO-{}-{}", kind.code(), rng.u64(100_000_000..999_999_999))),
        external_url: String::new(),
        questions: vec![code.to_owned()],
        block_id: None,
        person_id: None,
        notes: String::new(),
    };
    (
        input,
        Assignee {
            block_id,
            person_id,
        },
    )
}

/// Moves the registered appeal `id` along its lifecycle as far as its age
/// suggests, audited as action `demo`; returns it as saved.
fn age(
    conn: &Connection,
    rng: &mut Rng,
    id: i64,
    rule: &DeadlineRule,
    registrar: &Registrar<'_>,
    to: Assignee,
    now: NaiveDateTime,
) -> CoreResult<Appeal> {
    let mut a = appeals::get(conn, id)?;
    let before = a.clone();
    evolve(rng, &mut a, rule, registrar.deadlines().calendar(), to, now);
    if a != before {
        appeals::save(conn, &a, now)?;
        let changes = crate::audit::diff(&before, &a, &|k, id| {
            crate::db::lookup::name_of(conn, k, id)
        });
        let actor = Actor {
            operator: "Демо-данные",
            at: now,
        };
        record(conn, "appeal", id, &actor, "demo", &changes)?;
    }
    Ok(a)
}

/// Whom a demo appeal goes to once it is assigned.
struct Assignee {
    block_id: Option<i64>,
    person_id: Option<i64>,
}

/// Moves a fresh appeal along its lifecycle as far as its age suggests.
fn evolve(
    rng: &mut Rng,
    a: &mut Appeal,
    rule: &DeadlineRule,
    cal: &WorkCalendar,
    to: Assignee,
    now: NaiveDateTime,
) {
    let age = (now - a.fields.registered_at).num_days();
    let roll = rng.u8(..100);
    if age < 1 && roll < 50 {
        return; // just registered
    }
    a.fields.block_id = to.block_id;
    a.fields.person_id = to.person_id;
    a.status = Status::Assigned;
    if let Some(due) = a.first_response_due.filter(|_| age > 0 || roll < 60) {
        let late = rng.u8(..100) < 15;
        let minutes = if late {
            rng.i64(1..600)
        } else {
            -rng.i64(5..300)
        };
        a.first_response_at = Some(
            (due + Duration::minutes(minutes))
                .max(a.fields.registered_at + Duration::minutes(10))
                .min(now),
        );
    }
    let days_to_due = (a.due_date - now.date()).num_days();
    if days_to_due > 3 && roll < 60 {
        a.status = if roll < 30 {
            Status::Assigned
        } else {
            Status::InProgress
        };
        return;
    }
    // Old enough: most are answered; a few stay open past the deadline.
    if roll < 6 {
        a.status = Status::InProgress;
        return;
    }
    if roll < 9 && rule.extendable {
        a.original_due_date = Some(a.due_date);
        a.due_date = deadline::extend(rule.day_kind, a.due_date, 30, cal);
        a.extension_days = Some(30);
        a.extension_reason =
            "Требуется выезд на место и запрос в ресурсоснабжающую организацию".into();
        a.extension_notice_at =
            (rng.u8(..100) < 80).then_some(a.fields.registered_at.date() + Duration::days(20));
        a.status = Status::Extended;
        if a.due_date > now.date() {
            return;
        }
    }
    if roll < 11 {
        a.redirect_to = "ГКУ СО «Самарауправтодор»".into();
        a.status = Status::Redirected;
        return;
    }
    let latest = a.due_date.min(now.date());
    let span = (latest - a.fields.registered_at.date()).num_days().max(0);
    let late = rng.u8(..100) < 12;
    let mut answered = a.fields.registered_at.date() + Duration::days(rng.i64(0..=span));
    if late {
        answered = (a.due_date + Duration::days(rng.i64(1..10))).min(now.date());
    }
    let result = *pick(
        rng,
        &[
            AnswerResult::Supported,
            AnswerResult::SupportedMeasures,
            AnswerResult::SupportedMeasures,
            AnswerResult::Explained,
            AnswerResult::Explained,
            AnswerResult::NotSupported,
        ],
    );
    a.answer = Some(Answer {
        date: answered,
        number: format!("01-15/{}", rng.u32(100..9999)),
        method: match a.fields.kind {
            AppealKind::Pos => AnswerMethod::Epgu,
            AppealKind::Incident => AnswerMethod::Social,
            AppealKind::Fz59 => AnswerMethod::Post,
        },
        summary: match result {
            AnswerResult::SupportedMeasures => "Проблема устранена, работы выполнены.".into(),
            AnswerResult::Supported => "Вопрос включён в план работ.".into(),
            AnswerResult::Explained => "Даны разъяснения по существу вопроса.".into(),
            AnswerResult::NotSupported => {
                "Решение вопроса не относится к полномочиям; даны разъяснения.".into()
            }
        },
        result,
    });
    a.satisfaction = Some(*pick(
        rng,
        &[
            Satisfaction::Satisfied,
            Satisfaction::Satisfied,
            Satisfaction::Unsatisfied,
            Satisfaction::NoRating,
        ],
    ));
    a.status = if (now.date() - answered).num_days() > 10 && rng.bool() {
        Status::Closed
    } else {
        Status::Answered
    };
}

impl Office {
    /// Adds `n` synthetic appeals (see [`crate::demo`]) in one transaction.
    pub fn demo(
        &self,
        n: usize,
        seed: u64,
        actor: &Actor<'_>,
    ) -> CoreResult<crate::demo::DemoReport> {
        self.db
            .write(|tx| crate::demo::generate(tx, n, seed, actor))
    }
}
