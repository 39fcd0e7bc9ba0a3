/**
 * 单位名录's pages: the units with their contacts, the groups, every saved version with what it
 * changed; a unit's form (several contacts, each with email and phone) and a group's members.
 */
import type { DirectoryVersion } from '../../app/directory';
import type { DirectoryUnit } from '../../config/definition/directory';
import type { DirectoryVersionSummary } from '../../store/directory';
import { chineseDateTime } from '../../config/time-format';
import { Html, html, page, type PageUser } from './html';
import { messages } from './people';

/** Blank contact rows a unit's form offers beyond its contacts. */
const blankContacts = 2;

function editFields(user: PageUser, basedOn: number): Html {
  return html`${versionFields(user, basedOn)}
    <label>修改说明（随版本保存）<input type="text" name="note" size="50"></label>`;
}

/** The token and the version an edit is based on (a save based on an older one is refused). */
const versionFields = (user: PageUser, basedOn: number) =>
  html`<input type="hidden" name="_csrf" value="${user.csrfToken}"><input type="hidden" name="basedOn" value="${basedOn}">`;

export function directoryPage(current: DirectoryVersion, versions: DirectoryVersionSummary[], kinds: Record<string, string>, user: PageUser, notice: { errors?: string[]; done?: string } = {}): string {
  const { directory } = current;
  const names = new Map(directory.units.map((unit) => [unit.id, unit.name]));
  const contactText = (unit: DirectoryUnit) =>
    unit.contacts.map((contact) => html`<div>${contact.name}${contact.role ? `（${contact.role}）` : ''} ${contact.email ?? ''} ${contact.phone ?? ''}</div>`);
  const body = html`${messages(notice.errors ?? [], notice.done)}
    <p>当前版本 <strong id="directory-version">${current.number}</strong>（${current.savedBy} 于 ${chineseDateTime(current.savedAt.toISOString())} 保存）。
      方案以 <code>include: [directory:current]</code> 引用当前版本；已启动的活动沿用启动时的版本，修订方案时才会更新。
      <a href="/admin/directory/versions/${current.number}.yaml">下载 YAML</a></p>
    <h2>单位</h2>
    <table id="units"><thead><tr><th>编号</th><th>名称</th><th>类别</th><th>上级单位</th><th>联系人</th><th></th></tr></thead><tbody>
      ${directory.units.map((unit) => html`<tr data-unit="${unit.id}"><td>${unit.id}</td><td>${unit.name}</td><td>${kinds[unit.kind] ?? unit.kind}</td>
        <td>${unit.parent ? (names.get(unit.parent) ?? unit.parent) : ''}</td><td>${contactText(unit)}</td>
        <td><a href="/admin/directory/units/${unit.id}">修改</a></td></tr>`)}
    </tbody></table>
    <p><a href="/admin/directory/units/new">新增单位</a></p>
    <h2>分组</h2>
    <table id="groups"><thead><tr><th>分组</th><th>成员</th><th></th></tr></thead><tbody>
      ${Object.entries(directory.groups).map(([group, members]) => html`<tr data-group="${group}"><td>${group}</td><td>${members.map((member) => names.get(member) ?? member).join('、')}</td>
        <td><form method="post" action="/admin/directory/groups/${group}/delete" class="inline">${versionFields(user, current.number)}<button type="submit" class="secondary" aria-label="删除分组 ${group}">删除</button></form></td></tr>`)}
    </tbody></table>
    <form method="post" action="/admin/directory/groups" class="card" id="group-form">${editFields(user, current.number)}
      <label>分组编号（已有的分组：设置其成员；新的：新建）<input type="text" name="id"></label>
      <fieldset><legend>成员</legend>${directory.units.map((unit) => html`<label class="choice"><input type="checkbox" name="members" value="${unit.id}"> ${unit.name}</label>`)}</fieldset>
      <button type="submit">保存分组</button>
    </form>
    ${unitKindsSection(current, kinds, user)}
    <h2>导入</h2>
    <form method="post" action="/admin/directory/import" enctype="multipart/form-data" class="card" id="import-form">${editFields(user, current.number)}
      <label>名录 YAML 文件（本页“下载 YAML”的格式，或 config/shared 中的名录文件），整体保存为新版本
        <input type="file" name="directory" accept=".yaml,.yml" required></label>
      <button type="submit">导入为新版本</button>
    </form>
    <h2>版本</h2>
    <table id="versions"><thead><tr><th>版本</th><th>保存人</th><th>时间</th><th>说明</th><th>变化</th></tr></thead><tbody>
      ${versions.map((version) => html`<tr><td><a href="/admin/directory/versions/${version.number}.yaml">${version.number}</a></td><td>${version.savedBy}</td>
        <td>${chineseDateTime(version.savedAt.toISOString())}</td><td>${version.note}</td><td><ul>${version.changes.map((change) => html`<li>${change}</li>`)}</ul></td></tr>`)}
    </tbody></table>`;
  return page('单位名录', body, { user });
}

