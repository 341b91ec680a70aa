// Finding the ragex-lsp server: the setting, then PATH, then a Python interpreter.
//
// No `vscode` import here: the Node tests start the real server through this
// module. What it needs from VS Code (settings, the Python extension's
// interpreter) is passed in.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A command that starts the server on stdio. */
export interface ServerCommand {
    command: string;
    args: string[];
    /** where it came from, for the output channel */
    source: 'setting' | 'path' | 'python';
}

/** Why no server was found, with the install command to show. */
export interface ServerNotFound {
    /** a problem with the setting itself (named path missing), else undefined */
    settingProblem?: string;
    /** what was tried, one line each */
    tried: string[];
    /** the command that installs the server */
    installCommand: string;
}

export type Resolution = { ok: true; server: ServerCommand } | { ok: false; notFound: ServerNotFound };

export interface ResolveOptions {
    /** the `ragex.server.path` setting: '', a path, or a command array */
    configured?: string | readonly string[] | null;
    /** the first workspace folder: `${workspaceFolder}` and relative paths */
    workspaceFolder?: string;
    /** environment to search PATH in (default: process.env) */
    env?: NodeJS.ProcessEnv;
    /** the Python extension's interpreter, asked only when PATH has no ragex-lsp */
    pythonInterpreter?: () => Promise<string[] | undefined>;
    /** does this interpreter have ragex_lsp? (default: runs it) */
    hasModule?: (interpreter: string[]) => boolean;
    platform?: NodeJS.Platform;
}

export const SERVER_EXECUTABLE = 'ragex-lsp';
export const SERVER_MODULE = 'ragex_lsp';
export const PACKAGE = 'ragex-lsp';

/** `~`, `${workspaceFolder}`, `${userHome}` and `${env:NAME}` expanded. */
export function expand(value: string, workspaceFolder: string | undefined, env: NodeJS.ProcessEnv): string {
    let out = value.replace(/\$\{(workspaceFolder|userHome|env:([A-Za-z_][A-Za-z0-9_]*))\}/g, (whole, name, envName) => {
        if (envName) return env[envName] ?? '';
        if (name === 'userHome') return os.homedir();
        return workspaceFolder ?? whole;
    });
    if (out === '~' || out.startsWith('~/')) out = path.join(os.homedir(), out.slice(1));
    return out;
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
    try {
        const stat = fs.statSync(file);
        if (!stat.isFile()) return false;
        if (platform === 'win32') return true;
        fs.accessSync(file, fs.constants.X_OK);
        return true;
    } catch {
        return false;
    }
}

/** The first executable `name` on PATH, like `which`. */
export function which(name: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
    const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
    const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').concat(['']) : [''];
    for (const dir of dirs) {
        for (const ext of exts) {
            const candidate = path.join(dir, name + ext);
            if (isExecutable(candidate, platform)) return candidate;
        }
    }
    return undefined;
}

/** A program named in the setting: a path (absolute, relative to the folder) or a name on PATH. */
function locate(program: string, options: Required<Pick<ResolveOptions, 'env' | 'platform'>> & ResolveOptions): string | undefined {
    const expanded = expand(program, options.workspaceFolder, options.env);
    const hasSeparator = expanded.includes('/') || (options.platform === 'win32' && expanded.includes('\\'));
    if (!hasSeparator) return which(expanded, options.env, options.platform);
    const absolute = path.isAbsolute(expanded) ? expanded : path.resolve(options.workspaceFolder ?? process.cwd(), expanded);
    return isExecutable(absolute, options.platform) ? absolute : undefined;
}

/** Does `python -c "import ragex_lsp"` work with this interpreter? */
export function pythonHasModule(interpreter: string[], module = SERVER_MODULE): boolean {
    if (interpreter.length === 0) return false;
    const [command, ...args] = interpreter;
    const result = spawnSync(command, [...args, '-c', `import ${module}`], { stdio: 'ignore', timeout: 15000 });
    return result.status === 0;
}

/** Normalises the setting: undefined when empty, else a non-empty command array. */
export function configuredCommand(configured: ResolveOptions['configured']): string[] | undefined {
    if (configured === undefined || configured === null) return undefined;
    const parts = typeof configured === 'string' ? [configured] : [...configured];
    const cleaned = parts.map((p) => (typeof p === 'string' ? p.trim() : '')).filter((p, i) => i > 0 || p.length > 0);
    return cleaned.length > 0 && cleaned[0].length > 0 ? cleaned : undefined;
}

/**
 * Finds the server: `ragex.server.path`, else `ragex-lsp` on PATH, else
 * `python -m ragex_lsp` with the Python extension's interpreter when that
 * interpreter has the package.
 */
export async function resolveServer(options: ResolveOptions = {}): Promise<Resolution> {
    const opts = { ...options, env: options.env ?? process.env, platform: options.platform ?? process.platform };
    const tried: string[] = [];
    const configured = configuredCommand(options.configured);
    if (configured) {
        const [program, ...args] = configured;
        const found = locate(program, opts);
        if (found) {
            const expandedArgs = args.map((a) => expand(a, opts.workspaceFolder, opts.env));
            return { ok: true, server: { command: found, args: expandedArgs, source: 'setting' } };
        }
        const shown = expand(program, opts.workspaceFolder, opts.env);
        return {
            ok: false,
            notFound: {
                settingProblem: `ragex.server.path names "${shown}", which is not an executable file${shown.includes('/') ? '' : ' on PATH'}.`,
                tried: [`ragex.server.path: ${JSON.stringify(options.configured)}`],
                installCommand: installCommand(),
            },
        };
    }
    tried.push('ragex.server.path: not set');

    const onPath = which(SERVER_EXECUTABLE, opts.env, opts.platform);
    if (onPath) return { ok: true, server: { command: onPath, args: [], source: 'path' } };
    tried.push(`${SERVER_EXECUTABLE} on PATH: not found`);

    const interpreter = options.pythonInterpreter ? await options.pythonInterpreter().catch(() => undefined) : undefined;
    if (interpreter && interpreter.length > 0) {
        const has = (options.hasModule ?? pythonHasModule)(interpreter);
        if (has) {
            const [command, ...args] = interpreter;
            return { ok: true, server: { command, args: [...args, '-m', SERVER_MODULE], source: 'python' } };
        }
        tried.push(`Python interpreter ${interpreter.join(' ')}: has no ${SERVER_MODULE} module`);
        return { ok: false, notFound: { tried, installCommand: installCommand(interpreter) } };
    }
    tried.push('Python extension interpreter: none');
    return { ok: false, notFound: { tried, installCommand: installCommand() } };
}

/** `pip install ragex-lsp`, with the interpreter when there is one. */
export function installCommand(interpreter?: string[]): string {
    if (!interpreter || interpreter.length === 0) return `pip install ${PACKAGE}`;
    const quoted = interpreter.map((p) => (/\s/.test(p) ? `"${p}"` : p)).join(' ');
    return `${quoted} -m pip install ${PACKAGE}`;
}

/** One line for the output channel. */
export function describeServer(server: ServerCommand): string {
    const from = { setting: 'ragex.server.path', path: 'PATH', python: 'the Python extension interpreter' }[server.source];
    return `${[server.command, ...server.args].join(' ')} (from ${from})`;
}
