// Import in the real app: choose a file and a mapping, see the preview with a
// problem highlighted, import, read the summary, see the items in the journal;
// importing the same file again adds nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startApp, mcu, Key } from "./harness.mjs";

const header = ["Номер", "Дата поступления", "Дата регистрации", "Канал", "Тип", "ФИО заявителя", "Адрес заявителя",
  "Телефон", "Электронная почта", "Населённый пункт", "Адрес", "Содержание", "Код ТОТК", "Блок", "Ответственный", "Примечание"];
const rows = [
  ["Р-101", "20.11.2026 09:15", "20.11.2026 10:00", "letter", "жалоба", "Импортов Иван Иванович", "", "", "", "Мосты", "ул. Мира, 3",
    "<p>Нет воды&nbsp;третий день</p>", "0005.0005.0056.1154", "", "", ""],
  ["Р-102", "21.11.2026 11:00", "21.11.2026 11:30", "email", "заявление", "Строкова Анна", "", "", "", "Пестравка", "",
    "Яма на дороге у школы", "0003.0009.0099.0742", "", "", ""],
  ["Р-103", "32.11.2026", "21.11.2026 12:00", "letter", "жалоба", "Ошибкин Пётр", "", "", "", "Мосты", "", "Текст", "0005.0005.0056.1154", "", "", ""],
];
let app;
let file;
before(async () => {
  app = await startApp();
  await app.login("Импортёр И.И.");
  const dir = join(app.exportDir, "Импорт");
  mkdirSync(dir, { recursive: true });
  file = join(dir, "реестр.csv");
  writeFileSync(file, [header, ...rows].map((r) => r.map((c) => `"${c}"`).join(";")).join("\n") + "\n");
});
after(async () => { await app?.stop("import-last"); });

test("preview, import, summary and the items in the journal", async () => {
  // The dispatcher reaches the import from the keyboard (F8, shown on the button).
  await app.keys(Key.F8);
  await app.visible("[data-testid=import]");
  await app.type("[name=file]", join(app.exportDir, "нет-такого.csv"));
  await app.click("[data-testid=import-preview]");
  await app.waitText(".pick .error", /Файл не найден/);
  // A damaged file is told at the file too (it is the file to fix), not as a failure of the program.
  const broken = join(app.exportDir, "Импорт", "сломанный.csv");
  writeFileSync(broken, `${header.join(";")}\n"Р-1;20.11.2026 09:15\nР-2;x\n`);
  await app.type("[name=file]", broken);
  await app.click("[data-testid=import-preview]");
  await app.waitText(".pick .error", /кавычк/);
  assert.equal((await app.$$("[data-testid=import-error]")).length, 0);

  await app.type("[name=file]", file);
  await app.select("[name=mapping]", "excel-register");
  await app.click("[data-testid=import-preview]");
  await app.visible("[data-testid=import-preview-table]");
  const outcomes = await app.attrs("[data-testid=import-preview-table] tbody tr", "data-outcome");
  assert.deepEqual(outcomes, ["new", "new", "reject"]);
  assert.match(await app.text("[data-testid=import-preview-table]"), /Нет воды третий день/);

  await app.click("[data-testid=import-run]");
  await app.visible("[data-testid=import-summary]");
  assert.equal(await app.text("[data-testid=sum-imported]"), "2");
  assert.equal(await app.text("[data-testid=sum-rejected]"), "1");
  const rejects = join(app.exportDir, "Импорт", "реестр.rejected.csv");
  assert.ok(existsSync(rejects), "the rejects file is next to the source");
  assert.match(readFileSync(rejects, "utf8"), /Р-103/);

  await app.click("[data-testid=import-journal]");
  await app.visible("[data-testid=batch-filter]");
  await app.waitText("[data-testid=journal-total]", /из 2$/);
  const list = JSON.parse(mcu(app.db, "list", "--format", "json"));
  assert.equal(list.total ?? list.rows.length, 2);
  // Imported appeals are found by the search at once (their search index is
  // built after the import; until then the search reads them directly).
  await (await app.visible("[data-testid=search]")).sendKeys("ЯМА на дорог");
  await app.until(async () => {
    const rows = await app.$$("[data-testid=journal-row]");
    return rows.length === 1;
  }, 10000, "search did not find the imported appeal");
  // Р-102, registered 21.11.2026 11:30 under the road topic.
  assert.match(await app.text("[data-testid=journal]"), /21\.11\.2026 11:30Эксплуатация и сохранность автомобильных дорог/);

  // The same file again: nothing new.
  await app.click("[data-testid=nav-import]");
  await app.type("[name=file]", file);
  await app.click("[data-testid=import-preview]");
  await app.visible("[data-testid=import-preview-table]");
  await app.click("[data-testid=import-run]");
  await app.visible("[data-testid=import-summary]");
  assert.equal(await app.text("[data-testid=sum-imported]"), "0");
  assert.equal(await app.text("[data-testid=sum-present]"), "2");
});

