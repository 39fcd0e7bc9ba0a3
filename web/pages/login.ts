/** The log-in page of administrators and supervisors; units never log in (their link is their key). */
import { html, page } from './html';

export function loginPage(error?: string, notice?: string): string {
  return page(
    '登录',
    html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}${error ? html`<p class="error" role="alert">${error}</p>` : ''}
    <form method="post" action="/login" class="card" style="max-width: 24rem">
      <label for="username">用户名</label><input type="text" id="username" name="username" autocomplete="username" required>
      <label for="password">密码</label><input type="password" id="password" name="password" autocomplete="current-password" required>
      <p><button type="submit">登录</button></p>
    </form>
    <p class="muted">各单位无需登录：请使用提醒邮件中的链接。</p>`,
  );
}

export function errorPage(status: number, message: string): string {
  const titles: Record<number, string> = { 400: '请求有误', 401: '需要登录或有效链接', 403: '无权访问', 404: '没有找到', 405: '不支持的操作', 409: '操作未执行', 413: '上传内容过大', 415: '请求格式有误', 429: '请稍后再试' };
  return page(titles[status] ?? '出错了', html`<p class="error" role="alert">${message}</p><p><a href="/">返回首页</a></p>`);
}
