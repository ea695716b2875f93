// Strips control and bidi characters from log lines before they are shown.
export const CONTROL = new RegExp("[\0-\x1f\x7f-\x9f‎‏‪‫‬‭‮⁦⁧⁨⁩]", "g");
export function clean(line) {
  return String(line).replace(CONTROL, "");
}
