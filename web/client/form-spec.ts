/**
 * The editor's form: every part of the definition language (config/definition/schema.ts), in
 * Chinese, section by section. Choices that depend on the definition (its units, groups, levels,
 * messages, events) are named by an OptionSource and filled in when the form is drawn.
 */
import type { FieldSpec, SectionSpec } from './form-model';

const contactFields: FieldSpec[] = [
  { type: 'text', key: 'name', label: '姓名' },
  { type: 'text', key: 'role', label: '职务', optional: true },
  { type: 'text', key: 'phone', label: '电话', optional: true },
  { type: 'text', key: 'email', label: '邮箱', optional: true },
];
const contacts = (key: string, label: string): FieldSpec => ({ type: 'list', key, label, fields: contactFields, newItem: () => ({ name: '新联系人' }), itemTitle: (item) => String((item as { name?: unknown }).name ?? '联系人') });

const reminderFields: FieldSpec[] = [
  { type: 'list', key: 'before', label: '截止前提醒', fields: [{ type: 'offset', key: '', label: '提前' }], newItem: () => ({ workingDays: 3 }), itemTitle: offsetTitle },
  { type: 'time', key: 'time', label: '提醒时间', optional: true },
  { type: 'checkbox', key: 'onHolidays', label: '节假日也发送', default: false },
  { type: 'multi', key: 'to', label: '收件人', options: 'recipients' },
  { type: 'multi', key: 'cc', label: '抄送', options: 'recipients' },
];

function offsetTitle(item: unknown): string {
  const offset = (item ?? {}) as { days?: number; workingDays?: number };
  return offset.workingDays !== undefined ? `${offset.workingDays} 个工作日` : `${offset.days ?? '?'} 天`;
}

const isKind = (kind: string) => (item: Record<string, unknown>) => item.kind === kind;

const obligationFields: FieldSpec[] = [
  { type: 'text', key: 'id', label: '任务编号', help: '小写字母、数字和连字符，用于工作流编号' },
  { type: 'text', key: 'title', label: '任务名称' },
  { type: 'lines', key: 'measure', label: '方案条目', help: '如 二(三)五；多条每行一条' },
  {
    type: 'select',
    key: 'kind',
    label: '类型',
    options: [
      { value: 'submission', label: '报送（一次）' },
      { value: 'count', label: '次数（如召开 1-2 次）' },
      { value: 'recurring', label: '周期或围绕时间节点' },
    ],
  },
  { type: 'multi', key: 'assignees', label: '承办单位（牵头在前）', options: 'unitsAndGroups' },
  { type: 'multi', key: 'cooperating', label: '配合单位', options: 'unitsAndGroups' },
  { type: 'deadline', key: 'due', label: '截止', optional: true },
  { type: 'recurrence', key: 'recurrence', label: '周期', when: isKind('recurring') },
  { type: 'number', key: 'min', label: '至少（次）', when: isKind('count') },
  { type: 'number', key: 'max', label: '至多（次）', optional: true, when: isKind('count') },
  { type: 'lines', key: 'evidence', label: '每次须报告的内容（每行一项）', when: isKind('count') },
  {
    type: 'switch',
    key: 'reminders',
    label: '提醒',
    choices: [
      { label: '使用默认提醒', value: undefined },
      { label: '不提醒（常开渠道）', value: false },
      { label: '自定义', value: { before: [{ workingDays: 3 }], to: ['unit-contacts'] }, fields: reminderFields },
    ],
  },
  { type: 'checkbox', key: 'escalation', label: '逾期后督办', default: true },
  { type: 'checkbox', key: 'evaluated', label: '计入绩效考核', default: true },
  {
    type: 'switch',
    key: 'submission',
    label: '报送内容',
    choices: [
      { label: '默认（一段文字）', value: undefined },
      {
        label: '自定义字段和附件',
        value: { fields: [{ id: 'content', label: '报送内容' }] },
        fields: [
          {
            type: 'list',
            key: 'fields',
            label: '填写项',
            fields: [
              { type: 'text', key: 'id', label: '编号' },
              { type: 'text', key: 'label', label: '名称' },
              { type: 'checkbox', key: 'required', label: '必填', default: true },
              { type: 'number', key: 'maxLength', label: '最多字数', optional: true },
            ],
            newItem: () => ({ id: 'field', label: '填写项' }),
            itemTitle: (item) => String((item as { label?: unknown }).label ?? '填写项'),
          },
          {
            type: 'switch',
            key: 'attachments',
            label: '附件',
            choices: [
              { label: '不收附件', value: undefined },
              {
                label: '收附件',
                value: { maxCount: 5, maxSizeMb: 20 },
                fields: [
                  { type: 'number', key: 'maxCount', label: '最多个数' },
                  { type: 'number', key: 'maxSizeMb', label: '单个最大（MB）' },
                  { type: 'lines', key: 'types', label: '允许的类型（每行一个，如 pdf）' },
                ],
              },
            ],
          },
        ],
      },
    ],
  },
  { type: 'textarea', key: 'note', label: '备注', optional: true },
];