/** 单位类别: the built-in kinds and the directory's own (a town: 镇), which can be added or renamed. */
function unitKindsSection(current: DirectoryVersion, kinds: Record<string, string>, user: PageUser): Html {
  const own = current.directory.unitKinds;
  return html`<h2>单位类别</h2>
    <table id="unit-kinds"><thead><tr><th>编号</th><th>名称</th><th>来源</th></tr></thead><tbody>
      ${Object.entries(kinds).map(([id, name]) => html`<tr data-kind="${id}"><td>${id}</td><td>${name}</td><td>${id in own ? '本名录' : '内置'}</td></tr>`)}
    </tbody></table>
    <form method="post" action="/admin/directory/unit-kinds" class="card" id="unit-kind-form">${editFields(user, current.number)}
      <label>类别编号（小写字母、数字和 -；已有的：改名）<input type="text" name="kindId"></label>
      <label>类别名称<input type="text" name="kindName"></label>
      <button type="submit">保存类别</button>
    </form>`;
}

/** A refused form's values, shown again as they were typed. */
export type UnitFormValues = Partial<Omit<DirectoryUnit, 'contacts'>> & { contacts?: Partial<DirectoryUnit['contacts'][number]>[] };

/** A unit's form: new (no `unit`) or an existing one; `values` refills a refused form. */
export function unitPage(current: DirectoryVersion, kinds: Record<string, string>, user: PageUser, unit: DirectoryUnit | undefined, errors: string[] = [], values: UnitFormValues | undefined = unit): string {
  const { directory } = current;
  const contacts = [...(values?.contacts ?? []), ...Array.from({ length: blankContacts }, () => undefined)];
  const body = html`${messages(errors)}
    <form method="post" action="/admin/directory/units${unit ? `/${unit.id}` : ''}" class="card" id="unit-form">${editFields(user, current.number)}
      <label>编号（小写字母、数字和 -）<input type="text" name="id" value="${values?.id ?? ''}" ${unit ? html`readonly` : ''}></label>
      <label>名称<input type="text" name="name" value="${values?.name ?? ''}" size="30"></label>
      <label>类别<select name="kind">${Object.entries(kinds).map(([id, name]) => html`<option value="${id}" ${values?.kind === id ? html`selected` : ''}>${name}（${id}）</option>`)}</select></label>
      <label>上级单位<select name="parent"><option value="">（无）</option>
        ${directory.units.filter((candidate) => candidate.id !== unit?.id).map((candidate) => html`<option value="${candidate.id}" ${values?.parent === candidate.id ? html`selected` : ''}>${candidate.name}</option>`)}</select></label>
      <fieldset><legend>联系人（可填多位；留空的行不保存）</legend>
        <table><thead><tr><th>姓名</th><th>职务</th><th>电子邮箱</th><th>电话</th></tr></thead><tbody>
        ${contacts.map((contact, index) => html`<tr data-contact="${index}">
          <td><input type="text" name="contacts.${index}.name" value="${contact?.name ?? ''}" aria-label="联系人${index + 1}姓名"></td>
          <td><input type="text" name="contacts.${index}.role" value="${contact?.role ?? ''}" aria-label="联系人${index + 1}职务"></td>
          <td><input type="text" name="contacts.${index}.email" value="${contact?.email ?? ''}" aria-label="联系人${index + 1}电子邮箱"></td>
          <td><input type="text" name="contacts.${index}.phone" value="${contact?.phone ?? ''}" aria-label="联系人${index + 1}电话"></td></tr>`)}
        </tbody></table></fieldset>
      <button type="submit">${unit ? '保存单位' : '新增单位'}</button>
    </form>
    ${unit ? html`<form method="post" action="/admin/directory/units/${unit.id}/delete" class="card">${editFields(user, current.number)}<button type="submit" class="secondary">删除该单位</button></form>` : ''}
    <p><a href="/admin/directory">返回单位名录</a></p>`;
  return page(unit ? `单位：${unit.name}` : '新增单位', body, { user });
}

/** A unit form's fields as the directory's unit: empty contact rows and fields left out. */
export function unitOfForm(form: Record<string, string>): UnitFormValues {
  const contacts: Record<string, string>[] = [];
  for (const [key, value] of Object.entries(form)) {
    const match = /^contacts\.(\d{1,2})\.(name|role|email|phone)$/.exec(key);
    if (!match || value.trim() === '') continue;
    (contacts[Number(match[1])] ??= {})[match[2]!] = value.trim();
  }
  // Rows the person filled, in their order (a gap left by an empty row closes).
  const text = (key: string) => (form[key]?.trim() ? { [key]: form[key].trim() } : {});
  return { ...text('id'), ...text('name'), ...text('kind'), contacts: contacts.filter(Boolean), ...text('parent') };
}