test("a mapping is built in the window for a file with its own columns, saved and used", async () => {
  const own = join(app.exportDir, "Импорт", "сельсовет.csv");
  writeFileSync(own, [
    "Когда;Текст;Поселение;Вопрос",
    "\"25.11.2026 08:30\";\"Не вывезен мусор с площадки у клуба\";\"Мосты\";\"0005.0005.0056.1154\"",
    "\"26.11.2026 14:05\";\"Не горит фонарь на остановке\";\"Пестравка\";\"0003.0009.0097.0690\"",
  ].join("\n") + "\n");
  await app.click("[data-testid=nav-import]");
  await app.type("[name=file]", own);
  await app.click("[data-testid=mapping-edit]");
  await app.visible("[data-testid=mapping-editor]");
  await app.click("[data-testid=mapping-from-file]");
  await app.waitValue("[name=mapping_text]", /text = "Текст"/);
  await app.select("[name=col-received_at]", "Когда");
  await app.select("[name=col-settlement]", "Поселение");
  await app.select("[name=col-topic]", "Вопрос");
  await app.type("[name=mapping_name]", "сельсовет");
  await app.type("[name=mapping_dates]", "%d.%m.%Y %H:%M");
  await (await app.$("[name=mapping_title]")).click(); // leaves the field: change
  await app.waitValue("[name=mapping_text]", /received_at = "Когда"[\s\S]*topic = "Вопрос"/);
  await app.waitValue("[name=mapping_text]", /name = "сельсовет"/);

  await app.click("[data-testid=import-preview]");
  await app.visible("[data-testid=import-preview-table]");
  const outcomes = await app.attrs("[data-testid=import-preview-table] tbody tr", "data-outcome");
  assert.deepEqual(outcomes, ["new", "new"]);

  await app.click("[data-testid=mapping-save]");
  await app.visible("[data-testid=mapping-saved]");
  assert.match(mcu(app.db, "mapping", "list"), /сельсовет/);
  assert.equal(await app.value("[name=mapping]"), "сельсовет");
  await app.click("[data-testid=import-run]");
  await app.visible("[data-testid=import-summary]");
  assert.equal(await app.text("[data-testid=sum-imported]"), "2");

  // A broken text is reported at the field and nothing is saved.
  await app.paste("[name=mapping_text]", "name = \"сломанное\"\n[columns\n");
  await app.click("[data-testid=mapping-save]");
  await app.waitText("[data-testid=mapping-error]", /ошибкой/);
  assert.doesNotMatch(mcu(app.db, "mapping", "list"), /сломанное/);
  await app.click("[data-testid=mapping-edit]");
  await app.gone("[data-testid=mapping-editor]");
});

test("a large import shows progress and a cancel leaves nothing behind", async () => {
  const before = JSON.parse(mcu(app.db, "list", "--format", "json")).total;
  const big = join(app.exportDir, "Импорт", "большой.csv");
  const lines = [header.map((c) => `"${c}"`).join(";")];
  for (let i = 0; i < 150000; i++) {
    lines.push([`Б-${i}`, "20.11.2026 09:15", "20.11.2026 10:00", "letter", "жалоба", `Заявитель ${i}`, "", "", "", "Мосты", "",
      `Обращение номер ${i}`, "0005.0005.0056.1154", "", "", ""].map((c) => `"${c}"`).join(";"));
  }
  writeFileSync(big, lines.join("\n") + "\n");
  await app.click("[data-testid=nav-journal]"); // a fresh import view
  await app.click("[data-testid=nav-import]");
  await app.type("[name=file]", big);
  await app.select("[name=mapping]", "excel-register");
  await app.click("[data-testid=import-preview]");
  await app.visible("[data-testid=import-preview-table]");
  await app.click("[data-testid=import-run]");
  await app.visible("[data-testid=import-progress]");
  await app.until(async () => Number((await app.text("[data-testid=import-rows]")).replace(/\D/g, "")) > 0, 60000, "no progress");
  await app.click("[data-testid=import-cancel]");
  // The operator's own cancel is a neutral notice, not an error.
  await app.waitText("[data-testid=import-cancelled]", /Импорт отменён: ни одна строка не сохранена/, 60000);
  await app.gone("[data-testid=import-progress]");
  assert.equal((await app.$$("[data-testid=import-error]")).length, 0, "no error banner for a cancel");
  assert.doesNotMatch(await (await app.$("[data-testid=import-cancelled]")).getAttribute("class"), /error/);
  assert.equal(JSON.parse(mcu(app.db, "list", "--format", "json")).total, before, "nothing of the cancelled batch is stored");
});
