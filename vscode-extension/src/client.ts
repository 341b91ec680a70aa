// The language client: starting, stopping and restarting ragex-lsp, the
// settings it gets, and the indexing progress it reports.

import * as vscode from 'vscode';
import {
    ClientCapabilities,
    ConfigurationParams,
    ConfigurationRequest,
    ExecuteCommandRequest,
    FeatureState,
    LanguageClient,
    LanguageClientOptions,
    ProgressToken,
    ResponseError,
    RevealOutputChannelOn,
    ServerOptions,
    StaticFeature,
    State,
    WorkDoneProgress,
    WorkDoneProgressCreateRequest,
} from 'vscode-languageclient/node';
import { documentSelector } from './common/languages';
import { describeServer, resolveServer, ServerCommand, ServerNotFound } from './common/server';
import { SECTION, SERVER_SETTINGS, serverOptions } from './common/settings';
import { Stats } from './common/stats';
import * as settings from './settings';
import { Status } from './status';

const CLIENT_ID = 'ragex'; // also makes `ragex.trace.server` work

export class RagexClient implements vscode.Disposable {
    readonly output: vscode.LogOutputChannel;
    readonly traceOutput: vscode.OutputChannel;
    readonly status: Status;
    private client: LanguageClient | undefined;
    private server: ServerCommand | undefined;
    /** settings set when the server started: unset later, the server must be told the default */
    private startedWith = new Set<string>();
    private pythonWatch: vscode.Disposable | undefined;
    private pending: Promise<void> = Promise.resolve();
    private statsRequest = 0;
    /** not-found problems already shown in a notification */
    private readonly notified = new Set<string>();
    /** progress tokens between begin and end: the status bar shows them, not the stats */
    activeProgress = 0;

    constructor() {
        this.output = vscode.window.createOutputChannel('Ragex', { log: true });
        this.traceOutput = vscode.window.createOutputChannel('Ragex Trace');
        this.status = new Status();
    }

    get running(): boolean {
        return this.client?.state === State.Running;
    }

    /** Start (or restart) the server; calls are queued, never interleaved. */
    restart(byUser = false): Promise<void> {
        this.pending = this.pending.then(() => this.doRestart(byUser)).catch((e) => this.output.error(`restart failed: ${e}`));
        return this.pending;
    }

    stop(): Promise<void> {
        this.pending = this.pending.then(() => this.doStop());
        return this.pending;
    }

    private async doStop(): Promise<void> {
        const client = this.client;
        this.client = undefined;
        this.pythonWatch?.dispose();
        this.pythonWatch = undefined;
        if (client) {
            try {
                await client.stop(5000);
            } catch (e) {
                this.output.warn(`stopping the server: ${e}`);
            }
            await client.dispose().catch(() => undefined);
        }
    }

    private async doRestart(byUser: boolean): Promise<void> {
        await this.doStop();
        this.status.starting();
        const resolution = await resolveServer({
            configured: settings.serverPath(),
            workspaceFolder: settings.firstWorkspaceFolder(),
            pythonInterpreter: () => settings.pythonInterpreter(vscode.workspace.workspaceFolders?.[0]?.uri),
        });
        if (!resolution.ok) {
            this.notFound(resolution.notFound, byUser);
            return;
        }
        this.server = resolution.server;
        this.output.info(`starting ${describeServer(this.server)}`);
        if (this.server.source === 'python') {
            this.pythonWatch = await settings.onPythonInterpreterChange(() => {
                this.output.info('the Python interpreter changed; restarting');
                void this.restart();
            });
        }
        const client = this.createClient(this.server);
        this.client = client;
        try {
            await client.start();
        } catch (e) {
            this.status.error(`the server did not start: ${e}`);
            this.output.error(`the server did not start: ${e}`);
            this.output.show(true);
            return;
        }
        this.output.info(`server ${client.initializeResult?.serverInfo?.name ?? ''} ${client.initializeResult?.serverInfo?.version ?? ''} running`);
        void this.refreshStats();
    }

    private createClient(server: ServerCommand): LanguageClient {
        const serverOptions: ServerOptions = {
            command: server.command,
            args: server.args,
            options: { cwd: settings.firstWorkspaceFolder(), env: { ...process.env, PYTHONUNBUFFERED: '1' } },
        };
        const initializationOptions = settings.initializationOptions();
        this.startedWith = new Set(Object.keys(initializationOptions));
        const clientOptions: LanguageClientOptions = {
            documentSelector: documentSelector(),
            initializationOptions,
            outputChannel: this.output,
            traceOutputChannel: this.traceOutput,
            revealOutputChannelOn: RevealOutputChannelOn.Never,
            synchronize: { configurationSection: SECTION },
            middleware: {
                workspace: {
                    configuration: async (params, token, next) => this.configuration(params, token, next),
                },
            },
        };
        const client = new LanguageClient(CLIENT_ID, 'Ragex', serverOptions, clientOptions);
        client.registerFeature(new IndexProgressFeature(client, this));
        client.onDidChangeState((e) => {
            if (e.newState === State.Stopped && this.client === client) this.status.stopped();
        });
        return client;
    }

    /** workspace/configuration: the section `ragex` holds only what the user set. */
    private async configuration(
        params: ConfigurationParams,
        token: vscode.CancellationToken,
        next: ConfigurationRequest.HandlerSignature,
    ): Promise<unknown[] | ResponseError<void>> {
        const answer = await next(params, token);
        if (!Array.isArray(answer)) return answer;
        return params.items.map((item, i) => {
            if (item.section !== SECTION) return answer[i];
            const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
            const explicit = settings.explicitSettings(scope);
            const reset = [...this.startedWith].filter((k) => !(k in explicit));
            return serverOptions(explicit, settings.defaultSettings(), reset);
        });
    }

