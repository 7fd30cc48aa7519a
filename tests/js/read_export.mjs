// Reads a cardnote export with ical.js (Mozilla's parser, the one Thunderbird uses) and prints what it got as JSON.
// Usage: node tests/js/read_export.mjs vcard|jcard|ics FILE
// vcard: vCard 3.0 or 4.0 text (several per file); jcard: a JSON array of jCards; ics: an iCalendar file.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const ICAL = require("ical.js");

const [kind, file] = process.argv.slice(2);
const text = readFileSync(file, "utf8");

function values(component, name) {
  return component.getAllProperties(name).map((p) => p.getValues().map((v) => (typeof v === "object" ? v.toString() : v)));
}

function card(component) {
  const adr = component.getFirstProperty("adr");
  const parts = adr ? adr.getFirstValue() : null;
  const list = (v) => (Array.isArray(v) ? v : [v]);
  return {
    version: component.getFirstPropertyValue("version"),
    fn: component.getFirstPropertyValue("fn"),
    n: component.getFirstProperty("n") ? list(component.getFirstPropertyValue("n")) : null,
    org: component.getFirstProperty("org") ? list(component.getFirstPropertyValue("org")) : null,
    title: component.getFirstPropertyValue("title"),
    emails: values(component, "email").map((v) => v[0]),
    tels: values(component, "tel").map((v) => String(v[0])),
    adr: parts ? list(parts) : null,
    label: adr ? adr.getParameter("label") ?? null : null,
    label_property: component.getFirstPropertyValue("label"),
    notes: values(component, "note").map((v) => v[0]),
    categories: values(component, "categories").flat(),
  };
}

let out;
if (kind === "vcard") {
  // ICAL.parse returns one jCard for a single vCard and an array of them for several
  let parsed = ICAL.parse(text);
  if (parsed[0] === "vcard") parsed = [parsed];
  out = parsed.map((jcard) => card(new ICAL.Component(jcard)));
} else if (kind === "jcard") {
  out = JSON.parse(text).map((jcard) => card(new ICAL.Component(jcard)));
} else if (kind === "ics") {
  const calendar = new ICAL.Component(ICAL.parse(text));
  out = calendar.getAllSubcomponents("vtodo").map((todo) => ({
    uid: todo.getFirstPropertyValue("uid"),
    summary: todo.getFirstPropertyValue("summary"),
    description: todo.getFirstPropertyValue("description"),
    due: String(todo.getFirstPropertyValue("due")),
    status: todo.getFirstPropertyValue("status"),
  }));
} else {
  throw new Error(`unknown kind ${kind}`);
}
process.stdout.write(JSON.stringify(out));
