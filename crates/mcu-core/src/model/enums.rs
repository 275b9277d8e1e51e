//! Closed vocabularies of the domain: kinds, types, statuses, results.
//! Each value has a stable code (stored in the database, used in JSON and the
//! CLI) and a Russian label (shown to people). Open vocabularies that an office
//! edits (channels, blocks, topics) are reference data, not enums.

/// Declares a code enum: serde uses the code, `label()` gives the Russian name.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $code:literal : $label:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        #[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
        #[ts(export)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $code)] #[cfg_attr(feature = "clap", value(name = $code, help = $label))] $variant ),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Russian name shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.code().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = v.as_str()?;
                $name::from_code(s).ok_or_else(|| {
                    rusqlite::types::FromSqlError::Other(format!("unknown {} code {s:?}", stringify!($name)).into())
                })
            }
        }
    };
}
pub(crate) use code_enum;

code_enum! {
    /// Вид: the legal regime that sets the deadline.
    AppealKind {
        /// Обращение по 59-ФЗ.
        Fz59 = "59fz": "Обращение по 59-ФЗ",
        /// Сообщение ПОС (не по 59-ФЗ).
        Pos = "pos": "Сообщение ПОС",
        /// Инцидент из соцсетей («Инцидент Менеджмент»).
        Incident = "im": "Инцидент (соцсети)",
    }
}

code_enum! {
    /// Тип обращения (ст. 4 59-ФЗ and the ССТУ vocabulary).
    AppealType {
        Proposal = "proposal": "Предложение",
        Statement = "statement": "Заявление",
        Complaint = "complaint": "Жалоба",
        Request = "request": "Запрос",
        NotAppeal = "not_appeal": "Не обращение",
    }
}

code_enum! {
    /// Статус карточки.
    Status {
        New = "new": "Новое",
        Assigned = "assigned": "Назначено",
        InProgress = "in_progress": "В работе",
        Extended = "extended": "Срок продлён",
        Redirected = "redirected": "Направлено по компетенции",
        Answered = "answered": "Дан ответ",
        Closed = "closed": "Закрыто",
        NoAnswer = "no_answer": "Оставлено без ответа",
        Reopened = "reopened": "Возобновлено",
    }
}

impl Status {
    /// Statuses in which the office still owes an answer and the deadline runs.
    pub const OPEN: &'static [Status] = &[
        Status::New,
        Status::Assigned,
        Status::InProgress,
        Status::Extended,
        Status::Reopened,
    ];

    pub fn is_open(self) -> bool {
        Status::OPEN.contains(&self)
    }
}

code_enum! {
    /// Документы по обращению, которые печатаются из карточки.
    PaperKind {
        /// Регистрационно-контрольная карточка: the paper that goes to the executor.
        Card = "card": "Регистрационно-контрольная карточка",
        /// 59-ФЗ ст. 8 ч. 3: the applicant is told where the appeal was sent.
        RedirectNotice = "redirect": "Уведомление о переадресации",
        /// 59-ФЗ ст. 12 ч. 2: the applicant is told of the longer deadline.
        ExtensionNotice = "extension": "Уведомление о продлении срока",
        /// The answer letter: a draft for the executor, or the recorded answer.
        Answer = "answer": "Ответ заявителю",
    }
}

code_enum! {
    /// Результат рассмотрения (ССТУ).
    AnswerResult {
        Supported = "supported": "Поддержано",
        SupportedMeasures = "supported_measures": "Поддержано, в т.ч. меры приняты",
        Explained = "explained": "Разъяснено",
        NotSupported = "not_supported": "Не поддержано",
    }
}

code_enum! {
    /// Оценка заявителя.
    Satisfaction {
        Satisfied = "satisfied": "Удовлетворён",
        Unsatisfied = "unsatisfied": "Не удовлетворён",
        NoRating = "no_rating": "Нет оценки",
    }
}

code_enum! {
    /// Способ ответа.
    AnswerMethod {
        Post = "post": "Почтой",
        Email = "email": "Электронной почтой",
        Epgu = "epgu": "Через Госуслуги (ЕПГУ/ПОС)",
        Social = "social": "В соцсети",
        Phone = "phone": "По телефону",
        InPerson = "in_person": "Лично (устно)",
    }
}

code_enum! {
    /// Основание оставить без ответа (ст. 11 59-ФЗ).
    NoAnswerGround {
        Anonymous = "anonymous": "Не указаны фамилия или почтовый адрес (ст. 11 ч. 1)",
        CourtDecision = "court_decision": "Обжалуется судебное решение (ст. 11 ч. 2)",
        Abusive = "abusive": "Нецензурные или оскорбительные выражения, угрозы (ст. 11 ч. 3)",
        Unreadable = "unreadable": "Текст не поддаётся прочтению (ст. 11 ч. 4)",
        NoEssence = "no_essence": "Невозможно определить суть (ст. 11 ч. 4.1)",
        Repeated = "repeated": "Повторное без новых доводов, переписка прекращена (ст. 11 ч. 5)",
        Secret = "secret": "Ответ невозможен без разглашения тайны (ст. 11 ч. 6)",
    }
}

code_enum! {
    /// How a deadline rule counts days.
    DayKind {
        Calendar = "calendar": "календарные дни",
        Working = "working": "рабочие дни",
    }
}

code_enum! {
    /// One of the 8 socially significant themes (Положение п. 1.1).
    Theme {
        Education = "education": "Образование",
        Health = "health": "Здравоохранение",
        Social = "social": "Социальная защита",
        Transport = "transport": "Транспорт",
        Roads = "roads": "Дорожная деятельность",
        Energy = "energy": "Энергетика",
        Housing = "housing": "ЖКХ",
        Waste = "waste": "Обращение с ТКО",
    }
}

code_enum! {
    /// How far a road-map measure has got.
    RoadMapStatus {
        Planned = "planned": "Запланировано",
        InProgress = "in_progress": "Выполняется",
        Done = "done": "Выполнено",
        Cancelled = "cancelled": "Отменено",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            code: fn(T) -> &'static str,
            from: fn(&str) -> Option<T>,
        ) {
            let mut seen = std::collections::HashSet::new();
            for &v in all {
                assert!(seen.insert(code(v)), "duplicate code {}", code(v));
                assert_eq!(from(code(v)), Some(v));
            }
        }
        check(AppealKind::ALL, AppealKind::code, AppealKind::from_code);
        check(
            RoadMapStatus::ALL,
            RoadMapStatus::code,
            RoadMapStatus::from_code,
        );
        check(AppealType::ALL, AppealType::code, AppealType::from_code);
        check(Status::ALL, Status::code, Status::from_code);
        check(
            AnswerResult::ALL,
            AnswerResult::code,
            AnswerResult::from_code,
        );
        check(
            Satisfaction::ALL,
            Satisfaction::code,
            Satisfaction::from_code,
        );
        check(
            AnswerMethod::ALL,
            AnswerMethod::code,
            AnswerMethod::from_code,
        );
        check(
            NoAnswerGround::ALL,
            NoAnswerGround::code,
            NoAnswerGround::from_code,
        );
        check(Theme::ALL, Theme::code, Theme::from_code);
        assert_eq!(Theme::ALL.len(), 8);
    }

    #[test]
    fn serde_uses_codes() {
        assert_eq!(
            serde_json::to_string(&AppealKind::Fz59).unwrap(),
            "\"59fz\""
        );
        let s: Status = serde_json::from_str("\"in_progress\"").unwrap();
        assert_eq!(s, Status::InProgress);
    }
}
