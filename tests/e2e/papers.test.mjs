// The papers of an appeal in the real app: from the card (Ctrl+P) the
// registration and control card is saved as PDF; the notices to the applicant
// say why they are not offered until the appeal is extended or redirected, and
// then are saved as DOCX and PDF with the applicant's name and the new date;
// an anonymous appeal gets neither notices nor an answer letter.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { startApp, mcu, Key } from "./harness.mjs";

const APPEAL = {
  received_at: "2026-11-20T09:00", registered_at: "2026-11-20T10:00", channel: "letter", appeal_type: "complaint",
  applicant_name: "Бумагина Анна Сергеевна", applicant_address: "446160, с. Пестравка, ул. Мичурина, д. 5",
  settlement: "Пестравка", text: "Не вывозят мусор с площадки на ул. Мичурина.",
  questions: ["0005.0005.0056.1160"], block: "utilities",
};
let app;
let number;
before(async () => {
  app = await startApp({
    demo: 50,
    prepare: (db) => {
      number = JSON.parse(mcu(db, "add", "--json", "-", "--format", "json", { input: JSON.stringify(APPEAL) })).number;
    },
  });
  await app.login("Смирнова Е.А.");
});
after(async () => { await app?.stop("papers-last"); });

const saved = () => readdirSync(app.exportDir);
const pdfText = (f) => execFileSync("pdftotext", [join(app.exportDir, f), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
const docxText = (f) =>
  execFileSync("unzip", ["-p", join(app.exportDir, f), "word/document.xml"], { encoding: "utf8" }).replace(/<[^>]+>/g, "");

async function openCard() {
  await app.keys(Key.F2);
  const search = await app.visible("[data-testid=search]");
  await search.clear();
  await search.sendKeys(number);
  await app.until(async () => {
    const rows = await app.$$("[data-testid=journal-row]");
    return rows.length === 1 && (await rows[0].getAttribute("data-number")) === number;
  }, 10000, `the journal does not show ${number} alone`);
  await (await app.$("[data-testid=journal]")).click();
  await app.keys(Key.ENTER);
  await app.visible("[data-testid=card]");
}

test("Ctrl+P on the card saves its registration and control card as PDF", async () => {
  await openCard();
  await app.chord(Key.CONTROL, "p");
  await app.visible("[data-testid=papers-dialog]");
  // Nothing to notify the applicant of yet, and the dialog says why.
  await app.waitText("[data-paper=redirect] [data-testid=paper-unavailable]", /не направлялось по компетенции/);
  await app.waitText("[data-paper=extension] [data-testid=paper-unavailable]", /не продлевался/);
  await app.visible("[data-paper=answer] [data-testid=paper-docx]");
  await app.click("[data-paper=card] [data-testid=paper-pdf]");
  await app.waitText("[data-testid=paper-saved]", /Карточка_.*\.pdf/);
  const pdf = saved().find((f) => f.startsWith("Карточка_") && f.endsWith(".pdf"));
  assert.ok(pdf, saved().join(", "));
  const text = pdfText(pdf);
  assert.match(text, new RegExp(`Регистрационно-контрольная карточка обращения № ${number}`));
  assert.match(text, /Бумагина Анна Сергеевна/);
  assert.match(text, /Не вывозят мусор с площадки на ул\. Мичурина\./);
  assert.match(text, /Ход рассмотрения/);
  await app.keys(Key.ESCAPE);
  await app.gone("[data-testid=papers-dialog]");
});

test("after an extension the notice is offered and names the applicant and the new date", async () => {
  await app.click("[data-action=extend]");
  await app.type("[data-testid=action-dialog] [name=reason]", "Нужен запрос региональному оператору");
  await app.click("[data-testid=action-confirm]");
  await app.gone("[data-testid=action-dialog]");
  await app.waitText("[data-testid=card-status]", /Срок продлён/);
  const due = await app.text("[data-testid=card-due]");

  await app.click("[data-testid=card-papers]");
  await app.visible("[data-paper=extension] [data-testid=paper-docx]");
  await app.click("[data-paper=extension] [data-testid=paper-docx]");
  await app.waitText("[data-testid=paper-saved]", /Уведомление_о_продлении_.*\.docx/);
  // The card still owes the date the notice went out; the dialog says where to record it.
  await app.waitText("[data-testid=paper-hint]", /«Отметить уведомление о продлении»/);
  const docx = saved().find((f) => f.startsWith("Уведомление_о_продлении_") && f.endsWith(".docx"));
  const text = docxText(docx);
  assert.match(text, /Уведомление о продлении срока рассмотрения обращения/);
  assert.match(text, /Уважаемая Анна Сергеевна!/);
  assert.match(text, new RegExp(`до ${due.replace(/\./g, "\\.")} включительно`));
  assert.match(text, /частью 2 статьи 12 Федерального закона от 02\.05\.2006 № 59-ФЗ/);
  // Redirection is still not there to notify of.
  await app.waitText("[data-paper=redirect] [data-testid=paper-unavailable]", /не направлялось/);
  await app.screenshot("card-papers");
  await app.keys(Key.ESCAPE);
  await app.gone("[data-testid=papers-dialog]");
});

test("an anonymous appeal gets its card but no notices", async () => {
  const anon = JSON.parse(mcu(app.db, "add", "--json", "-", "--format", "json", {
    input: JSON.stringify({ ...APPEAL, anonymous: true, applicant_name: "", applicant_address: "", text: "Анонимно: яма у магазина." }),
  })).number;
  number = anon;
  await openCard();
  await app.chord(Key.CONTROL, "p");
  await app.visible("[data-paper=card] [data-testid=paper-pdf]");
  for (const kind of ["redirect", "extension"]) {
    await app.waitText(`[data-paper=${kind}] [data-testid=paper-unavailable]`, /анонимное: уведомление направить некому/);
  }
  await app.waitText("[data-paper=answer] [data-testid=paper-unavailable]", /анонимное: ответ направить некому/);
});