    /** The error in the output and the status bar; the notification once per problem, or when asked. */
    private notFound(notFound: ServerNotFound, byUser: boolean): void {
        const problem = notFound.settingProblem ?? 'The ragex-lsp language server was not found.';
        this.output.error(problem);
        for (const line of notFound.tried) this.output.info(`  tried ${line}`);
        this.output.info(`install it with: ${notFound.installCommand}`);
        this.status.error(`${problem} Install it with: ${notFound.installCommand}`);
        const key = `${problem}\n${notFound.installCommand}`;
        if (!byUser && this.notified.has(key)) return;
        this.notified.add(key);
        const openSetting = 'Open Setting';
        const copy = 'Copy Install Command';
        void vscode.window
            .showErrorMessage(`${problem} Install it with \`${notFound.installCommand}\`, or set ragex.server.path.`, openSetting, copy)
            .then(async (choice) => {
                if (choice === openSetting) {
                    await openServerPathSetting();
                } else if (choice === copy) {
                    await vscode.env.clipboard.writeText(notFound.installCommand);
                }
            });
    }

    /** workspace/executeCommand on the running server. */
    async execute<T>(command: string, args: unknown[] = []): Promise<T> {
        if (!this.client || !this.running) throw new Error('the Ragex server is not running');
        return (await this.client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args })) as T;
    }

    async stats(): Promise<Stats> {
        return this.execute<Stats>('ragex.stats');
    }

    /**
     * Asks for the stats and shows the symbol count in the status bar. Right
     * after the start the server may not have begun its first index run (no
     * metrics, not indexing): then it asks again a little later, unless the
     * progress has taken over the status bar by then.
     */
    async refreshStats(attempt = 0): Promise<void> {
        const request = ++this.statsRequest;
        const client = this.client;
        try {
            const stats = await this.stats();
            if (request !== this.statsRequest || this.activeProgress > 0) return;
            if (!stats.metrics && !stats.indexing && attempt < 30) {
                setTimeout(() => {
                    if (this.client === client && this.activeProgress === 0) void this.refreshStats(attempt + 1);
                }, 1000);
                return;
            }
            this.status.stats(stats);
        } catch (e) {
            this.output.warn(`ragex.stats failed: ${e}`);
        }
    }

    /** A settings change: a new server for `ragex.server.path`; the rest goes to the running one. */
    onConfigurationChanged(event: vscode.ConfigurationChangeEvent): void {
        if (event.affectsConfiguration('ragex.server.path')) {
            this.output.info('ragex.server.path changed; restarting the server');
            void this.restart();
        } else if (!this.client && SERVER_SETTINGS.some((k) => event.affectsConfiguration(`${SECTION}.${k}`))) {
            // nothing runs (e.g. not found before): try again
            void this.restart();
        }
    }

    dispose(): void {
        void this.stop();
        this.status.dispose();
        this.output.dispose();
        this.traceOutput.dispose();
    }
}

/** The settings editor at ragex.server.path (its Remote tab in a remote window, where the server runs). */
async function openServerPathSetting(): Promise<void> {
    const query = 'ragex.server.path';
    if (vscode.env.remoteName) {
        try {
            await vscode.commands.executeCommand('workbench.action.openRemoteSettings', { query });
            return;
        } catch {
            // an older VS Code: the user settings
        }
    }
    await vscode.commands.executeCommand('workbench.action.openSettings', query);
}

/**
 * Watches the server's work-done progress (window/workDoneProgress/create,
 * then $/progress begin/report/end) for the status bar. It takes over the
 * built-in handler, which would only show the same progress in the window.
 */
class IndexProgressFeature implements StaticFeature {
    private readonly tokens = new Map<ProgressToken, vscode.Disposable>();

    constructor(
        private readonly client: LanguageClient,
        private readonly owner: RagexClient,
    ) {}

    fillClientCapabilities(capabilities: ClientCapabilities): void {
        capabilities.window = capabilities.window ?? {};
        capabilities.window.workDoneProgress = true;
    }

    getState(): FeatureState {
        return { kind: 'static' };
    }

    initialize(): void {
        this.client.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => this.track(token));
    }

    private track(token: ProgressToken): void {
        this.tokens.get(token)?.dispose();
        let title: string | undefined;
        const disposable = this.client.onProgress(WorkDoneProgress.type, token, (value) => {
            switch (value.kind) {
                case 'begin':
                    this.owner.activeProgress++;
                    title = value.title;
                    this.owner.status.progress(title, value.message, value.percentage);
                    break;
                case 'report':
                    this.owner.status.progress(title, value.message, value.percentage);
                    break;
                case 'end':
                    this.owner.activeProgress = Math.max(0, this.owner.activeProgress - 1);
                    this.owner.status.indexed(value.message);
                    this.owner.output.info(`indexed: ${value.message ?? ''}`);
                    this.tokens.get(token)?.dispose();
                    this.tokens.delete(token);
                    void this.owner.refreshStats();
                    break;
            }
        });
        this.tokens.set(token, disposable);
    }

    clear(): void {
        this.owner.activeProgress = 0;
        for (const disposable of this.tokens.values()) disposable.dispose();
        this.tokens.clear();
    }
}
