/**
 * The people's pages: 账号管理 (an administrator creates supervisors and administrators, scopes a
 * supervisor to units or groups, resets a password, disables an account) and 修改密码 (anyone's own).
 */
import type { AccountView } from '../../app/account-admin';
import type { DirectorySnapshot } from '../../config/definition/directory';
import { chineseDateTime } from '../../config/time-format';
import { Html, html, page, type PageUser } from './html';

const roleNames = { admin: '管理员', supervisor: '督办人员' } as const;

export function messages(errors: string[], done?: string): Html {
  return html`${done ? html`<p class="notice" role="status">${done}</p>` : ''}${errors.length > 0 ? html`<div class="error" role="alert"><ul>${errors.map((error) => html`<li>${error}</li>`)}</ul></div>` : ''}`;
}

/** The scope's choices: the directory's groups, then its units (a unit covers the units below it). */
function scopeChoices(directory: DirectorySnapshot, chosen: readonly string[] | undefined, name: string): Html {
  const isChosen = (id: string) => chosen?.includes(id) ?? false;
  return html`<fieldset class="scope"><legend>督办范围（仅对督办人员有效；不选：全部单位）</legend>
    ${Object.entries(directory.groups).map(([group, members]) => html`<label class="choice"><input type="checkbox" name="${name}" value="${group}" ${isChosen(group) ? html`checked` : ''}> 分组 ${group}（${members.length} 个成员）</label>`)}
    ${directory.units.map((unit) => html`<label class="choice"><input type="checkbox" name="${name}" value="${unit.id}" ${isChosen(unit.id) ? html`checked` : ''}> ${unit.name}</label>`)}
  </fieldset>`;
}

function scopeText(account: AccountView, directory: DirectorySnapshot): string {
  if (account.role === 'admin') return '全部（管理员）';
  if (!account.scope) return '全部单位';
  const names = new Map(directory.units.map((unit) => [unit.id, unit.name]));
  return account.scope.map((entry) => (entry in directory.groups ? `分组 ${entry}` : (names.get(entry) ?? entry))).join('、');
}

export function accountsPage(accounts: AccountView[], directory: DirectorySnapshot, user: PageUser, notice: { errors?: string[]; done?: string } = {}): string {
  const csrf = html`<input type="hidden" name="_csrf" value="${user.csrfToken}">`;
  const row = (account: AccountView) => html`<tr data-username="${account.username}">
    <td>${account.username}</td><td>${account.name}</td><td>${roleNames[account.role]}</td><td class="scope-text">${scopeText(account, directory)}</td>
    <td>${account.isDisabled ? '已停用' : '可用'}</td><td>${account.managedBy === 'environment' ? 'WEB_ACCOUNTS' : '页面'}</td>
    <td class="muted">${account.updatedBy} ${chineseDateTime(account.updatedAt)}</td>
    <td><details><summary>修改</summary>
      <form method="post" action="/admin/accounts/${account.username}" class="card">${csrf}
        <label>姓名<input type="text" name="name" value="${account.name}"></label>
        <label>角色<select name="role"><option value="supervisor" ${account.role === 'supervisor' ? html`selected` : ''}>督办人员</option><option value="admin" ${account.role === 'admin' ? html`selected` : ''}>管理员</option></select></label>
        ${scopeChoices(directory, account.scope, 'scope')}
        <button type="submit">保存</button>
      </form>
      <form method="post" action="/admin/accounts/${account.username}/password" class="card">${csrf}
        <label>新密码（至少10个字符；该账号的所有登录随即失效）<input type="password" name="password" autocomplete="new-password"></label>
        <button type="submit">重置密码</button>
      </form>
      <form method="post" action="/admin/accounts/${account.username}/${account.isDisabled ? 'enable' : 'disable'}" class="card">${csrf}
        <button type="submit" class="secondary">${account.isDisabled ? '重新启用' : '停用账号（所有登录随即失效）'}</button>
      </form>
    </details></td></tr>`;
  const body = html`${messages(notice.errors ?? [], notice.done)}
    <table id="accounts"><thead><tr><th>用户名</th><th>姓名</th><th>角色</th><th>督办范围</th><th>状态</th><th>来源</th><th>最后修改</th><th></th></tr></thead>
    <tbody>${accounts.map(row)}</tbody></table>
    <h2>新建账号</h2>
    <form method="post" action="/admin/accounts" class="card" id="new-account">${csrf}
      <label>用户名<input type="text" name="username" autocomplete="off"></label>
      <label>姓名<input type="text" name="name"></label>
      <label>角色<select name="role"><option value="supervisor">督办人员</option><option value="admin">管理员</option></select></label>
      <label>初始密码（至少10个字符）<input type="password" name="password" autocomplete="new-password"></label>
      ${scopeChoices(directory, undefined, 'scope')}
      <button type="submit">创建账号</button>
    </form>`;
  return page('账号管理', body, { user });
}

export function passwordPage(user: PageUser, errors: string[] = []): string {
  const body = html`${messages(errors)}
    <form method="post" action="/account/password" class="card" id="own-password">
      <input type="hidden" name="_csrf" value="${user.csrfToken}">
      <label>当前密码<input type="password" name="currentPassword" autocomplete="current-password"></label>
      <label>新密码（至少10个字符）<input type="password" name="newPassword" autocomplete="new-password"></label>
      <p class="muted">修改后，您在所有设备上的登录都将失效，请用新密码重新登录。</p>
      <button type="submit">修改密码</button>
    </form>`;
  return page('修改密码', body, { user });
}
