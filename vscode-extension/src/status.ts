// The status bar item: indexing progress while it runs, then the symbol count.

import * as vscode from 'vscode';
import { Stats, statusSummary, statusTooltip } from './common/stats';

export class Status implements vscode.Disposable {
    private readonly item: vscode.StatusBarItem;

    constructor() {
        this.item = vscode.window.createStatusBarItem('ragex.status', vscode.StatusBarAlignment.Left, 0);
        this.item.name = 'Ragex';
        this.item.command = 'ragex.showStats';
        this.starting();
        this.item.show();
    }

    starting(): void {
        this.set('$(sync~spin) Ragex: starting', 'Ragex: starting the language server');
    }

    /** `$/progress` begin or report: "1,234/5,678 files · 250 files/s · ETA 12 s". */
    progress(title: string | undefined, message: string | undefined, percentage: number | undefined): void {
        const pct = typeof percentage === 'number' ? ` ${Math.round(percentage)}%` : '';
        const text = message ? `${message}` : `${title ?? 'indexing'}${pct}`;
        this.set(`$(sync~spin) Ragex: ${text}`, `Ragex: ${title ?? 'indexing'}${pct}\n${message ?? ''}\nClick for index statistics`);
    }

    /** `$/progress` end: "12 symbols in 3 files (0.1 s)", until the stats arrive. */
    indexed(message: string | undefined): void {
        this.set(`$(symbol-class) Ragex: ${message ?? 'indexed'}`, `Ragex: indexed ${message ?? ''}\nClick for index statistics`);
    }

    stats(stats: Stats): void {
        const icon = stats.indexing ? '$(sync~spin)' : '$(symbol-class)';
        this.set(`${icon} Ragex: ${statusSummary(stats)}`, statusTooltip(stats));
    }

    error(message: string): void {
        this.set('$(error) Ragex', `Ragex: ${message}\nClick to show the output`, 'ragex.showOutput');
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    }

    stopped(): void {
        this.set('$(circle-slash) Ragex: stopped', 'Ragex: the server is not running\nClick to show the output', 'ragex.showOutput');
    }

    private set(text: string, tooltip: string, command = 'ragex.showStats'): void {
        this.item.text = text;
        this.item.tooltip = tooltip;
        this.item.command = command;
        this.item.backgroundColor = undefined;
    }

    dispose(): void {
        this.item.dispose();
    }
}
