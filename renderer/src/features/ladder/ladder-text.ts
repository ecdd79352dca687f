/**
 * The ladder as plain text (Copy as text): one line per row, phases as
 * separator lines, every row of a collapsed run summarised in one line.
 *
 *   18:16:58.654077    +0.000 ms  [1] Client ── SYN ─────────────────────▶ Server
 */
import type { ConnectionReportView, Language } from '../../../../contract/api';
import { formatMs } from '../../format';
import type { Translate } from '../../../../contract/i18n/translate';
import { clockTime, deltaText, rowLabel } from './labels';
import type { LadderLayout } from './layout';

const ARROW_WIDTH = 56;

function arrow(text: string, dir: 'c2s' | 's2c' | 'both'): string {
  const label = ` ${text} `;
  const room = Math.max(4, ARROW_WIDTH - [...label].length);
  const left = Math.floor(room / 2);
  const line = '─'.repeat(left) + label + '─'.repeat(room - left);
  if (dir === 'c2s') return `${line}▶`;
  if (dir === 's2c') return `◀${line}`;
  return `◀${line}▶`;
}

export function ladderText(layout: LadderLayout, c: ConnectionReportView, t: Translate, language: Language): string {
  const lines: string[] = [t('views.ladder.title', { id: c.id, client: c.client, server: c.server }), `${t('views.ladder.client')}: ${c.client}    ${t('views.ladder.server')}: ${c.server}`, ''];
  let phaseAt = 0;
  for (const row of layout.rows) {
    const phase = layout.phases[phaseAt];
    if (phase && phase.firstRow === row.index) {
      lines.push(`── ${t('views.ladder.phaseDuration', { phase: t(`views.ladder.phase.${phase.phase}`), ms: formatMs(language, phase.durationMs) })} ──`);
      phaseAt++;
    }
    if (row.timeBreakMs !== null) lines.push(`   ⋯ ${t('views.ladder.pause', { ms: formatMs(language, row.timeBreakMs) })} ⋯`);
    const label = rowLabel(row, layout, c, t, language);
    const step = row.step === null ? '   ' : `[${row.step}${row.stepTo ? `-${row.stepTo}` : ''}]`;
    const text = row.kind === 'gap' ? `≈≈ ${label.title}: ${label.detail} ≈≈` : arrow(label.title, row.dir);
    const indent = row.runKey && row.kind !== 'run' && row.kind !== 'run-header' ? '  ' : '';
    lines.push(`${clockTime(row.time)}  ${deltaText(row, t, language).padStart(16)}  ${step.padEnd(5)} ${indent}${text}   ${label.detail}`);
  }
  return lines.join('\n') + '\n';
}
