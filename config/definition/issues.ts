/**
 * Problems found in a campaign definition, kept as data until they are shown to a person:
 * where (file, line, column, field path), what was expected and what was found.
 */

export type FieldPath = (string | number)[];

export interface DefinitionIssue {
  file: string;
  line?: number;
  column?: number;
  path: FieldPath;
  /** Short English phrase, e.g. "a date YYYY-MM-DD"; translated by {@link formatIssue}. */
  expected: string;
  /** What was there, as the user wrote it (JSON-ish), if anything. */
  found?: string;
  /** The YAML parser's error code (`BAD_INDENT`, …), for a file that is not valid YAML. */
  parserCode?: string;
  /** Text inside the value to point at (a `{{variable}}` in a template), when the value is longer. */
  pointAt?: string;
  /** The same as `expected`, in Chinese, from a checker whose phrases the table below does not know. */
  expectedZh?: string;
  /**
   * 'warning': the definition is valid and runs, but a person should know (a year on the
   * provisional calendar); `expected` is then the whole sentence. Absent: a problem (an error).
   */
  severity?: 'warning';
}

/** An issue before the loader places it in its file (line and column from the YAML nodes). */
export type UnlocatedIssue = Omit<DefinitionIssue, 'file' | 'line' | 'column'>;

/** Raised when a definition cannot be used; carries every issue found, not only the first, and the warnings found with them. */
export class DefinitionError extends Error {
  readonly code = 'DEFINITION';
  constructor(
    readonly issues: DefinitionIssue[],
    readonly warnings: DefinitionIssue[] = [],
  ) {
    super(issues.map((issue) => formatIssue(issue, 'en')).join('\n'));
  }
}

export type Language = 'en' | 'zh';

/** `a.yaml:12:7: obligations[2].due.date: expected a date YYYY-MM-DD, found "2022-13-01"` */
export function formatIssue(issue: DefinitionIssue, language: Language): string {
  const where = [issue.file, issue.line, issue.column].filter((part) => part !== undefined).join(':');
  const path = formatPath(issue.path);
  if (issue.severity === 'warning') {
    if (language === 'zh') return `${where}：${path ? `${path}：` : ''}警告：${issue.expectedZh ?? translateExpected(issue.expected)}`;
    return `${where}: ${path ? `${path}: ` : ''}warning: ${issue.expected}`;
  }
  if (language === 'zh') {
    const found = issue.found === undefined ? '' : `，实际为 ${translateFound(issue)}`;
    return `${where}：${path ? `${path}：` : ''}应为${issue.expectedZh ?? translateExpected(issue.expected)}${found}`;
  }
  const found = issue.found === undefined ? '' : `, found ${issue.found}`;
  return `${where}: ${path ? `${path}: ` : ''}expected ${issue.expected}${found}`;
}

