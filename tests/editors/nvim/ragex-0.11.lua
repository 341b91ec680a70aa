-- ragex-lsp for Neovim 0.11+ (init.lua, or the table in lsp/ragex.lua).
vim.lsp.config('ragex', {
  cmd = { 'ragex-lsp' },
  filetypes = {
    'python', 'javascript', 'typescript', 'typescriptreact', 'javascriptreact', 'go', 'rust', 'java',
    'c', 'cpp', 'cs', 'ruby', 'php', 'kotlin', 'swift', 'scala', 'lua', 'sh',
  },
  root_markers = { '.git', '.hg', '.ragexignore' },
  workspace_required = true, -- no project root, no server (it would have nothing to index)
})
vim.lsp.enable('ragex')
