/** The administrator's simulation before launch: its progress while it runs, then the ranking it would end with. */
import type { SimulationJob } from '../../app/simulations';
import { chineseDateTime } from '../../config/time-format';
import { html, page, type PageUser } from './html';

export function simulationPage(job: SimulationJob, user: PageUser): string {
  const isRunning = job.status === 'running';
  const progress = job.progress;
  const share = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  const body = html`
    <p>《${job.title}》（${job.campaignId}）· ${job.startedBy} 于 ${chineseDateTime(job.startedAt, job.timeZone)} 开始模拟</p>
    ${isRunning
      ? html`<div class="card" role="status" id="simulation-progress">
          <p>正在时间跳跃服务器上运行整个活动周期（真实的工作流和邮件，约半分钟）……</p>
          <p>${progress ? html`已到方案日期 <strong>${progress.planDate}</strong>，完成 ${progress.done}/${progress.total} 项模拟操作` : '正在启动各项任务'}</p>
          <progress max="100" value="${share}">${share}%</progress>
          <p class="muted">本页每2秒自动刷新。</p></div>`
      : ''}
    ${job.status === 'failed' ? html`<div class="error" role="alert"><p>模拟失败：${job.error ?? ''}</p></div>` : ''}
    ${job.report
      ? html`<p class="notice" role="status" id="simulation-done">模拟完成：发出 ${job.report.mailCount} 封邮件${job.report.rejected.length > 0 ? html`，${job.report.rejected.length} 项模拟操作被工作流拒绝` : ''}。</p>
        <p><a href="/admin/simulations/${job.id}/report">查看完整模拟报告（排名柱状图、按时报送率、得分明细、时间线）</a></p>
        <h2>活动结束时的考核排名（模拟）</h2>
        <table id="simulation-ranking"><thead><tr><th>名次</th><th>单位</th><th>得分</th><th>按时报送率</th><th></th></tr></thead><tbody>
        ${job.report.evaluation.units.map(
          (score) => html`<tr><td>${score.isTied ? `并列第${score.rank}` : `第${score.rank}`}</td><td>${score.unit.name}</td><td class="number">${score.score}</td>
            <td class="number">${score.onTimeRate === undefined ? '—' : `${Math.round(score.onTimeRate * 100)}%`}</td>
            <td>${score.isPraised ? '表扬' : ''}${score.isCriticised ? '通报批评' : ''}</td></tr>`,
        )}
        </tbody></table>
        ${job.report.rejected.length > 0
          ? html`<h2>被拒绝的模拟操作</h2><ul>${job.report.rejected.map((rejected) => html`<li>${chineseDateTime(rejected.at, job.timeZone)} ${rejected.workflowId}：${rejected.reason}</li>`)}</ul>`
          : ''}`
      : ''}
    <p><a href="/admin">返回活动管理</a></p>`;
  return page('启动前模拟', body, { user, ...(isRunning ? { head: html`<meta http-equiv="refresh" content="2">` } : {}) });
}
