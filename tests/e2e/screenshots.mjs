// Makes the screenshots in docs/ from synthetic demo data (never from real data):
//   xvfb-run -a -s "-screen 0 1280x800x24" node tests/e2e/screenshots.mjs
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startApp, mcu, Key } from "./harness.mjs";

const docs = resolve(import.meta.dirname, "../../docs");
mkdirSync(docs, { recursive: true });
const app = await startApp({ demo: 3000 });
const save = async (name) => {
  await app.b.sleep(700); // let the last frame paint
  copyFileSync(await app.screenshot(name), join(docs, `${name}.png`));
};
try {
  await app.login("Иванова А.П.");
  await app.visible("[data-testid=control-row]");
  await save("control");
  await app.keys(Key.F2);
  await app.visible("[data-testid=journal-row]");
  await save("journal");

  await app.click("[data-testid=filter-overdue]");
  await app.b.sleep(500);
  await app.keys(Key.ESCAPE);
  await (await app.$("[data-testid=journal]")).click();
  await app.keys(Key.ENTER);
  await app.visible("[data-testid=card]");
  await save("card");

  await app.keys(Key.ESCAPE);
  await app.visible("[data-testid=journal]");
  await app.chord(Key.CONTROL, "n");
  await app.visible("form [name=channel]");
  await app.select("[name=channel]", "pos");
  await app.select("[name=appeal_type]", "complaint");
  await app.type("[name=applicant_name]", "Образцова Анна Петровна");
  await app.select("[name=settlement]", "Мосты");
  await app.type("[name=address]", "ул. Набережная, 12");
  await app.type("[name=text]", "Третий день нет воды в доме, просим восстановить водоснабжение.");
  const t = await app.type("[name=questions]", "водоснабж");
  await app.visible("[data-testid=topic-suggestions]");
  await app.b.executeScript(() => document.querySelector("[name=address]").scrollIntoView({ block: "start" }));
  await save("form");
  await t.sendKeys(Key.ESCAPE);
  await app.keys(Key.ESCAPE);
  await app.click("[data-testid=confirm-yes]");

  await app.keys(Key.F6);
  await app.visible("[data-testid=heatmap] svg");
  await app.select("[data-testid=heatmap-rows]", "theme");
  await app.select("[data-testid=heatmap-cols]", "week");
  await app.type("[name=from]", "05.10.2026");
  await app.keys(Key.ENTER);
  await app.waitText("[data-testid=heatmap] svg", /05\.10\.2026/);
  await save("analytics-heatmap");
  await app.click("[data-testid=tab-map]");
  await app.visible("[data-testid=map] svg");
  await save("analytics-map");
  await app.click("[data-testid=tab-trends]");
  await app.type("[data-testid=trends-week]", "2026-W47");
  await app.keys(Key.ENTER);
  await app.waitText("[data-testid=trends-summary]", /2026-W47/);
  await save("analytics-trends");

  // Road maps: a measure from the first problem point and one typed in full.
  await app.click("[data-testid=trend-plan]");
  await app.visible("[data-testid=roadmap-form]");
  await app.type("textarea[name=measure]", "Обследовать сети, составить график ремонта");
  await app.type("input[name=responsible]", "Осипов А. В., МУП «ЖКХ Пестравского района»");
  await app.type("input[name=start_date]", "02.11.2026");
  await app.type("input[name=due_date]", "15.12.2026");
  await app.type("input[name=funding]", "средства МУП");
  await app.select("select[name=status]", "in_progress");
  await app.click("[data-testid=roadmap-save]");
  await app.gone("[data-testid=roadmap-form]");
  await app.click("[data-testid=roadmap-add]");
  await app.type("textarea[name=problem]", "Разбитое покрытие улиц после паводка");
  await app.type("textarea[name=measure]", "Ямочный ремонт ул. Набережной и ул. Садовой");
  await app.select("select[name=theme]", "roads");
  await app.type("input[name=responsible]", "Глава сельского поселения Мосты");
  await app.type("input[name=start_date]", "01.10.2026");
  await app.type("input[name=due_date]", "20.11.2026");
  await app.type("input[name=funding]", "дорожный фонд района");
  await app.click("[data-testid=roadmap-save]");
  await app.gone("[data-testid=roadmap-form]");
  await app.waitText("[data-testid=roadmap-summary]", /Мероприятий: 2/);
  await save("analytics-roadmap");
  await app.chord(Key.ALT, "6");
  await app.waitText("[data-testid=rating-row] td:first-child", /^1$/);
  await save("analytics-rating");

  await app.keys(Key.F7);
  await app.visible("[data-testid=weekly-preview]");
  await save("reports-weekly");
  await app.chord(Key.ALT, "2");
  await app.visible("[data-testid=indicators-preview]");
  await save("reports-indicators");

  // The printed weekly note, page by page (pdftoppm), from the same demo data.
  const pdf = join(app.dir, "note.pdf");
  mcu(app.db, "report", "weekly", "--week", "2026-W47", "--format", "pdf", "-o", pdf);
  const page = (n, name) => {
    const stem = join(app.dir, `page${n}`);
    execFileSync("pdftoppm", ["-png", "-r", "70", "-f", String(n), "-l", String(n), "-singlefile", pdf, stem]);
    copyFileSync(`${stem}.png`, join(docs, `${name}.png`));
  };
  page(1, "weekly-note-p1");
  page(2, "weekly-note-p2");
  // And the page where the road maps begin.
  const pages = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" }).split("\f");
  page(pages.findIndex((p) => p.includes("6. Дорожные карты")) + 1, "weekly-note-roadmap");
  page(pages.findIndex((p) => p.includes("Рейтинг ответственных получателей")) + 1, "weekly-note-rating");
  // The road map as the document the head of the district approves.
  const plan = join(app.dir, "plan.pdf");
  mcu(app.db, "roadmap", "export", "--format", "pdf", "-o", plan);
  execFileSync("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", plan, join(app.dir, "plan")]);
  copyFileSync(join(app.dir, "plan.png"), join(docs, "road-map-plan.png"));

  // Import: a small synthetic register and the mapping being built for it.
  mkdirSync(join(app.exportDir, "Импорт"), { recursive: true });
  const csv = join(app.exportDir, "Импорт", "реестр-сельсовета.csv");
  writeFileSync(csv, [
    "Номер;Когда;Текст;Поселение;Вопрос",
    "С-1;25.11.2026 08:30;Не вывезен мусор с площадки у клуба;Мосты;0003.0009.0097.0712",
    "С-2;26.11.2026 14:05;Не горит фонарь на остановке;Пестравка;0003.0009.0097.0690",
    "С-3;26.11.2026 15:40;Яма на дороге у школы;Марьевка;0003.0009.0099.0742",
  ].join("\n") + "\n");
  await app.click("[data-testid=nav-import]");
  await app.type("[name=file]", csv);
  await app.click("[data-testid=mapping-edit]");
  await app.click("[data-testid=mapping-from-file]");
  await app.waitValue("[name=mapping_text]", /text = "Текст"/);
  await app.select("[name=col-external_id]", "Номер");
  await app.select("[name=col-received_at]", "Когда");
  await app.select("[name=col-settlement]", "Поселение");
  await app.select("[name=col-topic]", "Вопрос");
  await app.waitValue("[name=mapping_text]", /topic = "Вопрос"/);
  await app.click("[data-testid=import-preview]");
  await app.visible("[data-testid=import-preview-table]");
  await app.b.executeScript(() => document.querySelector("[data-testid=import] h2").scrollIntoView());
  await save("import");

  await app.click("[data-testid=nav-reference]");
  await app.click("[data-testid=tab-settlements]");
  await app.visible("[data-testid=settlements]");
  await save("reference");

  await app.click("[data-testid=tab-backups]");
  await app.click("[data-testid=backup-now]");
  await app.visible("[data-testid=backup-made]");
  await app.visible("[data-testid=backup-list]");
  await save("reference-backups");
  await app.keys(Key.F7);
  await app.chord(Key.ALT, "4");
  await app.visible("[data-testid=change-row]");
  await save("reports-changes");
  await app.keys(Key.F9);
  await app.click("[data-testid=tab-office]");
  await app.visible("[data-testid=office-profile]");
  await save("reference-office");

  // The journal's last week as the register printed for a block head.
  const register = join(app.dir, "register.pdf");
  mcu(app.db, "--operator", "Иванова А.П.", "export", "journal", "--from", "2026-11-23", "--format", "pdf", "-o", register);
  execFileSync("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", register, join(app.dir, "register")]);
  copyFileSync(join(app.dir, "register.png"), join(docs, "journal-register.png"));

  // The papers of an appeal: a synthetic letter, extended in the card, then
  // its card and the notice to the applicant as printed (pdftoppm).
  const letter = JSON.parse(mcu(app.db, "add", "--json", "-", "--format", "json", {
    input: JSON.stringify({
      received_at: "2026-11-20T09:00", registered_at: "2026-11-20T10:00", channel: "letter", appeal_type: "complaint",
      applicant_name: "Образцова Анна Петровна", applicant_address: "446160, с. Пестравка, ул. Образцовая, д. 1",
      settlement: "Пестравка", address: "ул. Образцовая", text: "Не вывозят мусор с контейнерной площадки третью неделю.",
      questions: ["0005.0005.0056.1160"], block: "housing",
    }),
  })).number;
  await app.keys(Key.F2);
  await app.click("[data-testid=filter-reset]");
  const search = await app.visible("[data-testid=search]");
  await search.sendKeys(letter);
  await app.until(async () => (await app.$$("[data-testid=journal-row]")).length === 1);
  await (await app.$("[data-testid=journal]")).click();
  await app.keys(Key.ENTER);
  await app.click("[data-action=extend]");
  await app.type("[data-testid=action-dialog] [name=reason]", "Запрошены сведения у регионального оператора");
  await app.click("[data-testid=action-confirm]");
  await app.gone("[data-testid=action-dialog]");
  await app.chord(Key.CONTROL, "p");
  await app.visible("[data-paper=extension] [data-testid=paper-pdf]");
  await app.click("[data-paper=extension] [data-testid=paper-pdf]");
  await app.visible("[data-testid=paper-saved]");
  await save("card-papers");
  for (const [kind, name] of [["card", "paper-card"], ["extension", "paper-extension"]]) {
    const file = join(app.dir, `${name}.pdf`);
    mcu(app.db, "--operator", "Иванова А.П.", "paper", letter, "--kind", kind, "-o", file);
    execFileSync("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", file, join(app.dir, name)]);
    copyFileSync(join(app.dir, `${name}.png`), join(docs, `${name}.png`));
  }
} finally {
  await app.stop("screenshots-last");
}
