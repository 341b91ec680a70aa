// Rendering the server's `ragex.stats` answer. No `vscode` import.

export interface Metrics {
    mode?: string;
    workers?: number;
    files_total?: number;
    files_ok?: number;
    files_skipped?: number;
    files_failed?: number;
    skipped_by_reason?: Record<string, number>;
    failed_by_reason?: Record<string, number>;
    failures?: { path: string; reason: string }[];
    symbols?: number;
    bytes?: number;
    wall_seconds?: number;
    files_per_second?: number;
    mb_per_second?: number;
    worker_utilization?: number;
    speedup?: number;
    batches?: number;
    peak_worker_rss_mb?: number;
    pool_restarts?: number;
    cancelled?: boolean;
    plan?: string[];
    [key: string]: unknown;
}

export interface Stats {
    roots?: string[];
    indexing?: boolean;
    files?: number;
    symbols?: number;
    segments?: number;
    encoding?: string;
    metrics?: Metrics | null;
    [key: string]: unknown;
}

const number = new Intl.NumberFormat('en-US');

/** 12345 -> "12,345" */
export function count(n: number | undefined | null): string {
    return typeof n === 'number' && Number.isFinite(n) ? number.format(n) : '–';
}

function plural(n: number | undefined, word: string): string {
    return `${count(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** The status bar text once indexing is done: "12,345 symbols". */
export function statusSummary(stats: Stats): string {
    if (stats.indexing) return `indexing… ${plural(stats.symbols, 'symbol')}`;
    return plural(stats.symbols, 'symbol');
}

/** The status bar tooltip. */
export function statusTooltip(stats: Stats): string {
    const m = stats.metrics;
    const lines = [`Ragex: ${plural(stats.symbols, 'symbol')} in ${plural(stats.files, 'file')}`];
    if (m && typeof m.wall_seconds === 'number') lines.push(`Last index run: ${m.wall_seconds.toFixed(1)} s, ${count(m.files_per_second)} files/s`);
    if (m && (m.files_failed ?? 0) > 0) lines.push(`${plural(m.files_failed, 'file')} failed`);
    lines.push('Click for index statistics');
    return lines.join('\n');
}

function reasons(map: Record<string, number> | undefined): string {
    const entries = Object.entries(map ?? {}).sort((a, b) => b[1] - a[1]);
    return entries.length ? entries.map(([reason, n]) => `${reason} ${count(n)}`).join(', ') : '';
}

function escapeCell(text: string): string {
    return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** `ragex.stats` as a Markdown document. */
export function statsMarkdown(stats: Stats, when: Date = new Date()): string {
    const m = stats.metrics ?? undefined;
    const rows: [string, string][] = [
        ['Status', stats.indexing ? 'indexing…' : 'ready'],
        ['Workspace folders', (stats.roots ?? []).map((r) => `\`${r}\``).join('<br>') || '–'],
        ['Files in the index', count(stats.files)],
        ['Symbols', count(stats.symbols)],
        ['Index segments', count(stats.segments)],
        ['Position encoding', stats.encoding ?? '–'],
    ];
    const out = ['# Ragex index statistics', '', `_${when.toLocaleString()}_`, '', '| | |', '| --- | --- |'];
    for (const [k, v] of rows) out.push(`| ${k} | ${escapeCell(v)} |`);
    out.push('');
    if (m) {
        out.push('## Last index run', '', '| | |', '| --- | --- |');
        const run: [string, string][] = [
            ['Files found', count(m.files_total)],
            ['Files indexed', count(m.files_ok)],
            ['Files skipped', `${count(m.files_skipped)}${reasons(m.skipped_by_reason) ? ` (${reasons(m.skipped_by_reason)})` : ''}`],
            ['Files failed', `${count(m.files_failed)}${reasons(m.failed_by_reason) ? ` (${reasons(m.failed_by_reason)})` : ''}`],
            ['Symbols found', count(m.symbols)],
            ['Size', typeof m.bytes === 'number' ? `${(m.bytes / 1e6).toFixed(1)} MB` : '–'],
            ['Time', typeof m.wall_seconds === 'number' ? `${m.wall_seconds.toFixed(2)} s` : '–'],
            ['Throughput', `${count(m.files_per_second)} files/s, ${m.mb_per_second ?? '–'} MB/s`],
            ['Mode', `${m.mode ?? '–'}, ${plural(m.workers, 'worker')}${m.plan && m.plan.length ? ` (${m.plan.join('; ')})` : ''}`],
            ['Worker utilization', typeof m.worker_utilization === 'number' ? `${Math.round(100 * m.worker_utilization)}%` : '–'],
            ['Speedup', typeof m.speedup === 'number' ? `${m.speedup.toFixed(2)}×` : '–'],
            ['Batches', count(m.batches)],
            ['Peak worker memory', typeof m.peak_worker_rss_mb === 'number' ? `${Math.round(m.peak_worker_rss_mb)} MB RSS` : '–'],
            ['Pool restarts', count(m.pool_restarts)],
        ];
        if (m.cancelled) run.push(['Cancelled', 'yes']);
        for (const [k, v] of run) out.push(`| ${k} | ${escapeCell(v)} |`);
        out.push('');
        const failures = m.failures ?? [];
        if (failures.length) {
            out.push('## Files not indexed', '');
            for (const f of failures.slice(0, 50)) out.push(`- \`${f.path}\`: ${f.reason}`);
            if (failures.length > 50) out.push(`- … and ${count(failures.length - 50)} more`);
            out.push('');
        }
    } else {
        out.push('_No index run has finished yet._', '');
    }
    return out.join('\n');
}
