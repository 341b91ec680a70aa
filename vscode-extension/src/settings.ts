// Reading the `ragex.*` settings and the Python extension's interpreter.

import * as vscode from 'vscode';
import { SECTION, SERVER_SETTINGS, ServerSettingKey, serverOptions, ServerSettings } from './common/settings';

/** The `ragex.server.path` setting: '', a path or a command array. */
export function serverPath(): string | string[] {
    return vscode.workspace.getConfiguration(SECTION).get<string | string[]>('server.path') ?? '';
}

/** The first workspace folder's path, for `${workspaceFolder}` and relative paths. */
export function firstWorkspaceFolder(): string | undefined {
    return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
}

/** Server settings the user set (any scope), by key. */
export function explicitSettings(scope?: vscode.ConfigurationScope): Partial<Record<ServerSettingKey, unknown>> {
    const config = vscode.workspace.getConfiguration(SECTION, scope);
    const out: Partial<Record<ServerSettingKey, unknown>> = {};
    for (const key of SERVER_SETTINGS) {
        const info = config.inspect(key);
        const value = info?.workspaceFolderValue ?? info?.workspaceValue ?? info?.globalValue;
        if (value !== undefined) out[key] = value;
    }
    return out;
}

/** The contributed defaults, by key. */
export function defaultSettings(): Partial<Record<ServerSettingKey, unknown>> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const out: Partial<Record<ServerSettingKey, unknown>> = {};
    for (const key of SERVER_SETTINGS) out[key] = config.inspect(key)?.defaultValue;
    return out;
}

/** `initializationOptions` for a new server: the settings the user set. */
export function initializationOptions(): ServerSettings {
    return serverOptions(explicitSettings());
}

// --- the Python extension (ms-python.python) --------------------------------

interface PythonEnvironmentsApi {
    getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string };
    resolveEnvironment(env: { id: string; path: string } | string): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
}

interface PythonExtensionApi {
    environments?: PythonEnvironmentsApi;
    settings?: { getExecutionDetails?(resource?: vscode.Uri): { execCommand: string[] | undefined } };
}

const PYTHON_EXTENSION = 'ms-python.python';

async function pythonApi(): Promise<PythonExtensionApi | undefined> {
    const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION);
    if (!extension) return undefined;
    try {
        return extension.isActive ? extension.exports : await extension.activate();
    } catch {
        return undefined;
    }
}

/** The active interpreter of the Python extension, as a command (e.g. ['/x/.venv/bin/python']). */
export async function pythonInterpreter(resource?: vscode.Uri): Promise<string[] | undefined> {
    const api = await pythonApi();
    if (api?.environments) {
        try {
            const env = await api.environments.resolveEnvironment(api.environments.getActiveEnvironmentPath(resource));
            const exe = env?.executable.uri?.fsPath;
            if (exe) return [exe];
        } catch {
            // fall through to the older API and the setting
        }
    }
    const details = api?.settings?.getExecutionDetails?.(resource)?.execCommand;
    if (details && details.length > 0 && details[0]) return details;
    if (!vscode.extensions.getExtension(PYTHON_EXTENSION)) return undefined;
    const configured = vscode.workspace.getConfiguration('python', resource).get<string>('defaultInterpreterPath');
    return configured ? [configured] : undefined;
}

/** Calls `listener` when the Python extension's interpreter changes. */
export async function onPythonInterpreterChange(listener: () => void): Promise<vscode.Disposable | undefined> {
    const api = await pythonApi();
    return api?.environments?.onDidChangeActiveEnvironmentPath(() => listener());
}
