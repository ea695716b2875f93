export interface SlugOptions {
  /** Separator between words. Default "-". */
  separator?: string;
  /** Lower-case the result. Default true. */
  lower?: boolean;
  /** Maximum length; the slug is cut at a word boundary. */
  maxLength?: number;
}

const COMBINING = /[\u0300-\u036f]/g;
const SPECIAL: Record<string, string> = { ß: 'ss', æ: 'ae', ø: 'o', đ: 'd', ł: 'l', œ: 'oe', '&': ' and ' };

export function slugify(input: string, opts: SlugOptions = {}): string {
  const sep = opts.separator ?? '-';
  let s = input.normalize('NFKD').replace(COMBINING, '');
  s = s.replace(/[ßæøđłœ&]/gi, (ch) => SPECIAL[ch.toLowerCase()] ?? ch);
  if (opts.lower ?? true) s = s.toLowerCase();
  s = s.replace(/[^\p{L}\p{N}]+/gu, sep).replace(new RegExp(`^${escape(sep)}|${escape(sep)}$`, 'g'), '');
  if (opts.maxLength && s.length > opts.maxLength) {
    const cut = s.slice(0, opts.maxLength);
    const at = cut.lastIndexOf(sep);
    s = at > 0 ? cut.slice(0, at) : cut;
  }
  return s;
}

function escape(str: string): string {
  return str.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
