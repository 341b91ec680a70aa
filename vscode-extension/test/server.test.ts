// Node tests (node --test): the extension's server resolution finds the REAL
// ragex-lsp of this repository's venv, and the server it starts answers the
// protocol the way the extension uses it (progress, workspace/symbol,
// documentSymbol, ragex.stats, settings by initializationOptions and
// workspace/configuration). Needs <repo>/.venv (or RAGEX_VENV) with ragex-lsp.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SymbolInformation, DocumentSymbol, WorkspaceSymbolRequest, DocumentSymbolRequest, SymbolKind } from 'vscode-languageserver-protocol/node';
import { configuredCommand, expand, installCommand, resolveServer, ServerCommand, which } from '../src/common/server';
import { SERVER_SETTINGS, serverOptions } from '../src/common/settings';
import { documentSelector, EXTENSIONS } from '../src/common/languages';
import { execFileSync } from 'node:child_process';
import { statsMarkdown, statusSummary, Stats } from '../src/common/stats';
import { fileUri, Session, startSession } from './lsp';

const extensionDir = path.resolve(__dirname, '..', '..');
const repo = path.resolve(extensionDir, '..');
const venv = process.env.RAGEX_VENV ?? path.join(repo, '.venv');
const venvBin = path.join(venv, 'bin');
const serverExe = path.join(venvBin, 'ragex-lsp');
const venvPython = path.join(venvBin, 'python');
const fixture = path.join(extensionDir, 'fixtures', 'workspace');
const noPath = { PATH: path.join(os.tmpdir(), 'ragex-no-such-dir') };

before(() => {
    assert.ok(fs.existsSync(serverExe), `the server is not installed at ${serverExe}: run scripts/setup.sh first`);
});

describe('server resolution', () => {
    test('ragex.server.path: an absolute path', async () => {
        const r = await resolveServer({ configured: serverExe, env: noPath });
        assert.deepEqual(r, { ok: true, server: { command: serverExe, args: [], source: 'setting' } });
    });

    test('ragex.server.path: relative to the workspace folder, with ${workspaceFolder} and ~', async () => {
        const relative = await resolveServer({ configured: '.venv/bin/ragex-lsp', workspaceFolder: repo, env: noPath });
        assert.ok(relative.ok && relative.server.command === serverExe);
        const variable = await resolveServer({ configured: '${workspaceFolder}/.venv/bin/ragex-lsp', workspaceFolder: repo, env: noPath });
        assert.ok(variable.ok && variable.server.command === serverExe);
        assert.equal(expand('~/x', undefined, {}), path.join(os.homedir(), 'x'));
        assert.equal(expand('${env:FOO}/y', undefined, { FOO: '/foo' }), '/foo/y');
    });

    test('ragex.server.path: a command array', async () => {
        const r = await resolveServer({ configured: [venvPython, '-m', 'ragex_lsp', '--log-level', 'DEBUG'], env: noPath });
        assert.deepEqual(r, { ok: true, server: { command: venvPython, args: ['-m', 'ragex_lsp', '--log-level', 'DEBUG'], source: 'setting' } });
    });

    test('ragex.server.path naming a missing file is an error, not a fallback', async () => {
        const r = await resolveServer({ configured: '/nonexistent/ragex-lsp', env: { PATH: venvBin } });
        assert.ok(!r.ok);
        assert.match(r.notFound.settingProblem ?? '', /\/nonexistent\/ragex-lsp/);
        assert.equal(r.notFound.installCommand, 'pip install ragex-lsp');
    });

    test('empty settings mean "not set"', () => {
        assert.equal(configuredCommand(''), undefined);
        assert.equal(configuredCommand('  '), undefined);
        assert.equal(configuredCommand([]), undefined);
        assert.equal(configuredCommand(null), undefined);
        assert.deepEqual(configuredCommand(['py', '-m', 'x']), ['py', '-m', 'x']);
    });

    test('ragex-lsp on PATH', async () => {
        let asked = false;
        const r = await resolveServer({
            env: { PATH: [path.join(os.tmpdir(), 'nope'), venvBin].join(path.delimiter) },
            pythonInterpreter: async () => {
                asked = true;
                return undefined;
            },
        });
        assert.deepEqual(r, { ok: true, server: { command: serverExe, args: [], source: 'path' } });
        assert.equal(asked, false, 'the Python extension is not asked when PATH has the server');
        assert.equal(which('ragex-lsp', { PATH: venvBin }), serverExe);
    });

    test("the Python extension's interpreter: python -m ragex_lsp (checked for real)", async () => {
        const r = await resolveServer({ env: noPath, pythonInterpreter: async () => [venvPython] });
        assert.deepEqual(r, { ok: true, server: { command: venvPython, args: ['-m', 'ragex_lsp'], source: 'python' } });
    });

    test('an interpreter without the package: the install command names it', async () => {
        const r = await resolveServer({ env: noPath, pythonInterpreter: async () => ['/opt/py 3/bin/python'], hasModule: () => false });
        assert.ok(!r.ok);
        assert.equal(r.notFound.installCommand, '"/opt/py 3/bin/python" -m pip install ragex-lsp');
        assert.equal(r.notFound.settingProblem, undefined);
    });

    test('nothing found: pip install ragex-lsp', async () => {
        const r = await resolveServer({ env: noPath, pythonInterpreter: async () => undefined });
        assert.ok(!r.ok);
        assert.equal(r.notFound.installCommand, 'pip install ragex-lsp');
        assert.equal(r.notFound.tried.length, 3);
        assert.equal(installCommand(['python3']), 'python3 -m pip install ragex-lsp');
    });
});

