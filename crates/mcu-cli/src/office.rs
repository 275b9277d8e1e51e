//! `mcu office`: the office's own particulars (names, district, population,
//! the signer of letters), shown or set from JSON, so that an installation
//! for another МЦУ can be prepared by a script; `mcu changes`: its change log.

use mcu_core::profile::OfficeProfile;

use crate::table::{cut, render};
use crate::{Context, Failure, Format};

pub fn show(ctx: &Context, format: Format) -> Result<(), Failure> {
    let p = ctx.office.office_profile()?;
    if format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&p).expect("serialisable")
        );
        return Ok(());
    }
    let signer = format!("{} {}", p.signer_position, p.signer_name);
    for (label, value) in [
        ("Полное наименование", p.name.as_str()),
        ("Краткое наименование", &p.short_name),
        ("Муниципальное образование", &p.district),
        ("Численность населения", &p.population),
        ("Подписывает письма", signer.trim()),
    ] {
        println!("{label:<26} {value}");
    }
    Ok(())
}

/// Sets the fields present in the JSON; the others keep their values.
pub fn set(ctx: &Context, source: &str) -> Result<(), Failure> {
    let mut value = serde_json::to_value(ctx.office.office_profile()?).expect("serialisable");
    let serde_json::Value::Object(given) = crate::read_json(source)? else {
        return Err(Failure::input("ожидается объект JSON с полями организации"));
    };
    for (k, v) in given {
        // A population written as a number is taken as its digits.
        value[k] = match v {
            serde_json::Value::Number(n) => serde_json::Value::String(n.to_string()),
            v => v,
        };
    }
    let p: OfficeProfile = serde_json::from_value(value)
        .map_err(|e| Failure::input(format!("Неверная структура сведений: {e}")))?;
    let saved = ctx.office.save_office_profile(&p, &ctx.actor())?;
    println!("Сведения об организации сохранены: {}.", saved.short_name);
    Ok(())
}

/// `mcu changes`: a page of the office's change log, newest first.
pub fn changes(
    ctx: &Context,
    query: mcu_core::changes::ChangeQuery,
    format: Format,
) -> Result<(), Failure> {
    let page = ctx.office.changes(&query)?;
    if format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&page).expect("serialisable")
        );
        return Ok(());
    }
    let rows: Vec<Vec<String>> = page
        .rows
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.entry.at.format("%d.%m.%Y %H:%M").to_string(),
                cut(&r.entry.operator, 20),
                if r.number.is_empty() {
                    r.entity_label.clone()
                } else {
                    format!("№ {}", r.number)
                },
                cut(&r.action_label, 24),
                cut(&r.entry.field_label, 22),
                cut(&r.entry.old_value, 24),
                cut(&r.entry.new_value, 24),
            ]
        })
        .collect();
    print!(
        "{}",
        render(
            &[
                "id",
                "Когда",
                "Кто",
                "Что",
                "Действие",
                "Поле",
                "Было",
                "Стало"
            ],
            &rows
        )
    );
    if page.more {
        let last = page.rows.last().map_or(0, |r| r.id);
        println!("Есть более ранние изменения: --before {last}");
    }
    Ok(())
}