/** In file order: by file, line and column. */
export function sortIssues(issues: DefinitionIssue[]): DefinitionIssue[] {
  return [...issues].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

export function formatPath(path: FieldPath): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

/** How a value found in the file is shown: strings quoted, objects abbreviated. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return `a mapping {${keys.slice(0, 4).map((key) => JSON.stringify(key)).join(', ')}${keys.length > 4 ? ', …' : ''}}`;
  }
  return String(value);
}

/*
 * Chinese. Everything a person reads is translated; what stays in Latin letters is code, set
 * off so that a reader (and test/definition-errors.test.ts) can tell it from prose: values as
 * written in the file in double quotes, names of the definition language (fields, kinds,
 * variables, operators, formats) in backquotes, `{{variables}}` as written, and the names of
 * the formats YAML and JSON-Logic. The location and the field path before 应为 are code too.
 */
const code = (text: string) => `\`${text}\``;
/** `a, b or c` → `a`、`b` 或 `c`; `a b c` (with separator / /) → `a`、`b`、`c` */
function codeList(text: string, separator: RegExp = /, | or /): string {
  const parts = text.split(separator).map((part) => code(part.trim()));
  if (!/ or /.test(text) || parts.length < 2) return parts.join('、');
  return `${parts.slice(0, -1).join('、')} 或 ${parts.at(-1)!}`;
}

type Phrase = [RegExp, (...groups: string[]) => string];

/** The phrases of `expected`, as the schema, the validator, the rules and the compiler write them. */
const expectedPhrases: Phrase[] = [
  [/^(.+) \(required\)$/, (inner) => `${translateExpected(inner)}（必填）`],
  [/^one of (.+)$/, (values) => `以下之一：${codeList(values, /, /)}`],
  [/^a date YYYY-MM-DD$/, () => `日期（${code('YYYY-MM-DD')}）`],
  [/^a real calendar date YYYY-MM-DD$/, () => `真实存在的日期（${code('YYYY-MM-DD')}）`],
  [/^a time of day HH:MM$/, () => `时刻（${code('HH:MM')}）`],
  [/^an id \(lower-case letters, digits, -\)$/, () => '标识（小写字母、数字、连字符）'],
  [/^an email address$/, () => '电子邮箱地址'],
  [/^a non-empty text$/, () => '非空文本'],
  [/^a text$/, () => '文本'],
  [/^a text of at least (\d+) characters?$/, (n) => `至少 ${n} 个字符的文本`],
  [/^a text of at most (\d+) characters?$/, (n) => `至多 ${n} 个字符的文本`],
  [/^a whole number of days$/, () => '整数天数'],
  [/^a whole number of working days$/, () => '整数工作日数'],
  [/^a whole number of working days >= 0$/, () => '不小于 0 的整数工作日数'],
  [/^a whole number of working days from (-\d+) to (\d+)$/, (min, max) => `${min} 至 ${max} 之间的整数工作日数`],
  [/^a whole number >= (\S+)$/, (n) => `不小于 ${n} 的整数`],
  [/^a whole number$/, () => '整数'],
  [/^a number >= (\S+)$/, (n) => `不小于 ${n} 的数`],
  [/^a number > (\S+)$/, (n) => `大于 ${n} 的数`],
  [/^a number <= (\S+)$/, (n) => `不大于 ${n} 的数`],
  [/^a number < (\S+)$/, (n) => `小于 ${n} 的数`],
  [/^a number$/, () => '数字'],
  [/^a list$/, () => '列表'],
  [/^at least (\d+) items?$/, (n) => `至少 ${n} 项`],
  [/^at most (\d+) items?$/, (n) => `至多 ${n} 项`],
  [/^a valid value$/, () => '有效的值'],
  [/^an allowed form$/, () => '允许的写法之一'],
  [/^a value \((.+)\)$/, (type) => `${code(type)} 类型的值`],
  [/^true or false$/, () => `${code('true')} 或 ${code('false')}`],
  [/^false or a reminder policy$/, () => `${code('false')} 或提醒规则`],
  [/^at least one unit or group$/, () => '至少一个单位或单位组'],
  [/^at least one offset$/, () => '至少一个提前量'],
  [/^at least one level$/, () => '至少一个督办层级'],
  [/^at least one field$/, () => '至少一个报送字段'],
  [/^at least one event$/, () => '至少一个重要时间节点'],
  [/^at least one unit$/, () => '至少一个单位'],
  [/^at least one obligation$/, () => '至少一项任务'],
  [/^exactly one of days or workingDays$/, () => `${code('days')} 与 ${code('workingDays')} 二者之一`],
  [/^either date, or start and end$/, () => `${code('date')}，或 ${code('start')} 与 ${code('end')}`],
  [/^no key (.+)$/, (key) => `该处不含字段 ${JSON.stringify(key)}`],
  [/^a unique id$/, () => '唯一的标识'],
  [/^a known unit or group$/, () => '已定义的单位或单位组'],
  [/^a known unit$/, () => '已定义的单位'],
  [/^a known event$/, () => '已定义的重要时间节点'],
  [/^a known obligation with a single deadline \(not recurring\)$/, () => '只有一个截止时间的任务（不是重复任务）'],
  [/^a known obligation$/, () => '已定义的任务'],
  [/^a known message template$/, () => '已定义的消息模板'],
  [/^a known escalation level$/, () => '已定义的督办层级'],
  [/^a template variable, one of (.+)$/, (names) => `模板变量，以下之一：${codeList(names, /, /)}`],
  [/^a section closed by (\S+)$/, (closing) => `以 ${closing} 结束的段落`],
  [/^a variable that (\S+) messages have, one of (.+)$/, (kind, names) => `${code(kind)} 消息能提供的模板变量，以下之一：${codeList(names, /, /)}`],
  [/^a deadline within the campaign period (\S+) … (\S+)$/, (start, end) => `活动期限（${start} 至 ${end}）内的截止时间`],
  [/^deadlines that do not depend on themselves$/, () => '不循环依赖的截止时间'],
  [/^a deadline: \{date: YYYY-MM-DD\} or \{from: …, workingDays\|days: N\}$/, () => `截止时间：${code('{date: YYYY-MM-DD}')} 或 ${code('{from: …, workingDays|days: N}')}`],
  [/^a deadline relative to each event \(from: each-event or each-event\.end\)$/, () => `相对于每个重要时间节点的截止时间（${code('from: each-event')} 或 ${code('each-event.end')}）`],
  [/^campaign\.start, campaign\.end, obligation\.<id> or event\.<id>\[\.end\] \(each-event only in an event recurrence\)$/, () =>
    `${codeList('campaign.start, campaign.end, obligation.<id> or event.<id>[.end]')}（${code('each-event')} 只用于按重要时间节点重复的任务）`],
  [/^(campaign\.start, campaign\.end, obligation\.<id>, event\.<id>\[\.end\] or each-event\[\.end\])$/, (forms) => `以下之一：${codeList(forms)}`],
  [/^a recurrence: \{every: (\S+), …\} or \{events: \[ids\]\}$/, (kinds) => `重复方式：${code(`{every: ${kinds}, …}`)} 或 ${code('{events: [ids]}')}`],
  [/^an anchor: .* or end$/, () => `时间锚点：${code('1 … 31')} 日、${code('"MM-DD"')}、${code('"MM-DD"')} 的列表、星期（${code('monday … sunday')}）或 ${code('end')}`],
  [/^for every year: on "MM-DD" or end$/, () => `按年重复时，${code('on')} 为 ${code('"MM-DD"')} 或 ${code('end')}`],
  [/^for every half-year: on .* or end$/, () => `按半年重复时，${code('on')} 为上、下半年各一个 ${code('"MM-DD"')} 的列表，或 ${code('end')}`],
  [/^for every quarter: on four "MM-DD", one in each quarter, or end$/, () => `按季度重复时，${code('on')} 为每季度各一个 ${code('"MM-DD"')}（共四个）的列表，或 ${code('end')}`],
  [/^for every month: on a day 1 … 31 or end$/, () => `按月重复时，${code('on')} 为 ${code('1 … 31')} 日或 ${code('end')}`],
  [/^for every week: on a weekday \(monday … sunday\) or end$/, () => `按周重复时，${code('on')} 为星期（${code('monday … sunday')}）或 ${code('end')}`],
  [/^an anchor for every (\S+): on or workingDaysAfter$/, (kind) => `${code(`every: ${kind}`)} 的时间锚点：${code('on')} 或 ${code('workingDaysAfter')}`],
  [/^on or workingDaysAfter, not both$/, () => `${code('on')} 与 ${code('workingDaysAfter')} 只写其一`],
  [/^only events in an event recurrence \(the deadline is its due\)$/, () => `按重要时间节点重复时只写 ${code('events')}（截止时间写在 ${code('due')}）`],
  [/^a date not before from$/, () => `不早于 ${code('from')} 的日期`],
  [/^a progress rhythm \{every: …\} or \{in: <obligation id>\}$/, () => `进展报送方式：${code('{every: …}')} 或 ${code('{in: <obligation id>}')}`],
  [/^none or the scoring rules \{weights, praise, criticism\}$/, () => `${code('none')} 或考核规则 ${code('{weights, praise, criticism}')}`],
  [/^a known unit kind, one of (.+) \(add others in unitKinds\)$/, (kinds) => `已定义的单位类型，以下之一：${codeList(kinds, /, /)}（其他类型请在 ${code('unitKinds')} 中定义）`],
  [/^a parent that is not the unit itself or below it$/, () => '不是本单位自身或其下级单位的上级单位'],
  [/^children-of: a known unit$/, () => `${code('children-of:')} 后为已定义的单位`],
  [/^children-of: a unit that is the parent of other units$/, () => `${code('children-of:')} 后为有下级单位（其他单位的 ${code('parent')}）的单位`],
  [/^a unit or group id, or children-of:<unit id>$/, () => `单位或单位组标识，或 ${code('children-of:<unit id>')}`],
  [/^a unit id, or children-of:<unit id>$/, () => `单位标识，或 ${code('children-of:<unit id>')}`],
  [/^a unit or group id, or a list of them$/, () => '单位或单位组标识，或其列表'],
  [/^false or \{workingDaysBefore: N\}$/, () => `${code('false')} 或 ${code('{workingDaysBefore: N}')}`],
  [/^assignees or lead \(one of them\)$/, () => `${code('assignees')} 或 ${code('lead')}（二者之一）`],
  [/^assignees or lead, not both$/, () => `${code('assignees')} 与 ${code('lead')} 只写其一`],
  [/^cooperating units whose part this is$/, () => `配合单位（${code('cooperating')}）`],
  [/^a deadline \(required without perPeriod\)$/, () => `截止时间（未写 ${code('perPeriod')} 时必填）`],
  [/^no due with perPeriod \(each period closes on its last working day\)$/, () => `写了 ${code('perPeriod')} 时不写 ${code('due')}（每期在其最后一个工作日截止）`],
  [/^a cumulative target only with perPeriod$/, () => `只在写了 ${code('perPeriod')} 时使用累计目标`],
  [/^a date within the campaign period (\S+) … (\S+)$/, (start, end) => `活动期限（${start} 至 ${end}）内的日期`],
  [/^no due with every \(the recurrence says when each occurrence is due\)$/, () => `写了 ${code('every')} 时不写 ${code('due')}（每期的截止时间由重复方式决定）`],
  [/^an obligation with deadlines of its own \(not an ongoing task\)$/, () => '有自身截止时间的任务（不是持续推进的任务）'],
  [/^the same definition wherever it is written$/, () => '各处相同的定义'],
  [/^a start time \(time\) with endTime$/, () => `写 ${code('endTime')} 时须有开始时刻 ${code('time')}`],
  [/^a measure reference like (\S+), or a list of them$/, (example) => `方案条目（如 ${example}）或方案条目的列表`],
  [/^a measure reference like (\S+)$/, (example) => `方案条目，如 ${example}`],
  [/^a list of unit or group ids$/, () => '单位或单位组标识的列表'],
  [/^kind: (.+)$/, (kinds) => `${code('kind')}：${codeList(kinds)}`],
  [/^(china-mainland)$/, (value) => code(value)],
  [/^valid YAML$/, () => '合法的 YAML'],
  [/^a readable file$/, () => '可读取的文件'],
  [/^a mapping$/, () => '映射（键值对）'],
  [/^a JSON-Logic expression \(a mapping\)$/, () => 'JSON-Logic 表达式（映射）'],
  [/^a JSON-Logic expression \(one operator per mapping\)$/, () => 'JSON-Logic 表达式（每个映射只含一个运算符）'],
  [/^a JSON-Logic operator, one of (.+)$/, (operators) => `JSON-Logic 运算符，以下之一：${codeList(operators, / /)}`],
  [/^a number or an expression$/, () => '数字或表达式'],
  [/^a rule variable, one of (.+)$/, (names) => `规则变量，以下之一：${codeList(names, /, /)}`],
  [/^min <= max$/, () => `${code('min')} 不大于 ${code('max')}`],
  [/^a key defined in only one file$/, () => '只在一个文件中定义的字段'],
  [/^a date within the supported years of the working-day calendar$/, () => '工作日日历支持年份内的日期'],
  [/^a date within the supported years (\d+) … (\d+)$/, (first, last) => `支持年份（${first} 至 ${last} 年）内的日期`],
  [/^a year (\d+) … (\d+)$/, (first, last) => `${first} 至 ${last} 之间的年份`],
  [/^one arrangement per year$/, () => '每年只有一份放假安排'],
  [/^a date of (\d+) \(or of December (\d+)\)$/, (year, before) => `${year} 年（或 ${before} 年 12 月）的日期`],
  [/^a day that is not also one of the holidays$/, () => '不在放假日期之内的日子'],
  [/^a Saturday or Sunday \(a weekday is a working day anyway\)$/, () => '周六或周日（周一至周五本来就是工作日）'],
  [
    /^(\d+) has no official holiday arrangement yet: .*$/,
    (year) => `${year} 年尚无国务院办公厅发布的放假安排，工作日为暂定（只按周末和法定节假日计算，不含调休）；安排公布后，请将其作为日历文件加入 ${code('include')}`,
  ],
  [/^a period whose start is not after its end$/, () => '开始日期不晚于结束日期'],
  [/^a known time zone$/, () => '有效的时区'],
  [/^message templates for every kind: (.+)$/, (kinds) => `每类消息的模板：${codeList(kinds, /, /)}`],
];

/** The phrases of `found`. */
const foundPhrases: Phrase[] = [
  [/^("(?:[^"\\]|\\.)*")$/, (value) => value],
  [/^nothing$/, () => '无'],
  [/^null$/, () => `空值（${code('null')}）`],
  [/^(true|false|NaN|-?Infinity)$/, (value) => code(value)],
  [/^a list of (\d+)$/, (n) => `含 ${n} 项的列表`],
  [/^a mapping \{(.*)\}$/, (keys) => (keys ? `映射（字段 ${keys.replace(/, /g, '、')}）` : '空映射')],
  [/^an unknown field$/, () => '未知字段'],
  [/^(".*") again$/, (value) => `重复的 ${value}`],
  [/^(\d+) again$/, (year) => `重复的 ${year}`],
  [/^(".*") is also a unit$/, (value) => `${value}，同时也是单位的标识`],
  [/^(".*") also in (.+)$/, (key, file) => `${key}，也在 ${code(file)} 中定义`],
  [/^(".*") defined differently in (.+)$/, (key, place) => `${key}，与 ${code(place)} 中的定义不同`],
  [/^both$/, () => '二者都写了'],
  [/^no cooperating units$/, () => '没有配合单位'],
  [/^a deadline$/, () => '截止时间'],
  [/^no perPeriod$/, () => `没有 ${code('perPeriod')}`],
  [/^no time$/, () => `没有 ${code('time')}`],
  [/^none for (.+)$/, (kinds) => `缺少 ${codeList(kinds, /, /)}`],
  [/^min (\S+), max (\S+)$/, (min, max) => `最小值 ${min}，最大值 ${max}`],
  [/^keys (.+)$/, (keys) => `字段 ${keys.replace(/, /g, '、')}`],
  [/^no keys$/, () => '没有字段'],
  [/^([a-z0-9-]+(?: → [a-z0-9-]+)+)$/, (cycle) => cycle.split(' → ').map(code).join(' → ')],
  [/^(\d{4}-\d{2}-\d{2}) is outside the supported years (\d+) … (\d+)$/, (date, first, last) => `${date}，超出支持的年份范围（${first} 至 ${last} 年）`],
  [/^(-?\d+) working days from (\S+) go beyond the supported years (\d+) … (\d+)$/, (count, date, first, last) => `自 ${date} 起 ${count} 个工作日，超出支持的年份范围（${first} 至 ${last} 年）`],
  [/^a working-day count must be a whole number from (-\d+) to (\d+), not (\S+)$/, (min, max, count) => `工作日数 ${count}，超出 ${min} 至 ${max} 的范围`],
  [/^(\S+) moved by (\S+) days is not a date of the years 0000 … 9999$/, (date, days) => `${date} 加 ${days} 天，超出可表示的日期范围`],
];

const fileErrors: Record<string, string> = { ENOENT: '文件不存在', EACCES: '无权读取', EISDIR: '这是一个目录', ENOTDIR: '路径中有一段不是目录' };

/** The YAML parser's error codes (yaml's ErrorCode), in Chinese. */
const yamlErrors: Record<string, string> = {
  ALIAS_PROPS: '别名不能带锚点或标签',
  BAD_ALIAS: '别名写法错误',
  BAD_DIRECTIVE: '指令写法错误',
  BAD_DQ_ESCAPE: '双引号字符串中的转义写法错误',
  BAD_INDENT: '缩进错误：同一层的各项应从同一列开始',
  BAD_PROP_ORDER: '锚点和标签应写在值之前',
  BAD_SCALAR_START: '这里不能以该字符开始一个值（请加引号）',
  BLOCK_AS_IMPLICIT_KEY: '多行的块不能作为键',
  BLOCK_IN_FLOW: '花括号或方括号内不能写多行的块',
  DUPLICATE_KEY: '同一映射中的键重复',
  IMPOSSIBLE: '无法解析的内容',
  KEY_OVER_1024_CHARS: '键超过 1024 个字符',
  MISSING_CHAR: '缺少字符（如未闭合的引号或括号）',
  MULTILINE_IMPLICIT_KEY: '键应写在一行内（可能缺少冒号后的空格或缩进错误）',
  MULTIPLE_ANCHORS: '一个值只能有一个锚点',
  MULTIPLE_DOCS: '一个文件只能有一个文档',
  MULTIPLE_TAGS: '一个值只能有一个标签',
  NON_STRING_KEY: '键应为文本',
  RESOURCE_EXHAUSTION: '别名展开过多',
  TAB_AS_INDENT: '不能用制表符缩进',
  TAG_RESOLVE_FAILED: '无法识别的标签',
  UNEXPECTED_TOKEN: '意外的字符',
  BAD_COLLECTION_TYPE: '集合类型与标签不符',
  ALIAS: '别名没有对应的锚点，或别名展开过多',
};

function applyPhrases(phrases: Phrase[], text: string): string | undefined {
  for (const [pattern, render] of phrases) {
    const match = pattern.exec(text);
    if (match) return render(...match.slice(1));
  }
  return undefined;
}

function translateExpected(expected: string): string {
  return applyPhrases(expectedPhrases, expected) ?? expected;
}

function translateFound(issue: DefinitionIssue): string {
  const found = issue.found ?? '';
  if (issue.parserCode) return `${yamlErrors[issue.parserCode] ?? 'YAML 语法错误'}（${code(issue.parserCode)}）`;
  if (issue.expected === 'a readable file') {
    const match = /^(.*) \((\w+)\)$/.exec(found);
    if (match) return `${code(match[1]!)}（${fileErrors[match[2]!] ?? code(match[2]!)}）`;
  }
  return translateOccurrences(found) ?? translateValue(found);
}

function translateValue(found: string): string {
  if (/^\{\{.*\}\}$/.test(found) || /^-?\d[\d.e+-]*$/.test(found) || /^[\d-]+ … [\d-]+$/.test(found)) return found;
  return applyPhrases(foundPhrases, found) ?? found;
}

/** `X (for a, b), Y (for c)`: what each occurrence had, as the compiler lists them (./../compile/context.ts). */
function translateOccurrences(found: string): string | undefined {
  const parts = [...found.matchAll(/(.+?) \(for ([^()]+)\)(?:, |$)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== found) return undefined;
  return parts.map(([, value, occurrences]) => `${translateValue(value!)}（${occurrences!.split(', ').map(code).join('、')}）`).join('；');
}