describe('settings sent to the server', () => {
    test('every contributed server setting is sent, and the real server knows each', () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
        const contributed = Object.keys(manifest.contributes.configuration.properties)
            .map((key) => key.replace(/^ragex\./, ''))
            .filter((key) => key !== 'server.path' && key !== 'trace.server');
        assert.deepEqual([...contributed].sort(), [...SERVER_SETTINGS].sort());
        const script = 'import dataclasses, json; from ragex_lsp.settings import Settings; print(json.dumps([f.name for f in dataclasses.fields(Settings)]))';
        const fields: string[] = JSON.parse(execFileSync(venvPython, ['-c', script], { encoding: 'utf8' }));
        for (const key of SERVER_SETTINGS) {
            assert.ok(fields.includes(key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())), `the server has no setting ${key}`);
        }
    });

    test('only what the user set, and defaults for what was unset since the start', () => {
        assert.deepEqual(serverOptions({ exclude: ['gen/'], maxWorkers: undefined }), { exclude: ['gen/'] });
        assert.deepEqual(serverOptions({ resultLimit: 5 }, { exclude: [], resultLimit: 500, logLevel: 'INFO' }, ['exclude', 'resultLimit', 'server.path']), {
            exclude: [],
            resultLimit: 5,
        });
    });
});

function names(symbols: SymbolInformation[]): string[] {
    return symbols.map((s) => s.name);
}

async function workspaceSymbols(session: Session, query: string): Promise<SymbolInformation[]> {
    return (await session.connection.sendRequest(WorkspaceSymbolRequest.type, { query })) as SymbolInformation[];
}