/** The form's sections, in the order of a definition file. */
export const formSections: SectionSpec[] = [
  {
    id: 'campaign',
    title: '活动信息',
    fields: [
      {
        type: 'group',
        key: 'campaign',
        label: '',
        fields: [
          { type: 'text', key: 'id', label: '活动编号', help: '小写字母、数字和连字符，是每个工作流编号的一部分' },
          { type: 'text', key: 'title', label: '活动名称' },
          { type: 'text', key: 'documentNumber', label: '发文字号' },
          { type: 'select', key: 'issuer', label: '发文单位', options: 'units' },
          { type: 'date', key: 'issuedOn', label: '印发日期' },
          { type: 'group', key: 'period', label: '活动期限', fields: [{ type: 'date', key: 'start', label: '开始' }, { type: 'date', key: 'end', label: '结束' }] },
          { type: 'select', key: 'reportsTo', label: '报送对象', options: 'units' },
          { type: 'text', key: 'mailbox', label: '报送邮箱', optional: true },
          { type: 'text', key: 'timeZone', label: '时区', optional: true },
          contacts('contacts', '联系人'),
          contacts('supervisors', '督办人员'),
          { type: 'group', key: 'onPause', label: '暂停时', fields: [{ type: 'checkbox', key: 'shiftDeadlines', label: '恢复后截止时间按暂停天数顺延', default: true }] },
        ],
      },
      { type: 'lines', key: 'include', label: '引用的共用文件（每行一个）' },
    ],
  },
  {
    id: 'units',
    title: '单位与单位组',
    fields: [
      {
        type: 'list',
        key: 'units',
        label: '单位',
        fields: [
          { type: 'text', key: 'id', label: '编号' },
          { type: 'text', key: 'name', label: '名称' },
          { type: 'select', key: 'kind', label: '类别', options: 'unitKinds' },
          { type: 'select', key: 'parent', label: '上级单位', options: 'units', optional: true },
          contacts('contacts', '联系人'),
        ],
        newItem: () => ({ id: 'new-unit', name: '新单位', kind: 'district' }),
        itemTitle: (item) => String((item as { name?: unknown }).name ?? '单位'),
      },
      { type: 'map', key: 'groups', label: '单位组', fields: [{ type: 'multi', key: '', label: '成员', options: 'units' }], newEntry: () => [] },
    ],
  },
  {
    id: 'calendar',
    title: '重要时间节点',
    fields: [
      {
        type: 'group',
        key: 'calendar',
        label: '',
        fields: [
          {
            type: 'list',
            key: 'events',
            label: '时间节点',
            fields: [
              { type: 'text', key: 'id', label: '编号' },
              { type: 'text', key: 'name', label: '名称' },
              { type: 'date', key: 'date', label: '日期', optional: true },
              { type: 'date', key: 'start', label: '或：开始', optional: true },
              { type: 'date', key: 'end', label: '结束', optional: true },
              { type: 'text', key: 'note', label: '说明', optional: true },
            ],
            newItem: () => ({ id: 'new-event', name: '新时间节点', date: '2022-01-01' }),
            itemTitle: (item) => String((item as { name?: unknown }).name ?? '时间节点'),
          },
        ],
      },
    ],
  },
  {
    id: 'defaults',
    title: '默认提醒',
    fields: [
      {
        type: 'group',
        key: 'defaults',
        label: '',
        fields: [
          { type: 'time', key: 'dueTime', label: '截止时刻', optional: true },
          { type: 'select', key: 'onHoliday', label: '截止日遇节假日', options: 'holidayRules', optional: true },
          { type: 'group', key: 'reminders', label: '提醒', fields: reminderFields },
        ],
      },
    ],
  },
  {
    id: 'escalation',
    title: '督办层级与规则',
    fields: [
      {
        type: 'group',
        key: 'escalation',
        label: '',
        fields: [
          {
            type: 'list',
            key: 'levels',
            label: '督办层级（逾期后依次）',
            fields: [
              { type: 'text', key: 'id', label: '编号' },
              { type: 'text', key: 'name', label: '名称' },
              { type: 'offset', key: 'after', label: '逾期后' },
              { type: 'multi', key: 'notify', label: '通知', options: 'recipients' },
              { type: 'select', key: 'message', label: '消息模板', options: 'messages' },
              { type: 'checkbox', key: 'requiresDecision', label: '须督办人员决定', default: false },
            ],
            newItem: () => ({ id: 'new-level', name: '新层级', after: { workingDays: 10 }, notify: ['unit-contacts'], message: 'supervision-notice' }),
            itemTitle: (item) => String((item as { name?: unknown }).name ?? '层级'),
          },
          {
            type: 'list',
            key: 'rules',
            label: '规则',
            fields: [
              { type: 'text', key: 'id', label: '编号' },
              { type: 'text', key: 'description', label: '说明', optional: true },
              { type: 'json', key: 'when', label: '条件（JSON-Logic）', help: '变量：record.overdueCount、record.supervisionNotices、record.interviews、record.criticisms' },
              { type: 'select', key: 'escalateTo', label: '升级到', options: 'levels' },
            ],
            newItem: () => ({ id: 'new-rule', description: '新规则', when: { '>=': [{ var: 'record.supervisionNotices' }, 2] }, escalateTo: 'supervision-notice' }),
            itemTitle: (item) => String((item as { description?: unknown; id?: unknown }).description ?? (item as { id?: unknown }).id ?? '规则'),
          },
        ],
      },
    ],
  },
  {
    id: 'obligations',
    title: '任务',
    fields: [{ type: 'list', key: 'obligations', label: '任务', fields: obligationFields, newItem: () => ({ id: 'new-obligation', title: '新任务', measure: '通知', assignees: [], kind: 'submission', due: { date: '2022-12-31' } }), itemTitle: (item, index) => `${index + 1}. ${String((item as { title?: unknown }).title ?? '任务')}` }],
  },
  {
    id: 'messages',
    title: '消息模板',
    fields: [
      {
        type: 'map',
        key: 'messages',
        label: '模板',
        fields: [
          { type: 'text', key: 'subject', label: '主题' },
          { type: 'textarea', key: 'text', label: '正文（纯文本）' },
          { type: 'textarea', key: 'html', label: '正文（HTML）', optional: true },
        ],
        newEntry: () => ({ subject: '主题', text: '正文' }),
      },
    ],
  },
  {
    id: 'evaluation',
    title: '绩效考核',
    fields: [
      {
        type: 'group',
        key: 'evaluation',
        label: '',
        fields: [
          { type: 'number', key: 'base', label: '基础分', optional: true },
          {
            type: 'group',
            key: 'weights',
            label: '权重（扣分为负数）',
            fields: [
              { type: 'number', key: 'perWorkingDayLate', label: '每逾期一个工作日' },
              { type: 'number', key: 'returnedForRevision', label: '每次退回修改' },
              { type: 'number', key: 'perEscalationLevel', label: '每督办一级' },
              { type: 'number', key: 'missing', label: '未报送' },
              { type: 'number', key: 'countTargetMissed', label: '次数未达标' },
              { type: 'number', key: 'onTime', label: '按时报送', optional: true },
              { type: 'number', key: 'supervisionNotice', label: '每次督办通知', optional: true },
              { type: 'number', key: 'interview', label: '每次约谈', optional: true },
              { type: 'number', key: 'publicCriticism', label: '每次通报批评', optional: true },
              { type: 'number', key: 'praise', label: '每次表扬', optional: true },
            ],
          },
          { type: 'number', key: 'maxWorkingDaysLatePerObligation', label: '每项任务最多计逾期工作日', optional: true },
          { type: 'group', key: 'praise', label: '表扬', fields: [{ type: 'number', key: 'minScore', label: '分数不低于' }, { type: 'number', key: 'maxUnits', label: '最多单位数', optional: true }] },
          { type: 'group', key: 'criticism', label: '通报批评', fields: [{ type: 'number', key: 'maxScore', label: '分数不高于' }, { type: 'number', key: 'maxUnits', label: '最多单位数', optional: true }] },
        ],
      },
    ],
  },
];
