/**
 * Who does a task, as notices say it: "（A牵头，B、C配合）", "由A、B、C负责", "（A牵头，B、C按
 * 职责分工负责）", "A会同B", "牵头单位：A；责任单位：B、C", or an agency at the head of a clause
 * ("各区（市）局要…", "请区（市）局分别于…"). The document's order of agencies is kept: the
 * first named is the lead.
 */
import { looksLikeAgency, splitUnitList } from './units';

export interface Roles {
  /** The lead first, then any other unit responsible in its own right. */
  assignees: string[];
  cooperating: string[];
  /** The text the roles were read from, relative to the text given. */
  start: number;
  end: number;
}

const agencies = (value: string) =>
  splitUnitList(value.replace(/[(（](?:详见|含|以下|下同)[^()（）]*[)）]/g, ''))
    .map((name) => name.replace(/(负责|牵头|配合|参与|落实)$/, '').trim())
    .filter((name) => looksLikeAgency(name));

/** Reads a role statement (the inside of a parenthesis, or 牵头单位：… lines); undefined if it names no roles. */
export function parseRoleStatement(statement: string): Pick<Roles, 'assignees' | 'cooperating'> | undefined {
  const assignees: string[] = [];
  const cooperating: string[] = [];
  // Commas separate roles ("A牵头，B、C配合") and, in labelled lists, names ("责任单位：A,B"):
  // a piece without a role word continues the labelled list before it.
  const segments: string[] = [];
  for (const piece of statement.split(/[;；。，,]/)) {
    const previous = segments[segments.length - 1];
    if (/(牵头|配合|负责|参与|协同|协助|会同|单位\s*[:：])/.test(piece) || previous === undefined) segments.push(piece);
    else if (/^[^:：]*单位\s*[:：]/.test(previous)) segments[segments.length - 1] = `${previous}、${piece}`;
  }
  for (const raw of segments) {
    const segment = raw.trim();
    const labelled = /^(牵头(?:责任)?单位|主责单位|责任单位|配合单位|协同责任单位|协同单位|参与单位)\s*[:：]\s*(.+)$/.exec(segment);
    if (labelled) {
      const names = agencies(labelled[2]!);
      if (/牵头|主责/.test(labelled[1]!) || (assignees.length === 0 && labelled[1] === '责任单位')) assignees.push(...names);
      else cooperating.push(...names);
      continue;
    }
    const together = /^(?:由)?(.+?)会同(.+?)(?:负责|落实|研究|推进|$)/.exec(segment);
    const lead = /^(?:由)?(.+?)牵头(?:负责)?$/.exec(segment);
    const helps = /^(.+?)(?:配合|参与|协助|协同)$/.exec(segment);
    const responsible = /^(?:由)?(.+?)(?:按职责分工负责|按职责负责|分别负责|负责落实|共同负责|负责)$/.exec(segment);
    if (together) {
      assignees.push(...agencies(together[1]!));
      cooperating.push(...agencies(together[2]!));
    } else if (lead) {
      assignees.push(...agencies(lead[1]!));
    } else if (helps) {
      cooperating.push(...agencies(helps[1]!));
    } else if (responsible) {
      (assignees.length === 0 ? assignees : cooperating).push(...agencies(responsible[1]!));
    }
  }
  return assignees.length + cooperating.length > 0 ? { assignees, cooperating } : undefined;
}

/** A role parenthesis in a sentence: "（市政府办公室牵头，各县市区按职责分工负责）". */
export function findRoleParenthesis(sentence: string): Roles | undefined {
  const pattern = /[（(]([^（）()]{2,160}?(?:牵头|负责|配合|会同|责任单位)[^（）()]*)(?:[）)]|$)/g;
  for (const match of sentence.matchAll(pattern)) {
    const roles = parseRoleStatement(match[1]!.replace(/^[^，,;；:：]*指标[，,]/, ''));
    if (roles) return { ...roles, start: match.index ?? 0, end: (match.index ?? 0) + match[0].length };
  }
  return undefined;
}

// Words that end the agency at a clause's head (应急管理局, 组织部, 各牵头单位 are names, not verbs).
const subjectEnd = /(?=要求?|应当|应(?!急)|须|必须|务必|务于|分别于|于|在每|在|每|将|适时|负责(?!人)|组织(?!部)|牵头(?!单位)|按照|根据|结合|认真|抓好|及时|统一|填报|从|到|围绕|广泛|积极|进一步|至少|不少于|召开|开展|举办)/;

/**
 * The agency heading a clause: "各区（市）局要建立…" → 各区（市）局. Looks at each clause
 * (split at commas) up to `before`, and returns the last one that starts with an agency.
 */
export function findSubject(sentence: string, before = sentence.length): Roles | undefined {
  let found: (Roles & { verb: string; clause: number }) | undefined;
  let offset = 0;
  sentence.split(/(?<=[，,：:])/).forEach((clause, index) => {
    if (offset >= before) return;
    const stripped = clause.replace(/^[(（]/, '').replace(/^(?:[一二三四五六七八九十]+[、.．]|[0-9]+[.．、]|[（(][一二三四五六七八九十0-9]+[）)]|[一二三四五六七八九十]+是)/, '');
    const lead = clause.length - stripped.length;
    const head = /^(?:请|由|要求)?/.exec(stripped)![0].length;
    const rest = stripped.slice(head);
    const cut = rest.search(subjectEnd);
    const candidate = cut > 0 ? rest.slice(0, cut) : '';
    // A clause led by a preposition (对各区（市）局…, 向上级部门…) names an object, not who acts.
    const names = candidate && !/^(对|向|为|与|和|同|把|给|在|按|经)/.test(candidate) ? agencies(candidate) : [];
    if (names.length > 0 && looksLikeAgency(candidate.replace(/[(（](?:详见|含|以下|下同)[^()（）]*[)）]/g, ''))) {
      const verb = rest.slice(cut, cut + 2);
      const start = offset + lead + head;
      // "市直各有关单位填报…，各镇（乡）人民政府填报…，于每年9月10日前报送": parallel clauses with the same verb share the task.
      const parallel = found && found.clause === index - 1 && found.verb === verb;
      found = parallel
        ? { ...found!, assignees: [...found!.assignees, ...names], end: start + cut, clause: index }
        : { assignees: names, cooperating: [], start, end: start + cut, verb, clause: index };
    }
    offset += clause.length;
  });
  return found && { assignees: found.assignees, cooperating: found.cooperating, start: found.start, end: found.end };
}