describe('the real server, started through the resolution (ragex.server.path)', () => {
    let session: Session;
    let server: ServerCommand;

    before(async () => {
        const r = await resolveServer({ configured: '${workspaceFolder}/../../../.venv/bin/ragex-lsp', workspaceFolder: fixture, env: noPath });
        assert.ok(r.ok, JSON.stringify(r));
        server = r.server;
        session = await startSession(server, fixture, serverOptions({ exclude: ['ignored/'], logLevel: 'DEBUG' }));
    });

    after(async () => {
        if (session) assert.equal(await session.stop(), 0, 'the server exits cleanly on shutdown/exit');
    });

    test('initializes, advertises its commands and indexes with work-done progress', async () => {
        const caps = session.initializeResult.capabilities;
        assert.ok(caps.workspaceSymbolProvider);
        assert.ok(caps.documentSymbolProvider);
        assert.deepEqual([...(caps.executeCommandProvider?.commands ?? [])].sort(), ['ragex.reindex', 'ragex.stats']);
        const end = await session.waitForIndexEnd();
        assert.match(end.message ?? '', /^\d[\d,]* symbols in 3 files \(/);
        const begin = session.progress.find((e) => e.kind === 'begin' && e.token === end.token);
        assert.ok(begin?.title, 'a begin with a title for the status bar');
        for (const report of session.progress.filter((e) => e.kind === 'report')) {
            assert.match(report.message ?? '', /files/);
        }
    });

    test('workspace/symbol finds classes, methods with their container, and Go/TypeScript symbols', async () => {
        const store = await workspaceSymbols(session, 'InventoryStore');
        assert.equal(store[0]?.name, 'InventoryStore');
        assert.equal(store[0].kind, SymbolKind.Class);
        assert.equal(store[0].location.uri, fileUri(path.join(fixture, 'src', 'inventory.py')));
        assert.equal(store[0].location.range.start.line, 16);

        const add = await workspaceSymbols(session, 'add_item');
        const method = add.find((s) => s.name === 'add_item');
        assert.equal(method?.containerName, 'InventoryStore');

        assert.ok(names(await workspaceSymbols(session, 'FriendlyGreeter')).includes('FriendlyGreeter'));
        assert.ok(names(await workspaceSymbols(session, 'RequestRouter')).includes('RequestRouter'));
        assert.equal(names(await workspaceSymbols(session, 'invstr'))[0], 'InventoryStore', 'fuzzy: ranked first');
    });

    test('initializationOptions apply: ragex.exclude kept ignored/ out', async () => {
        assert.deepEqual(await workspaceSymbols(session, 'ExcludedWidget'), []);
    });

    test('textDocument/documentSymbol: a hierarchical outline', async () => {
        const uri = fileUri(path.join(fixture, 'src', 'inventory.py'));
        const outline = (await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
        const store = outline.find((s) => s.name === 'InventoryStore');
        assert.ok(store, JSON.stringify(outline));
        assert.deepEqual(store.children?.map((c) => c.name), ['__init__', 'add_item', 'find_item']);
    });

    test('ragex.stats renders for the statistics view and the status bar', async () => {
        const stats = await session.command<Stats>('ragex.stats');
        assert.equal(stats.indexing, false);
        assert.equal(stats.files, 3);
        assert.ok((stats.symbols ?? 0) >= 15, `symbols: ${stats.symbols}`);
        assert.deepEqual(stats.roots, [fixture]);
        const md = statsMarkdown(stats);
        assert.match(md, /^# Ragex index statistics/);
        assert.match(md, /\| Files in the index \| 3 \|/);
        assert.match(md, new RegExp(`\\| Symbols \\| ${stats.symbols} \\|`));
        assert.match(md, /\| Files indexed \| 3 \|/);
        assert.equal(statusSummary(stats), `${stats.symbols} symbols`);
    });

    test('a settings change (workspace/didChangeConfiguration + workspace/configuration) reindexes', async () => {
        const since = session.progress.length;
        await session.changeConfiguration(serverOptions({ exclude: [] }));
        await session.waitForIndexEnd(since);
        assert.deepEqual(names(await workspaceSymbols(session, 'ExcludedWidget')), ['ExcludedWidget']);
        await session.changeConfiguration(serverOptions({ resultLimit: 1 }, { exclude: [] }, ['exclude']));
        // no reindex for resultLimit: poll until the server has pulled the new settings
        let hits: SymbolInformation[] = [];
        for (let i = 0; i < 50; i++) {
            hits = await workspaceSymbols(session, 'Inventory');
            if (hits.length === 1) break;
            await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(hits.length, 1);
    });

    test('ragex.reindex runs a new index with progress', async () => {
        const since = session.progress.length;
        assert.equal(await session.command('ragex.reindex'), 'reindexing');
        const end = await session.waitForIndexEnd(since);
        assert.match(end.message ?? '', /symbols in 4 files/);
    });
});

describe("the real server, started through the Python extension's interpreter", () => {
    test('python -m ragex_lsp indexes and answers workspace/symbol', async () => {
        const r = await resolveServer({ env: noPath, pythonInterpreter: async () => [venvPython] });
        assert.ok(r.ok && r.server.source === 'python');
        const session = await startSession(r.server, fixture, serverOptions({ useParallel: false }));
        try {
            await session.waitForIndexEnd();
            assert.deepEqual(names(await workspaceSymbols(session, 'makeGreeter')), ['makeGreeter']);
        } finally {
            assert.equal(await session.stop(), 0);
        }
    });
});

describe('the document selector', () => {
    test("covers exactly the server's file extensions", () => {
        const code = 'import json; from ragex_lsp.core import languages; print(json.dumps(sorted(e.lstrip(".") for e in languages.EXTENSIONS)))';
        const server = JSON.parse(execFileSync(venvPython, ['-c', code], { encoding: 'utf8' }));
        assert.deepEqual([...EXTENSIONS].sort(), server);
        const pattern = documentSelector().find((f) => f.pattern)?.pattern ?? '';
        assert.ok(pattern.startsWith('**/*.{') && pattern.includes(',py,'), pattern);
    });
});

describe('the modules the tests load stay free of vscode', () => {
    test('src/common/* never imports vscode', () => {
        const dir = path.join(extensionDir, 'src', 'common');
        for (const file of fs.readdirSync(dir)) {
            const text = fs.readFileSync(path.join(dir, file), 'utf8');
            assert.doesNotMatch(text, /from ['"]vscode['"]|require\(['"]vscode['"]\)/, file);
        }
    });
});
