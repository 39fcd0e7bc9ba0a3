/**
 * The issuer's contacts as notices print them: 联系人：殷金保、王蓓 联系电话：3286097 3286031
 * 邮 箱：scjgbhk@zz.shandong.cn, or in parentheses after a deadline. Phone numbers and mailboxes
 * are listed in the order printed; names are the 2–4 character names after 联系人.
 */
import type { SourceSpan } from './text';
import { splitSentences } from './text';

export interface Contacts {
  names: string[];
  phones: string[];
  emails: string[];
  sources: SourceSpan[];
}

const emailPattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Every contact the notice prints, each with the sentence it came from. */
export function extractContacts(text: string): Contacts {
  const contacts: Contacts = { names: [], phones: [], emails: [], sources: [] };
  const add = (list: string[], value: string) => {
    if (!list.includes(value)) list.push(value);
  };
  // Contact lines are split at 。；, not at the commas between 联系人 and 电话.
  for (const sentence of splitSentences(text)) {
    let found = false;
    const names = /联\s*系\s*人\s*[:：]\s*([\u4e00-\u9fa5、，,\s]{2,40}?)(?=\s*(?:[,，;；]?\s*(?:联系)?电\s*话|传\s*真|邮\s*箱|电子邮箱|$|[)）]))/.exec(sentence.text);
    if (names) {
      for (const name of names[1]!.split(/[、，,\s]+/)) if (/^[\u4e00-\u9fa5]{2,4}$/.test(name)) add(contacts.names, name);
      found = true;
    }
    const phones = /(?:联系)?电\s*话\s*[:：]\s*([0-9０-９()（）\-—–\s、，,/]{5,60})/.exec(sentence.text);
    if (phones) {
      for (const phone of phones[1]!.split(/[\s、，,/]+/)) {
        const digits = phone.normalize('NFKC').replace(/[()（）]/g, '');
        if (/^[0-9][0-9\-—–]{4,}$/.test(digits)) add(contacts.phones, digits);
      }
      found = true;
    }
    if (/(邮\s*箱|电子邮件|e-?mail)/i.test(sentence.text)) {
      for (const email of sentence.text.match(emailPattern) ?? []) add(contacts.emails, email);
      found = found || (sentence.text.match(emailPattern)?.length ?? 0) > 0;
    }
    if (found) contacts.sources.push({ start: sentence.start, end: sentence.end, sentence: sentence.text });
  }
  return contacts;
}
