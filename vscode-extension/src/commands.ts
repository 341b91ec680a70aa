// The commands: Reindex Workspace, Show Index Statistics, Restart Server, Show Output.

import * as vscode from 'vscode';
import { statsMarkdown } from './common/stats';
import { RagexClient } from './client';

const STATS_SCHEME = 'ragex-stats';
const STATS_URI = vscode.Uri.from({ scheme: STATS_SCHEME, path: '/Ragex Index Statistics.md' });

/** The statistics as a read-only virtual Markdown document, shown in the preview. */
class StatsDocument implements vscode.TextDocumentContentProvider {
    private readonly changed = new vscode.EventEmitter<vscode.Uri>();
    readonly onDidChange = this.changed.event;
    text = '';

    provideTextDocumentContent(): string {
        return this.text;
    }

    update(text: string): void {
        this.text = text;
        this.changed.fire(STATS_URI);
    }

    dispose(): void {
        this.changed.dispose();
    }
}

export function registerCommands(ragex: RagexClient): vscode.Disposable[] {
    const doc = new StatsDocument();

    async function showStats(): Promise<void> {
        if (!ragex.running) {
            ragex.output.show(true);
            void vscode.window.showWarningMessage('Ragex: the server is not running (see the Ragex output).');
            return;
        }
        const stats = await ragex.stats();
        ragex.status.stats(stats);
        doc.update(statsMarkdown(stats));
        try {
            await vscode.commands.executeCommand('markdown.showPreview', STATS_URI);
        } catch {
            const document = await vscode.workspace.openTextDocument(STATS_URI);
            await vscode.languages.setTextDocumentLanguage(document, 'markdown');
            await vscode.window.showTextDocument(document, { preview: true });
        }
    }

    async function reindex(): Promise<void> {
        if (!ragex.running) {
            void vscode.window.showWarningMessage('Ragex: the server is not running (see the Ragex output).');
            return;
        }
        await ragex.execute('ragex.reindex');
        ragex.output.info('reindexing the workspace');
    }

    const wrap = (name: string, f: () => Promise<void>) => async () => {
        try {
            await f();
        } catch (e) {
            ragex.output.error(`${name}: ${e}`);
            void vscode.window.showErrorMessage(`Ragex: ${name} failed: ${e instanceof Error ? e.message : e}`);
        }
    };

    return [
        doc,
        vscode.workspace.registerTextDocumentContentProvider(STATS_SCHEME, doc),
        vscode.commands.registerCommand('ragex.reindexWorkspace', wrap('reindex', reindex)),
        vscode.commands.registerCommand('ragex.showStats', wrap('statistics', showStats)),
        vscode.commands.registerCommand('ragex.restartServer', wrap('restart', () => ragex.restart(true))),
        vscode.commands.registerCommand('ragex.showOutput', () => ragex.output.show()),
    ];
}
