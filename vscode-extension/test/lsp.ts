// A minimal LSP client over stdio for the Node tests: it starts the command
// that the extension's own server resolution chose, speaks the protocol with
// vscode-languageserver-protocol (the library under vscode-languageclient) and
// answers the server's requests the way the extension does.

import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    ClientCapabilities,
    ConfigurationRequest,
    createProtocolConnection,
    DidChangeConfigurationNotification,
    ExecuteCommandRequest,
    ExitNotification,
    InitializedNotification,
    InitializeRequest,
    InitializeResult,
    ProtocolConnection,
    RegistrationRequest,
    ShutdownRequest,
    StreamMessageReader,
    StreamMessageWriter,
    WorkDoneProgress,
    WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol/node';
import { ServerCommand } from '../src/common/server';
import { SECTION, ServerSettings } from '../src/common/settings';

export interface ProgressEvent {
    token: string | number;
    kind: 'begin' | 'report' | 'end';
    title?: string;
    message?: string;
    percentage?: number;
}

export interface Session {
    connection: ProtocolConnection;
    process: ChildProcess;
    initializeResult: InitializeResult;
    progress: ProgressEvent[];
    /** what workspace/configuration answers for section `ragex` */
    configuration: ServerSettings;
    stderr: () => string;
    /** resolves at the next `$/progress` end after `since` events */
    waitForIndexEnd(since?: number, timeoutMs?: number): Promise<ProgressEvent>;
    command<T>(command: string, args?: unknown[]): Promise<T>;
    changeConfiguration(settings: ServerSettings): Promise<void>;
    stop(): Promise<number | null>;
}

const CAPABILITIES: ClientCapabilities = {
    window: { workDoneProgress: true },
    workspace: {
        configuration: true,
        workspaceFolders: true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
        symbol: { dynamicRegistration: true },
        executeCommand: { dynamicRegistration: true },
    },
    textDocument: {
        synchronization: { didSave: true },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    },
};

export function fileUri(p: string): string {
    return pathToFileURL(p).href;
}

export async function startSession(server: ServerCommand, workspace: string, initializationOptions: ServerSettings): Promise<Session> {
    // each session starts cold: a cache directory of its own
    const env = { ...process.env, RAGEX_CACHE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ragex-test-cache-')) };
    const child = spawn(server.command, server.args, { cwd: workspace, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk.toString()));
    const spawned = new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
    });
    await spawned;
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const progress: ProgressEvent[] = [];
    const waiters: (() => boolean)[] = [];
    const session: Session = {
        connection,
        process: child,
        initializeResult: undefined as unknown as InitializeResult,
        progress,
        configuration: initializationOptions,
        stderr: () => stderr,
        waitForIndexEnd(since = 0, timeoutMs = 60000) {
            return new Promise((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error(`no $/progress end in ${timeoutMs} ms; stderr:\n${stderr}`)), timeoutMs);
                const check = () => {
                    const end = progress.slice(since).find((e) => e.kind === 'end');
                    if (!end) return false;
                    clearTimeout(timer);
                    resolve(end);
                    return true;
                };
                if (!check()) waiters.push(check);
            });
        },
        command<T>(command: string, args: unknown[] = []) {
            return connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }) as Promise<T>;
        },
        async changeConfiguration(settings: ServerSettings) {
            session.configuration = settings;
            await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: settings } });
        },
        async stop() {
            const exited = new Promise<number | null>((resolve) => {
                if (child.exitCode !== null) resolve(child.exitCode);
                else child.once('exit', (code) => resolve(code));
            });
            try {
                await connection.sendRequest(ShutdownRequest.type);
                await connection.sendNotification(ExitNotification.type);
            } catch {
                child.kill();
            }
            const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
            const code = await exited;
            clearTimeout(timer);
            connection.dispose();
            return code;
        },
    };

    connection.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
        connection.onProgress(WorkDoneProgress.type, token, (value) => {
            progress.push({ token, ...value } as ProgressEvent);
            for (const w of waiters.splice(0)) if (!w()) waiters.push(w);
        });
        return null;
    });
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (item.section === SECTION ? session.configuration : null)));
    connection.onRequest(RegistrationRequest.type, () => null);
    connection.onNotification('window/logMessage', () => undefined);
    connection.listen();

    session.initializeResult = await connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        clientInfo: { name: 'ragex-vscode-node-test' },
        rootUri: fileUri(workspace),
        workspaceFolders: [{ uri: fileUri(workspace), name: path.basename(workspace) }],
        capabilities: CAPABILITIES,
        initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return session;
}
