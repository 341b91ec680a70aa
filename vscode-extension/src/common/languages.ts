// The files the server outlines: VS Code language ids, and the server's file
// extensions (ragex_lsp/core/languages.py) for files VS Code knows by another id.
// No `vscode` import (see server.ts).

export const LANGUAGE_IDS = [
    'python',
    'javascript',
    'javascriptreact',
    'typescript',
    'typescriptreact',
    'go',
    'rust',
    'java',
    'c',
    'cpp',
    'cuda-cpp',
    'csharp',
    'ruby',
    'php',
    'kotlin',
    'swift',
    'scala',
    'lua',
    'shellscript',
];

export const EXTENSIONS = [
    'bash', 'c', 'c++', 'cc', 'cjs', 'cpp', 'cs', 'cts', 'cu', 'cuh', 'cxx', 'gemspec', 'go', 'h', 'h++', 'hh', 'hpp',
    'hxx', 'inl', 'ipp', 'java', 'js', 'jsx', 'kt', 'kts', 'lua', 'mjs', 'mts', 'php', 'php5', 'php7', 'phps', 'phtml',
    'py', 'pyi', 'pyw', 'rake', 'rb', 'rs', 'ru', 'sc', 'scala', 'sh', 'swift', 'tpp', 'ts', 'tsx',
];

export interface DocumentFilter {
    scheme: string;
    language?: string;
    pattern?: string;
}

/** The client's document selector: local files in a supported language. */
export function documentSelector(): DocumentFilter[] {
    return [
        ...LANGUAGE_IDS.map((language) => ({ scheme: 'file', language })),
        { scheme: 'file', pattern: `**/*.{${EXTENSIONS.join(',')}}` },
    ];
}
