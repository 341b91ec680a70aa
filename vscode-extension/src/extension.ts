// The entry point: wires the client, the commands and the settings watch.

import * as vscode from 'vscode';
import { RagexClient } from './client';
import { registerCommands } from './commands';

let ragex: RagexClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    ragex = new RagexClient();
    context.subscriptions.push(
        ragex,
        ...registerCommands(ragex),
        vscode.workspace.onDidChangeConfiguration((e) => ragex?.onConfigurationChanged(e)),
    );
    await ragex.restart();
}

export async function deactivate(): Promise<void> {
    await ragex?.stop();
    ragex = undefined;
}
