// The settings the server understands, and how they are sent to it.
// No `vscode` import (see server.ts).

/** The section the server asks for with workspace/configuration. */
export const SECTION = 'ragex';

/** Settings sent to the server, by their key under `ragex.` (the server's camelCase names). */
export const SERVER_SETTINGS = [
    'useParallel',
    'maxWorkers',
    'exclude',
    'maxFileSize',
    'resultLimit',
    'cache',
    'indexFile',
    'logLevel',
] as const;
export type ServerSettingKey = (typeof SERVER_SETTINGS)[number];

export interface ServerSettings {
    useParallel?: boolean;
    /** 0: automatic */
    maxWorkers?: number;
    exclude?: string[];
    maxFileSize?: number;
    resultLimit?: number;
    cache?: boolean;
    /** a shared index file ('' or unset: none) */
    indexFile?: string;
    logLevel?: string;
}

/** Settings whose change needs a new server process. */
export const RESTART_SETTINGS = ['ragex.server.path'];

/**
 * The `initializationOptions` / workspace/configuration answer: only the
 * settings the user set (anything else stays as the server's environment
 * or default says), plus `defaults` for those in `reset` (set before, unset
 * now, so the server forgets the old value).
 */
export function serverOptions(
    explicit: Partial<Record<ServerSettingKey, unknown>>,
    defaults: Partial<Record<ServerSettingKey, unknown>> = {},
    reset: Iterable<string> = [],
): ServerSettings {
    const out: Record<string, unknown> = {};
    for (const key of reset) {
        if ((SERVER_SETTINGS as readonly string[]).includes(key) && defaults[key as ServerSettingKey] !== undefined) {
            out[key] = defaults[key as ServerSettingKey];
        }
    }
    for (const key of SERVER_SETTINGS) {
        const value = explicit[key];
        if (value !== undefined && value !== null) out[key] = value;
    }
    return out as ServerSettings;
}
